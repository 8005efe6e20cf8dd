"""Counter mode: a paper dossier lands in the same queue with a national code."""

import pytest

from eforms.dossiers.constants import AttachmentKind, Channel
from eforms.dossiers.constants import DossierStatus as S
from eforms.dossiers.models import AuditAction, AuditEvent, Dossier
from eforms.workspace.models import OfficerMembership, OfficerRole

from ..factories import login
from .conftest import make_officer, upload

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
        ({"processing_days": "-3"}, "Thời hạn không được âm"),
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


# --- the time limit is the published one; only a leader changes it ---------


def test_counter_shows_the_published_time_limit_without_an_input(officer_client, procedure):
    page = officer_client.get(f"/can-bo/tiep-nhan-tai-quay/?thu-tuc={procedure.code}").content.decode()
    assert "Thời hạn đã công bố cho hồ sơ nộp trực tiếp:" in page and "5 ngày làm việc" in page
    assert 'name="processing_days"' not in page
    assert "Chỉ lãnh đạo cơ quan mới được thay đổi thời hạn này." in page


@pytest.mark.parametrize("typed", ["1", "30", "0", "2,5"])
def test_an_officer_cannot_type_another_time_limit(officer_client, procedure, typed):
    response = officer_client.post("/can-bo/tiep-nhan-tai-quay/", form_for(procedure, processing_days=typed))
    assert response.status_code == 400
    assert "Chỉ lãnh đạo cơ quan mới được thay đổi" in response.content.decode()
    assert not Dossier.objects.filter(channel=Channel.IN_PERSON).exists()


def test_the_published_limit_is_used_when_none_is_posted(officer_client, procedure, django_capture_on_commit_callbacks):
    data = form_for(procedure)
    del data["processing_days"]
    with django_capture_on_commit_callbacks(execute=True):
        assert officer_client.post("/can-bo/tiep-nhan-tai-quay/", data).status_code == 302
    dossier = Dossier.objects.get(channel=Channel.IN_PERSON)
    assert dossier.processing_days == 5
    assert "Lý do" not in dossier.history.get(to_status=S.ACCEPTED).note


@pytest.fixture
def leader_client(client, stp):
    return login(client, make_officer("lanhdao-stp", stp, role="leader"))


def test_a_leader_changes_the_limit_with_a_reason_in_the_history(
    leader_client, procedure, django_capture_on_commit_callbacks
):
    page = leader_client.get(f"/can-bo/tiep-nhan-tai-quay/?thu-tuc={procedure.code}").content.decode()
    assert 'name="processing_days"' in page and "quyền của lãnh đạo cơ quan" in page
    reason = "Hồ sơ cần xác minh thêm tại địa phương theo Công văn 12/STP."
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(
            "/can-bo/tiep-nhan-tai-quay/", form_for(procedure, processing_days="8", reason=reason)
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get(channel=Channel.IN_PERSON)
    assert dossier.processing_days == 8
    note = dossier.history.get(to_status=S.ACCEPTED).note
    assert "8 ngày làm việc" in note and "thời hạn đã công bố: 5 ngày làm việc" in note and reason in note
    assert "lanhdao-stp" in note


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"processing_days": "8"}, "Vui lòng ghi lý do thay đổi thời hạn"),
        ({"processing_days": "8", "reason": "vì"}, "Vui lòng ghi lý do thay đổi thời hạn"),
        ({"processing_days": "8", "reason": "x" * 5000}, "Lý do quá dài"),
        ({"processing_days": "2.3", "reason": "Lý do đủ dài để ghi nhận."}, "ngày hoặc nửa ngày"),
        ({"processing_days": "400", "reason": "Lý do đủ dài để ghi nhận."}, "Thời hạn tối đa 365 ngày"),
        ({"processing_days": "<script>", "reason": "Lý do đủ dài để ghi nhận."}, "Thời hạn không hợp lệ"),
    ],
)
def test_a_leader_bad_time_limit(leader_client, procedure, extra, message):
    response = leader_client.post("/can-bo/tiep-nhan-tai-quay/", form_for(procedure, **extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Dossier.objects.filter(channel=Channel.IN_PERSON).exists()


def test_a_leader_of_another_agency_is_not_a_leader_here(client, procedure, stp, sxd):
    officer = make_officer("canbo-hai-noi", stp)
    OfficerMembership.objects.create(user=officer, agency=sxd, role=OfficerRole.LEADER)
    response = login(client, officer).post(
        "/can-bo/tiep-nhan-tai-quay/", form_for(procedure, processing_days="8", reason="Lý do đủ dài để ghi nhận.")
    )
    assert response.status_code == 400 and "Chỉ lãnh đạo cơ quan mới được thay đổi" in response.content.decode()
