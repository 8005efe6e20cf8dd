"""Counter mode: a paper dossier lands in the same queue with a national code."""

import pytest

from eforms.dossiers.constants import AttachmentKind, Channel
from eforms.dossiers.constants import DossierStatus as S
from eforms.dossiers.models import AuditAction, AuditEvent, Dossier

from .conftest import upload

pytestmark = pytest.mark.django_db


def form_for(procedure, **extra):
    components = list(procedure.components.order_by("sort_order"))
    data = {
        "procedure": procedure.code,
        "applicant_name": "Đỗ Thị Hồng",
        "applicant_id_number": "068190001234",
        "applicant_phone": "0263 3822 111",
        "applicant_email": "hong.do@example.vn",
        "applicant_address": "5 Hùng Vương, Đà Lạt",
        "sets_count": "1",
        "processing_days": "5",
        f"c-{components[0].pk}-received": "on",
        f"c-{components[0].pk}-originals": "1",
        f"c-{components[0].pk}-copies": "0",
        f"c-{components[0].pk}-scan": [upload("to-khai-scan.pdf")],
        f"c-{components[1].pk}-received": "on",
        f"c-{components[1].pk}-originals": "0",
        f"c-{components[1].pk}-copies": "2",
    }
    data.update(extra)
    return data


def test_counter_dossier_enters_the_queue(officer_client, procedure, officer, django_capture_on_commit_callbacks):
    page = officer_client.get(f"/can-bo/tiep-nhan-tai-quay/?thu-tuc={procedure.code}")
    assert page.status_code == 200 and "Tiếp nhận hồ sơ tại quầy" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post("/can-bo/tiep-nhan-tai-quay/", form_for(procedure))
    assert response.status_code == 302, response.content.decode()[:3000]
    dossier = Dossier.objects.get(applicant_name="Đỗ Thị Hồng")
    assert dossier.channel == Channel.IN_PERSON and dossier.status == S.ACCEPTED
    assert dossier.code.startswith("000.00.00.H41-") or "-" in dossier.code
    assert dossier.due_at is not None and dossier.assigned_officer == officer
    scan = dossier.attachments.get(kind=AttachmentKind.COUNTER_SCAN)
    assert scan.component_name == "Tờ khai đăng ký kết hôn"
    assert dossier.handoffs.filter(state="delivered").exists()
    assert dossier.code in officer_client.get("/can-bo/").content.decode()
    detail = officer_client.get(response["Location"]).content.decode()
    assert "In giấy tiếp nhận" in detail and "2 bản sao" in detail
    receipt = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/giay-tiep-nhan.pdf")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    # The receipt lists the paper components received, with originals/copies.
    import pypdfium2

    pdf = pypdfium2.PdfDocument(receipt.content)
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Tờ khai đăng ký kết hôn" in text
    assert "Giấy xác nhận tình trạng hôn nhân" in text
    assert "Không có tệp đính kèm" not in text
    assert AuditEvent.objects.filter(action=AuditAction.COUNTER, dossier=dossier).exists()


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"applicant_name": ""}, "Vui lòng nhập họ và tên người nộp"),
        ({"applicant_id_number": "12ab"}, "chỉ gồm các chữ số từ 0 đến 9"),
        ({"applicant_id_number": "023456789"}, "đã hết hiệu lực từ 01/01/2025"),
        ({"processing_days": "-3"}, "Thời hạn tối thiểu"),
        ({"processing_days": "abc"}, "Thời hạn không hợp lệ"),
        ({"applicant_email": "khong-phai-email"}, "Thư điện tử không hợp lệ"),
    ],
)
def test_counter_bad_input(officer_client, procedure, extra, message):
    response = officer_client.post("/can-bo/tiep-nhan-tai-quay/", form_for(procedure, **extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Dossier.objects.filter(channel=Channel.IN_PERSON).exists()


def test_counter_bad_components_and_files(officer_client, procedure):
    components = list(procedure.components.order_by("sort_order"))
    data = form_for(procedure)
    data[f"c-{components[1].pk}-copies"] = "99"
    response = officer_client.post("/can-bo/tiep-nhan-tai-quay/", data)
    assert response.status_code == 400 and "phải từ 0 đến 20" in response.content.decode()
    data = form_for(procedure)
    data[f"c-{components[0].pk}-scan"] = [upload("scan.pdf", b"not a pdf at all")]
    response = officer_client.post("/can-bo/tiep-nhan-tai-quay/", data)
    assert response.status_code == 400 and "không đúng định dạng" in response.content.decode()
    data = {k: v for k, v in form_for(procedure).items() if not k.endswith("-received")}
    response = officer_client.post("/can-bo/tiep-nhan-tai-quay/", data)
    assert response.status_code == 400 and "ít nhất một giấy tờ" in response.content.decode()
    assert not Dossier.objects.filter(channel=Channel.IN_PERSON).exists()


def test_counter_unknown_procedure(officer_client):
    response = officer_client.get("/can-bo/tiep-nhan-tai-quay/?thu-tuc=9.999999")
    assert response.status_code == 200
    assert "Không tìm thấy thủ tục" in response.content.decode()
