"""Every transition of the national workflow: history rows with actor and
time, the paused clock, illegal transitions refused in Vietnamese, the
citizen told by e-mail."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from eforms.dossiers.constants import AttachmentKind
from eforms.dossiers.constants import DossierStatus as S
from eforms.workspace import services
from eforms.workspace.services import TransitionError

from .conftest import make_dossier, upload

pytestmark = pytest.mark.django_db


def statuses(dossier):
    return list(dossier.history.order_by("created_at", "id").values_list("to_status", flat=True))


def test_accept_and_start_in_one_go(dossier, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(dossier, officer)
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING
    assert statuses(dossier) == [S.NEW, S.ACCEPTED, S.PROCESSING]
    last = dossier.history.last()
    assert last.actor == officer and last.created_at is not None
    assert dossier.assigned_officer == officer
    # the applicant is told of both changes
    assert any(dossier.code in m.subject or dossier.code in m.body for m in mail.outbox)


def test_accept_then_start_separately(dossier, officer):
    services.accept(dossier, officer, start_processing=False)
    dossier.refresh_from_db()
    assert dossier.status == S.ACCEPTED
    services.start(dossier, officer)
    dossier.refresh_from_db()
    assert statuses(dossier) == [S.NEW, S.ACCEPTED, S.PROCESSING]


def test_refuse_needs_a_reason(dossier, officer):
    with pytest.raises(TransitionError, match="Vui lòng nhập lý do không tiếp nhận"):
        services.refuse(dossier, officer, "   ")
    services.refuse(dossier, officer, "Hồ sơ không thuộc thẩm quyền giải quyết của Sở Tư pháp.")
    dossier.refresh_from_db()
    assert dossier.status == S.NOT_ACCEPTED
    assert "thẩm quyền" in dossier.history.last().note


def test_illegal_transitions_are_refused_in_vietnamese(dossier, officer):
    with pytest.raises(TransitionError) as error:
        services.approve(dossier, officer)
    assert "Không thể duyệt kết quả" in error.value.message and "Mới đăng ký" in error.value.message
    with pytest.raises(TransitionError):
        services.mark_returned(dossier, officer, "counter")
    services.refuse(dossier, officer, "Sai thẩm quyền")
    for call in (
        lambda: services.accept(dossier, officer),
        lambda: services.request_supplement(dossier, officer, "Bản sao CCCD"),
        lambda: services.withdraw(dossier, officer, "Công dân xin rút"),
    ):
        with pytest.raises(TransitionError, match="Không thể"):
            call()
    dossier.refresh_from_db()
    assert statuses(dossier) == [S.NEW, S.NOT_ACCEPTED]


def test_full_path_to_returned(dossier, officer):
    services.accept(dossier, officer)
    services.approve(dossier, officer, "Đủ điều kiện")
    dossier.refresh_from_db()
    assert dossier.status == S.COMPLETED and dossier.completed_at is not None
    with pytest.raises(TransitionError, match="tệp kết quả"):
        services.mark_returned(dossier, officer, "online")
    services.upload_result(dossier, officer, [upload("ket-qua.pdf")])
    assert dossier.attachments.filter(kind=AttachmentKind.RESULT).count() == 1
    services.mark_returned(dossier, officer, "online")
    dossier.refresh_from_db()
    assert dossier.status == S.RETURNED and dossier.returned_at is not None
    assert dossier.result_place == "Trả trực tuyến"
    assert statuses(dossier) == [S.NEW, S.ACCEPTED, S.PROCESSING, S.COMPLETED, S.RETURNED]


def test_mark_returned_needs_a_known_method(dossier, officer):
    services.accept(dossier, officer)
    services.approve(dossier, officer)
    with pytest.raises(TransitionError, match="hình thức trả kết quả"):
        services.mark_returned(dossier, officer, "bo-cau-dua-thu")


def test_reject_stops_processing_with_reason(dossier, officer):
    services.accept(dossier, officer)
    with pytest.raises(TransitionError, match="lý do dừng xử lý"):
        services.reject(dossier, officer, "")
    with pytest.raises(TransitionError, match="quá dài"):
        services.reject(dossier, officer, "x" * 5000)
    services.reject(dossier, officer, "Giấy tờ giả mạo")
    dossier.refresh_from_db()
    assert dossier.status == S.STOPPED


def test_withdraw_at_citizen_request(dossier, officer):
    services.accept(dossier, officer)
    services.withdraw(dossier, officer, "Công dân nộp đơn xin rút hồ sơ ngày 20/11")
    dossier.refresh_from_db()
    assert dossier.status == S.WITHDRAWN


def test_payment_pauses_and_resumes(dossier, officer):
    services.accept(dossier, officer)
    with pytest.raises(TransitionError, match="Số tiền"):
        services.request_payment(dossier, officer, "abc")
    services.request_payment(dossier, officer, 50000)
    dossier.refresh_from_db()
    assert dossier.status == S.PAYMENT_REQUESTED and dossier.clock_paused_at is not None
    assert dossier.fee_vnd == 50000 and "50.000" in dossier.history.last().note
    services.confirm_payment(dossier, officer)
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING and dossier.clock_paused_at is None
    assert dossier.payment_status == "paid"


def _local(*args):
    """An aware datetime in the portal's time zone (Asia/Ho_Chi_Minh)."""
    return dt.datetime(*args, tzinfo=timezone.get_current_timezone())


