"""Bad input from the issue: a clear Vietnamese message, no partial
dossier, no attachment rows or files left behind, never a 500."""

import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from eforms.dossiers.models import Dossier, DossierAttachment, DossierStatusChange
from eforms.submission.models import DraftUpload
from eforms.submission.services import submit_draft
from eforms.submission.uploads import UploadRejected, check_upload

from . import helpers
from .factories import docx_bytes, exe_as_pdf, pdf_file, procedure_page, zip_bomb_docx

pytestmark = pytest.mark.django_db


def private_files():
    root = settings.PRIVATE_STORAGE_ROOT
    found = []
    for dirpath, _dirs, files in os.walk(root):
        found.extend(os.path.join(dirpath, f) for f in files)
    return set(found)


def nothing_created():
    assert Dossier.objects.count() == 0
    assert DossierAttachment.objects.count() == 0
    assert DossierStatusChange.objects.count() == 0


def upload_step(draft):
    steps = draft.form_version.schema["steps"]
    for number, step in enumerate(steps, start=1):
        files = [f for f in step["fields"] if f["type"] == "file"]
        if files:
            return number, files
    raise AssertionError("no upload step")


def go_to_upload_step(client, procedure, draft):
    """Fill the steps before the upload step."""
    number, _files = upload_step(draft)
    for n in range(1, number):
        step = draft.form_version.schema["steps"][n - 1]
        data = {"action": "next"}
        names = {f.get("name") for f in step["fields"]}
        if "applicant_name" in names:
            data.update(helpers.applicant_answers())
            data["applicant_address_ward"] = helpers.first_ward()
        response = client.post(helpers.step_url(procedure, draft, n), data)
        assert response.status_code == 302
    return number


