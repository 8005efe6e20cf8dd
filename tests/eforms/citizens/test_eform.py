"""The e-form for a signed-in citizen: identity fields prefilled and locked
(posted values ignored), the identity-document upload not asked, the
dossier linked to the account; the level of assurance a procedure requires."""

import pytest
from django.urls import reverse

from eforms.citizens.models import CitizenDossier, ProcedureAssurance
from eforms.dossiers.models import Dossier
from tests.eforms import helpers
from tests.eforms.factories import pdf_file, procedure_page

from .helpers import make_citizen, sign_in_as

ID_COMPONENT = "Bản chụp giấy tờ tùy thân (Căn cước, thẻ Căn cước công dân hoặc Hộ chiếu)"
COMPONENTS = (("Tờ khai đề nghị", 1, 0, True), (ID_COMPONENT, 0, 1, True), ("Giấy xác nhận", 0, 1, True))


@pytest.fixture
def id_procedure(wagtail_root, home_page):
    return procedure_page(home_page, components=COMPONENTS, title="Cấp phiếu lý lịch tư pháp", code="3.000333")


def _steps(draft):
    draft.refresh_from_db()
    return draft.form_version.schema["steps"]


def _fill(client, procedure, draft, hostile_identity=False):
    """Every step, without uploading the identity document; identity fields
    left out (or, with ``hostile_identity``, forged)."""
    for number, step in enumerate(_steps(draft), start=1):
        data = {"action": "next"}
        names = {f.get("name") for f in step["fields"]}
        if hostile_identity and "applicant_name" in names:
            data.update(
                {
                    "applicant_name": "<script>alert(1)</script>",
                    "applicant_id_number": "001099000001",
                    "applicant_birth_date": "1999-01-01",
                    "applicant_phone": "0999999999",
                    "applicant_email": "ke-gian@example.com",
                    "applicant_address_province": "1",
                    "applicant_address_ward": "70",
                    "applicant_address_street": "\x00 giả mạo",
                }
            )
        for field in step["fields"]:
            if field["type"] == "file" and ID_COMPONENT not in (field.get("component_name") or field["label"]):
                data[field["name"]] = pdf_file(f"{field['name']}.pdf")
            elif field["type"] == "textarea":
                data[field["name"]] = "Đề nghị cấp."
        answer = client.post(helpers.step_url(procedure, draft, number), data)
        assert answer.status_code == 302, helpers._errors(answer)


def test_identity_fields_are_prefilled_and_locked(client, id_procedure):
    citizen = make_citizen()
    sign_in_as(client, citizen)
    draft = helpers.start(client, id_procedure)
    first = client.get(helpers.step_url(id_procedure, draft, 1))
    html = first.content.decode()
    assert "Nguyễn Văn An" in html and "068090012345" in html
    assert "đã được xác thực, không sửa được" in html
    assert 'value="Nguyễn Văn An"' in html and "readonly" in html


def test_identity_upload_is_not_asked_and_posted_identity_is_ignored(client, id_procedure):
    citizen = make_citizen()
    sign_in_as(client, citizen)
    draft = helpers.start(client, id_procedure)
    total = len(_steps(draft))
    page = "".join(client.get(helpers.step_url(id_procedure, draft, n)).content.decode() for n in range(1, total + 1))
    assert "không phải tải lên" in page
    _fill(client, id_procedure, draft, hostile_identity=True)
    answer = helpers.submit(client, id_procedure, draft)
    assert answer.status_code == 302, helpers._errors(answer)
    dossier = Dossier.objects.get()
    assert dossier.applicant_name == "Nguyễn Văn An"
    assert dossier.applicant_id_number == "068090012345"
    assert dossier.applicant_phone == "0912345678" and dossier.applicant_email == "nguyenvanan@example.com"
    assert "Trần Phú" in dossier.applicant_address and "Xuân Hương" in dossier.applicant_address
    assert dossier.form_data["applicant_birth_date"] == "1990-05-12"
    assert not dossier.attachments.filter(component_name__startswith="Bản chụp giấy tờ tùy thân").exists()
    link = CitizenDossier.objects.get(dossier=dossier)
    assert link.citizen == citizen and link.source == "signed_in"


def test_anonymous_applicant_still_uploads_the_identity_document(client, id_procedure):
    draft = helpers.start(client, id_procedure)
    _fill_failed = None
    for number, step in enumerate(_steps(draft), start=1):
        if any(ID_COMPONENT in (f.get("component_name") or "") for f in step["fields"]):
            data = {"action": "next"}
            for field in step["fields"]:
                if field["type"] == "file" and ID_COMPONENT not in (field.get("component_name") or ""):
                    data[field["name"]] = pdf_file("x.pdf")
            _fill_failed = client.post(helpers.step_url(id_procedure, draft, number), data)
            break
    assert _fill_failed is not None and _fill_failed.status_code == 200
    assert "Vui lòng tải lên" in _fill_failed.content.decode()


def test_level_2_procedure_refuses_anonymous_and_level_1(client, id_procedure):
    ProcedureAssurance.objects.create(procedure=id_procedure, required_level=2)
    start = client.get(reverse("eforms:start", args=[id_procedure.code]))
    assert "chỉ nhận hồ sơ của công dân đã đăng nhập" in start.content.decode()
    assert "/dang-nhap/?next=" in start.content.decode()
    refused = client.post(reverse("eforms:start", args=[id_procedure.code]))
    assert refused.status_code == 403 and "/dang-nhap/" in refused.content.decode()
    ngoc = make_citizen(number="068185004321", level=1, full_name="Trần Thị Bích Ngọc", sex="Nữ", birth_date=None)
    sign_in_as(client, ngoc)
    refused = client.post(reverse("eforms:start", args=[id_procedure.code]))
    assert refused.status_code == 403 and "đang ở mức độ 1" in refused.content.decode()


def test_level_2_procedure_accepts_a_level_2_citizen(client, id_procedure):
    ProcedureAssurance.objects.create(procedure=id_procedure, required_level=2)
    sign_in_as(client, make_citizen(level=2))
    draft = helpers.start(client, id_procedure)
    _fill(client, id_procedure, draft)
    assert helpers.submit(client, id_procedure, draft).status_code == 302
    assert Dossier.objects.count() == 1


def test_level_2_checked_again_at_submission(client, id_procedure):
    """Signed out between the steps and the submission: refused, draft kept."""
    sign_in_as(client, make_citizen(level=2))
    draft = helpers.start(client, id_procedure)
    _fill(client, id_procedure, draft)
    ProcedureAssurance.objects.create(procedure=id_procedure, required_level=2)
    session = client.session
    session.pop("citizen_uuid")
    session.save()
    answer = helpers.submit(client, id_procedure, draft)
    assert answer.status_code == 400
    assert "chỉ nhận hồ sơ của công dân đã đăng nhập" in answer.content.decode()
    assert not Dossier.objects.exists()
    draft.refresh_from_db()
    assert draft.data  # nothing entered is lost


def test_procedure_without_requirement_accepts_anonymous(client, id_procedure):
    start = client.get(reverse("eforms:start", args=[id_procedure.code]))
    assert start.status_code == 200 and "Bắt đầu nộp hồ sơ" in start.content.decode()