def test_supplement_pauses_the_clock_and_resume_moves_due_date(procedure, officer, monkeypatch):
    # Received Monday 2 March 2026 08:30, accepted 09:00: the clock starts at
    # acceptance (issue #11), five working days -> Monday 9 March 09:00.
    dossier = make_dossier(procedure, received_at=_local(2026, 3, 2, 8, 30))
    monkeypatch.setattr(timezone, "now", lambda: _local(2026, 3, 2, 9, 0))
    services.accept(dossier, officer)
    dossier.refresh_from_db()
    assert dossier.accepted_at == _local(2026, 3, 2, 9, 0)
    assert timezone.localtime(dossier.due_at) == _local(2026, 3, 9, 9, 0)
    services.request_supplement(dossier, officer, "Bản sao giấy khai sinh")
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT_REQUESTED
    assert dossier.clock_paused_at == _local(2026, 3, 2, 9, 0)
    # Resumed Wednesday 11 March 09:00: seven working days waited on the citizen.
    monkeypatch.setattr(timezone, "now", lambda: _local(2026, 3, 11, 9, 0))
    services.receive_supplement(dossier, [upload("khai-sinh.pdf")], actor=None, note="Gửi bổ sung")
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING and dossier.clock_paused_at is None
    assert timezone.localtime(dossier.due_at) == _local(2026, 3, 18, 9, 0)
    last = dossier.history.last()
    assert last.actor is None and last.actor_label == "Công dân"
    assert "cộng thêm 7" in last.note and "18/03/2026" in last.note
    assert dossier.attachments.filter(kind=AttachmentKind.SUPPLEMENT).count() == 1
    assert dossier.supplement_requests.get().fulfilled_at is not None


def test_supplement_request_needs_items(dossier, officer):
    with pytest.raises(TransitionError, match="giấy tờ cần bổ sung"):
        services.request_supplement(dossier, officer, "")


def test_receive_supplement_refuses_bad_files(dossier, officer):
    services.accept(dossier, officer)
    services.request_supplement(dossier, officer, "Ảnh chân dung")
    with pytest.raises(TransitionError, match="ít nhất một tệp"):
        services.receive_supplement(dossier, [])
    with pytest.raises(TransitionError, match="không đúng định dạng"):
        services.receive_supplement(dossier, [upload("anh.pdf", b"GIF89a not really", "application/pdf")])
    with pytest.raises(TransitionError, match="chương trình thực thi"):
        services.receive_supplement(dossier, [upload("virus.pdf", b"MZ\x90\x00" + b"\x00" * 64)])
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT_REQUESTED


def test_forward_creates_a_branch_and_a_history_row(dossier, officer, sxd, django_capture_on_commit_callbacks):
    from eforms.handoff.models import HandOff

    services.accept(dossier, officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.forward(dossier, officer, sxd, "Lấy ý kiến về quy hoạch")
    assert HandOff.objects.filter(dossier=dossier, agency=sxd).exists()
    last = dossier.history.last()
    assert "Sở Xây dựng" in last.note and last.to_status == S.PROCESSING
    with pytest.raises(TransitionError, match="đã thuộc cơ quan"):
        services.forward(dossier, officer, dossier.agency)


def test_comments_between_officers(dossier, officer):
    comment = services.add_comment(dossier, officer, "Anh kiểm tra giúp giấy xác nhận tình trạng hôn nhân.")
    assert comment.author_label
    with pytest.raises(TransitionError):
        services.add_comment(dossier, officer, " ")
    with pytest.raises(TransitionError, match="quá dài"):
        services.add_comment(dossier, officer, "a" * 5000)