def test_oversized_file_is_refused_while_streaming(client, procedure):
    draft = helpers.start(client, procedure)
    number, files = upload_step(draft)
    go_to_upload_step(client, procedure, draft)
    before = private_files()
    big = pdf_file("qua-lon.pdf", size=11 * 1024 * 1024)
    response = client.post(
        helpers.step_url(procedure, draft, number),
        {"action": "next", files[0]["name"]: big, files[1]["name"]: pdf_file()},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "vượt quá dung lượng tối đa 10 MB" in text
    assert 'id="error-summary"' in text
    assert not DraftUpload.objects.filter(field_name=files[0]["name"]).exists()
    # nothing of the oversized file was kept
    new = private_files() - before
    assert all(os.path.getsize(path) < 1024 * 1024 for path in new)
    nothing_created()


def refused_at_the_upload_step(client, procedure, upload, message):
    """Post ``upload`` as the first file of the upload step: the step comes
    back with ``message``, and no upload row, file or dossier is left."""
    draft = helpers.start(client, procedure)
    number, files = upload_step(draft)
    go_to_upload_step(client, procedure, draft)
    before = private_files()
    response = client.post(helpers.step_url(procedure, draft, number), {"action": "next", files[0]["name"]: upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert DraftUpload.objects.count() == 0
    assert private_files() == before
    nothing_created()


def test_executable_named_pdf_is_refused(client, procedure):
    refused_at_the_upload_step(client, procedure, exe_as_pdf(), "là chương trình thực thi")


def test_renamed_text_file_is_refused_by_content(client, procedure):
    fake = SimpleUploadedFile("anh.jpg", "chỉ là văn bản".encode(), content_type="image/jpeg")
    refused_at_the_upload_step(client, procedure, fake, "không đúng định dạng cho phép")


def test_zip_bomb_is_refused(client, procedure):
    with pytest.raises(UploadRejected) as excinfo:
        check_upload(zip_bomb_docx(), ["docx", "pdf"], 10)
    assert excinfo.value.code == "zip_bomb"
    # through the form: clear message, nothing stored
    refused_at_the_upload_step(client, procedure, zip_bomb_docx(), "tỉ lệ nén bất thường")


def test_docx_is_recognised_from_its_members():
    checked = check_upload(SimpleUploadedFile("don.bin", docx_bytes()), ["docx"], 10)
    assert checked.kind == "docx"


def test_missing_required_component_blocks_the_step_and_the_submission(client, procedure):
    draft = helpers.start(client, procedure)
    number, files = upload_step(draft)
    go_to_upload_step(client, procedure, draft)
    response = client.post(helpers.step_url(procedure, draft, number), {"action": "next", files[0]["name"]: pdf_file()})
    assert response.status_code == 200
    assert "Vui lòng tải lên “Giấy chứng nhận kết hôn” (thành phần hồ sơ bắt buộc)" in response.content.decode()
    # going straight to submit does not help: the server re-validates everything
    submitted = helpers.submit(client, procedure, draft)
    assert submitted.status_code == 400
    text = submitted.content.decode()
    assert "còn thiếu thành phần hồ sơ bắt buộc" in text
    nothing_created()


def test_broken_utf8_is_a_clear_error(client, procedure):
    draft = helpers.start(client, procedure)
    body = (
        b"action=next&applicant_name=Nguy%E1%BB%85n+%FF%FE+A&applicant_id_number=068190001234"
        b"&applicant_birth_date=1990-05-17&applicant_phone=0912345678&applicant_email=a%40b.vn"
    )
    response = client.generic(
        "POST", helpers.step_url(procedure, draft, 1), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "không đúng mã UTF-8" in response.content.decode()
    nothing_created()


def test_double_submission_makes_exactly_one_dossier(client, procedure):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    first = helpers.submit(client, procedure, draft)
    second = helpers.submit(client, procedure, draft)  # second click / replayed POST
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Dossier.objects.count() == 1
    assert DossierStatusChange.objects.count() == 1


def test_two_tabs_submitting_the_same_draft_make_one_dossier(client, procedure):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    draft.refresh_from_db()
    a = submit_draft(draft.pk, submit_token=draft.submit_token, form_version_id=draft.form_version_id, declaration=True)
    b = submit_draft(draft.pk, submit_token=draft.submit_token, form_version_id=draft.form_version_id, declaration=True)
    assert a.created and not b.created
    assert a.dossier.pk == b.dossier.pk
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize(
    "override, message",
    [
        ({"submit_token": "gia-mao"}, "mã xác nhận nộp hồ sơ không khớp"),
        ({"form_version": "999999"}, "Phiên bản tờ khai gửi lên không khớp"),
        ({"form_version": "abc<script>"}, "Phiên bản tờ khai gửi lên không khớp"),
        ({"declaration": ""}, "Vui lòng đánh dấu vào ô cam đoan"),
    ],
)
def test_tampered_hidden_fields_are_refused(client, procedure, override, message):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    response = helpers.submit(client, procedure, draft, **override)
    assert response.status_code == 400
    assert message in response.content.decode()
    nothing_created()


def test_unknown_draft_or_other_session_is_refused(client, procedure):
    draft = helpers.start(client, procedure)
    other = Client()
    response = other.get(helpers.step_url(procedure, draft, 1))
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ đang soạn" in response.content.decode()


def test_unpublished_procedure_is_a_clear_404(client, home_page):
    page = procedure_page(home_page, live=False)
    response = client.get(f"/nop-ho-so/{page.code}/")
    assert response.status_code == 404
    assert "Không tìm thấy thủ tục" in response.content.decode()
    response = client.post(f"/nop-ho-so/{page.code}/")
    assert response.status_code == 404
    nothing_created()


def test_information_only_procedure_explains_where_to_apply(client, home_page):
    page = procedure_page(home_page, online_level="information")
    response = client.get(f"/nop-ho-so/{page.code}/")
    assert response.status_code == 400
    assert "chỉ cung cấp thông tin" in response.content.decode()
    assert client.post(f"/nop-ho-so/{page.code}/").status_code == 400
    nothing_created()


def test_english_error_with_lang_en(client, home_page):
    page = procedure_page(home_page, online_level="information")
    response = client.get(f"/nop-ho-so/{page.code}/?lang=en")
    assert response.status_code == 400
    assert "only provides information" in response.content.decode()


def test_unknown_code_and_garbage_never_500(client, home_page):
    for path in ("/nop-ho-so/khong-co/", "/nop-ho-so/1.000001/abc/buoc/1/", "/tra-cuu-ho-so/?ma=%FF&mtc=%00"):
        response = client.get(path)
        assert response.status_code in (400, 404), path


def test_invalid_fields_show_summary_with_links(client, procedure):
    draft = helpers.start(client, procedure)
    response = client.post(
        helpers.step_url(procedure, draft, 1),
        {"action": "next", "applicant_id_number": "999123456789", "applicant_phone": "0123", "applicant_email": "x"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert 'href="#id_applicant_name"' in text
    assert "Ba chữ số đầu của số định danh cá nhân không phải mã tỉnh" in text
    assert "Số điện thoại di động phải gồm 10 chữ số" in text
    assert "Vui lòng chọn tỉnh, thành phố." in text


@override_settings(RATE_LIMITS={"draft": "2/3600", "submit": "1/3600"})
def test_draft_creation_and_submission_are_rate_limited(client, procedure):
    assert client.post(f"/nop-ho-so/{procedure.code}/").status_code == 302
    assert client.post(f"/nop-ho-so/{procedure.code}/").status_code == 302
    limited = client.post(f"/nop-ho-so/{procedure.code}/")
    assert limited.status_code == 429
    assert "quá nhiều yêu cầu" in limited.content.decode()


def test_csrf_is_enforced_on_steps(procedure):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/nop-ho-so/{procedure.code}/")
    assert response.status_code == 403
