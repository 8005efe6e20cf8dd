"""The small API every workspace service shares: the transition guard table,
the row lock, text checks and the history-plus-notification record.

A transition locks the dossier row (``lock``), refuses what the current
status does not allow with a message in Vietnamese (``guard``), writes the
history row (actor and time) and tells the applicant (``record``).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.deadlines import (
    add_working_days,
    payment_pauses_clock,
    supplement_overdue,
    working_days_between,
)
from eforms.dossiers.history import record_status
from eforms.dossiers.models import Dossier
from eforms.notifications.services import notify_status_change
from eforms.processes.services import steps_left

S = DossierStatus
MAX_REASON_LENGTH = 2000
MAX_COMMENT_LENGTH = 4000


class TransitionError(Exception):
    """An action the dossier's status does not allow, or bad input."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


# action → statuses it may start from (the guard of each transition).
ALLOWED_FROM = {
    "accept": {S.NEW},
    "start": {S.ACCEPTED},
    "refuse": {S.NEW},
    "request_supplement": {S.NEW, S.ACCEPTED, S.PROCESSING},
    "receive_supplement": {S.SUPPLEMENT_REQUESTED},
    "request_payment": {S.ACCEPTED, S.PROCESSING},
    "confirm_payment": {S.PAYMENT_REQUESTED},
    "forward": {S.ACCEPTED, S.PROCESSING},
    "approve": {S.PROCESSING},
    "reject": {S.ACCEPTED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.PAYMENT_REQUESTED},
    "upload_result": {S.PROCESSING, S.COMPLETED},
    "mark_returned": {S.COMPLETED},
    "withdraw": {S.NEW, S.ACCEPTED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.PAYMENT_REQUESTED},
    "apology": {S.ACCEPTED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.PAYMENT_REQUESTED},
    # a step of the internal process; never while the clock waits on the citizen
    "complete_step": {S.ACCEPTED, S.PROCESSING, S.COMPLETED},
}

# actions that depend on the steps of the dossier's internal process
STEP_BOUND = frozenset({"complete_step", "approve", "mark_returned"})

ACTION_LABELS = {
    "accept": gettext_lazy("tiếp nhận hồ sơ"),
    "start": gettext_lazy("bắt đầu xử lý"),
    "refuse": gettext_lazy("từ chối tiếp nhận"),
    "request_supplement": gettext_lazy("yêu cầu bổ sung hồ sơ"),
    "receive_supplement": gettext_lazy("nhận hồ sơ bổ sung"),
    "request_payment": gettext_lazy("yêu cầu thực hiện nghĩa vụ tài chính"),
    "confirm_payment": gettext_lazy("xác nhận đã thực hiện nghĩa vụ tài chính"),
    "forward": gettext_lazy("chuyển hồ sơ đến cơ quan khác"),
    "approve": gettext_lazy("duyệt kết quả (đã xử lý xong)"),
    "reject": gettext_lazy("dừng xử lý hồ sơ"),
    "upload_result": gettext_lazy("tải lên kết quả giải quyết"),
    "mark_returned": gettext_lazy("trả kết quả"),
    "withdraw": gettext_lazy("rút hồ sơ theo yêu cầu của công dân"),
    "apology": gettext_lazy("lập phiếu xin lỗi và hẹn lại ngày trả kết quả"),
    "complete_step": gettext_lazy("hoàn thành bước xử lý, chuyển bước tiếp theo"),
}


def allowed_actions(dossier):
    """Names of the actions the dossier's current status allows (plus the
    refusal of a dossier whose supplement deadline passed)."""
    names = {name for name, statuses in ALLOWED_FROM.items() if dossier.status in statuses}
    if dossier.status == S.SUPPLEMENT_REQUESTED and supplement_overdue(dossier):
        names.add("refuse")
    if names & STEP_BOUND:
        left, last = steps_left(dossier)
        if not left:
            names.discard("complete_step")  # no internal process, or all its steps done
        if any(number != last for number in left):
            names.discard("approve")  # decided once every step but the last is done
        if left:
            names.discard("mark_returned")  # returned once all are
    return names


def lock(dossier):
    """The dossier row again, locked until the transaction ends."""
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def guard(dossier, action):
    """Raise TransitionError unless the dossier's status allows ``action``."""
    if dossier.status not in ALLOWED_FROM[action]:
        raise TransitionError(
            _("Không thể %(action)s: hồ sơ %(code)s đang ở trạng thái “%(status)s”.")
            % {"action": ACTION_LABELS[action], "code": dossier.code, "status": S(dossier.status).label}
        )


def require_text(value, what, max_length=MAX_REASON_LENGTH):
    """The stripped text (NUL bytes dropped: no database stores them), or
    TransitionError when empty or too long."""
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise TransitionError(_("Vui lòng nhập %(what)s.") % {"what": what})
    if len(value) > max_length:
        raise TransitionError(
            _("%(what)s quá dài (tối đa %(n)s ký tự).") % {"what": what.capitalize(), "n": max_length}
        )
    return value


def short_note(note):
    """An optional officer note, stripped and cut to the reason length."""
    return (note or "").strip()[:MAX_REASON_LENGTH]


def record(dossier, to_status, actor, note="", actor_label=None):
    """Write the history row and queue the applicant's notification (sent
    after commit by the notifications app)."""
    change = record_status(dossier, to_status, actor=actor, note=note, actor_label=actor_label)
    notify_status_change(dossier, change)
    return change


def resume_clock(dossier, now, *, for_payment=False):
    """Give back the working days the dossier spent waiting on the citizen
    (the due date moves by them; before acceptance there is none to move).
    A fee pause gives nothing back for a procedure whose clock the law does
    not pause for fees (``payment_pauses_clock``)."""
    if dossier.clock_paused_at is None:
        return 0
    if for_payment and not payment_pauses_clock(dossier.procedure):
        dossier.clock_paused_at = None
        return 0
    agency = dossier.agency if dossier.agency_id else None
    paused_days = working_days_between(dossier.clock_paused_at, now, agency=agency)
    if dossier.due_at is not None and paused_days:
        dossier.due_at = add_working_days(dossier.due_at, paused_days, agency)
    dossier.clock_paused_at = None
    return paused_days


def resume_note(days, dossier):
    if not days or dossier.due_at is None:
        return ""
    return _("Thời hạn được cộng thêm %(days)s ngày làm việc; hẹn trả mới: %(due)s.") % {
        "days": days,
        "due": timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M"),
    }
