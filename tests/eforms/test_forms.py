"""Editor-built e-forms: versions frozen at publish, conditional fields
evaluated server-side, uploads bound to dossier components, save & resume."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from eforms.dossiers.models import Dossier
from eforms.formdefs.models import FormVersion, ProcedureForm
from eforms.formdefs.schema import current_version

from . import helpers
from .factories import first_ward, pdf_file, png_file

pytestmark = pytest.mark.django_db


def field(kind, label, name, **extra):
    value = {"label": label, "name": name, "help_text": "", "required": True, "show_if_field": "", "show_if_value": ""}
    value.update(extra)
    return {"type": kind, "value": value}


def build_form(procedure, title="Tờ khai đăng ký khai sinh"):
    steps = [
        {
            "type": "step",
            "value": {"title": "Người đi đăng ký", "intro": "", "fields": [{"type": "applicant", "value": None}]},
        },
        {
            "type": "step",
            "value": {
                "title": "Thông tin người được khai sinh",
                "intro": "Ghi theo giấy chứng sinh.",
                "fields": [
                    {"type": "heading", "value": {"text": "Trẻ em"}},
                    field("text", "Họ và tên trẻ", "ten_tre", max_length=100),
                    field("choice", "Giới tính", "gioi_tinh", choices=["Nam", "Nữ"]),
                    field("checkbox", "Có yếu tố nước ngoài", "nuoc_ngoai", required=False),
                    field(
                        "text", "Quốc tịch của cha hoặc mẹ", "quoc_tich", show_if_field="nuoc_ngoai", show_if_value="co"
                    ),
                    field("number", "Cân nặng (gram)", "can_nang", min_value="300", max_value="8000", required=False),
                ],
            },
        },
        {
            "type": "step",
            "value": {
                "title": "Giấy tờ",
                "intro": "",
                "fields": [
                    field(
                        "file",
                        "Giấy chứng sinh",
                        "giay_chung_sinh",
                        component_number=1,
                        allowed_types=["pdf", "png"],
                        max_size_mb=2,
                        multiple=True,
                    ),
                ],
            },
        },
    ]
    form = ProcedureForm.objects.create(procedure=procedure, title=title, steps=steps, live=False)
    form.save_revision().publish()
    return ProcedureForm.objects.get(pk=form.pk)


def test_publish_freezes_an_immutable_version(procedure):
    form = build_form(procedure)
    version = FormVersion.objects.get(form=form)
    schema = version.schema
    titles = [s["title"] for s in schema["steps"]]
    # editor steps, then the unbound component (n°2) gets its own upload step
    assert titles == ["Người đi đăng ký", "Thông tin người được khai sinh", "Giấy tờ", "Thành phần hồ sơ"]
    upload = schema["steps"][2]["fields"][0]
    assert upload["component_name"] == "Tờ khai đăng ký"
    assert upload["max_size_mb"] == 2
    version.schema = {"steps": []}
    version.schema_hash = "x"
    with pytest.raises(ValueError):
        version.save()
    # republishing the same form does not make a second version; changing it does
    form.save_revision().publish()
    assert FormVersion.objects.filter(form=form).count() == 1
    form.title = "Tờ khai mới"
    form.save_revision().publish()
    assert FormVersion.objects.filter(form=form).count() == 2


def test_conditional_field_is_required_only_when_shown(client, procedure):
    build_form(procedure)
    draft = helpers.start(client, procedure)
    data = helpers.applicant_answers()
    data["applicant_address_ward"] = first_ward()
    assert client.post(helpers.step_url(procedure, draft, 1), data).status_code == 302
    url = helpers.step_url(procedure, draft, 2)
    # not foreign: the hidden question is ignored even if sent
    response = client.post(url, {"action": "next", "ten_tre": "Bé An", "gioi_tinh": "Nữ", "quoc_tich": "Pháp"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.data["quoc_tich"] is None
    # foreign: now required
    response = client.post(url, {"action": "next", "ten_tre": "Bé An", "gioi_tinh": "Nữ", "nuoc_ngoai": "on"})
    assert response.status_code == 200
    assert "Vui lòng nhập quốc tịch của cha hoặc mẹ." in response.content.decode()
    response = client.post(url, {"action": "next", "ten_tre": "Bé An", "gioi_tinh": "Lạ", "can_nang": "20"})
    text = response.content.decode()
    assert "Lựa chọn không hợp lệ." in text
    assert "300" in text  # min value message


def test_submission_keeps_its_form_version(client, procedure):
    form = build_form(procedure)
    draft = helpers.start(client, procedure)
    data = helpers.applicant_answers()
    data["applicant_address_ward"] = first_ward()
    client.post(helpers.step_url(procedure, draft, 1), data)
    client.post(helpers.step_url(procedure, draft, 2), {"action": "next", "ten_tre": "Bé An", "gioi_tinh": "Nam"})
    r = client.post(
        helpers.step_url(procedure, draft, 3),
        {"action": "next", "giay_chung_sinh": [pdf_file("a.pdf"), png_file("b.png")]},
    )
    assert r.status_code == 302
    step4 = draft.form_version.schema["steps"][3]["fields"][0]["name"]
    assert client.post(helpers.step_url(procedure, draft, 4), {"action": "next", step4: pdf_file()}).status_code == 302
    first_version = draft.form_version_id
    form.title = "Tờ khai sửa đổi"
    form.save_revision().publish()  # published while the citizen was filling in
    response = helpers.submit(client, procedure, draft)
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.form_version_id == first_version
    assert dossier.form_data["ten_tre"] == "Bé An"
    uploads = dossier.attachments.filter(generated=False)  # the application form is made, not uploaded
    assert uploads.count() == 3
    assert {a.component_name for a in uploads} == {"Tờ khai đăng ký", "Giấy chứng nhận kết hôn"}


def test_save_and_resume_by_secret_link(client, procedure):
    draft = helpers.start(client, procedure)
    data = helpers.applicant_answers()
    data["action"] = "save"
    response = client.post(helpers.step_url(procedure, draft, 1), data)
    assert response.status_code == 302
    response = client.post(reverse("eforms:save", args=[procedure.code, draft.uuid]), {"email": "nhung@example.vn"})
    assert "Đã gửi đường dẫn tiếp tục" in response.content.decode()
    assert len(mail.outbox) == 1
    link = re.search(r"http\S+/nop-ho-so/tiep-tuc/\S+", mail.outbox[0].body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else "/" + link.split("/", 3)[3]
    other = Client()
    assert other.get(helpers.step_url(procedure, draft, 1)).status_code == 404
    resumed = other.get(path, follow=True)
    assert resumed.status_code == 200
    assert "Nguyễn Thị Hồng Nhung" in resumed.content.decode()
    bad = Client().get(reverse("eforms:resume", args=[draft.uuid, "sai-ma"]))
    assert bad.status_code == 404
    draft.refresh_from_db()
    assert draft.resume_token_hash and draft.resume_token_hash not in mail.outbox[0].body


def test_ward_must_belong_to_the_province(client, procedure):
    draft = helpers.start(client, procedure)
    data = helpers.applicant_answers()
    data["applicant_address_province"] = "1"  # Hà Nội
    data["applicant_address_ward"] = first_ward(68)  # a ward of Lâm Đồng
    response = client.post(helpers.step_url(procedure, draft, 1), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Phường, xã đã chọn không thuộc tỉnh, thành phố đã chọn." in text or "Lựa chọn không hợp lệ." in text


def test_ward_list_without_javascript_and_as_json(client, procedure):
    draft = helpers.start(client, procedure)
    response = client.post(
        helpers.step_url(procedure, draft, 1), {"action": "refresh", "applicant_address_province": "68"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Phường Xuân Hương - Đà Lạt" in page
    data = client.get("/nop-ho-so/dia-ban/68/").json()
    assert data["province"] == "Lâm Đồng"
    assert any(name == "Phường Xuân Hương - Đà Lạt" for _code, name in data["wards"])


def test_default_form_for_procedure_without_custom_form(procedure):
    version = current_version(procedure)
    assert version.is_default
    uploads = [f for s in version.schema["steps"] for f in s["fields"] if f["type"] == "file"]
    assert [u["component_name"] for u in uploads] == ["Tờ khai đăng ký", "Giấy chứng nhận kết hôn"]
    assert current_version(procedure).pk == version.pk
