"""The dossier workflow over the ten national statuses: receive, process,
pause for payment, forward, decide, close.

Each action is an explicit transition (see ``base``): locked row, guarded
status, history row, applicant notified once the transaction commits.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eforms.dossiers.constants import DossierStatus, PaymentStatus
from eforms.dossiers.deadlines import start_clock
from eforms.dossiers.history import record_status
from eforms.dossiers.signals import accepted
from eforms.handoff.services import forward_dossier
from eforms.workspace.services.base import (
    TransitionError,
    guard,
    lock,
    record,
    require_text,
    resume_clock,
    resume_note,
    short_note,
    supplement_overdue,
)
from eforms.workspace.services.steps import require_steps_done

S = DossierStatus
MAX_FEE_VND = 10**11


def accept(dossier, actor, *, start_processing=True, note=""):
    """Tiếp nhận (1→2) and, by default, bắt đầu xử lý (2→4) in one go.

    The clock starts here: the original due date is set from the time limit
    (``start_clock``), and the receipt (Mẫu 01) is issued through
    ``dossier_accepted``."""
    now = timezone.now()
    with transaction.atomic():
        dossier = lock(dossier)
        guard(dossier, "accept")
        if dossier.assigned_officer_id is None and getattr(actor, "is_authenticated", False):
            dossier.assigned_officer = actor
        start_clock(dossier, now)
        record(dossier, S.ACCEPTED, actor, note=short_note(note))
        accepted(dossier)
        if start_processing:
            record(dossier, S.PROCESSING, actor)
    return dossier


def start(dossier, actor):
    with transaction.atomic():
        dossier = lock(dossier)
        guard(dossier, "start")
        record(dossier, S.PROCESSING, actor)
    return dossier


def _close_with_reason(dossier, actor, reason, what, action, to_status):
    """Refuse, stop or withdraw: a required reason, then one guarded
    transition with the reason as the history note."""
    reason = require_text(reason, what)
    with transaction.atomic():
        dossier = lock(dossier)
        guard(dossier, action)
        record(dossier, to_status, actor, note=reason)
    return dossier


def refuse(dossier, actor, reason):
    """Không tiếp nhận (→3), with the reason the citizen will read: a new
    dossier, or one whose supplement deadline passed without the papers."""
    reason = require_text(reason, _("lý do không tiếp nhận"))
    with transaction.atomic():
        dossier = lock(dossier)
        if dossier.status == S.SUPPLEMENT_REQUESTED:
            if not supplement_overdue(dossier):
                raise TransitionError(
                    _("Chưa thể từ chối: hồ sơ %(code)s đang chờ công dân bổ sung và chưa hết hạn nộp bổ sung.")
                    % {"code": dossier.code}
                )
        else:
            guard(dossier, "refuse")
        record(dossier, S.NOT_ACCEPTED, actor, note=reason)
    return dossier


def reject(dossier, actor, reason):
    """Dừng xử lý (→8), with the reason the citizen will read."""
    return _close_with_reason(dossier, actor, reason, _("lý do dừng xử lý"), "reject", S.STOPPED)


def withdraw(dossier, actor, reason):
    """Công dân yêu cầu rút hồ sơ (→7)."""
    return _close_with_reason(dossier, actor, reason, _("nội dung yêu cầu rút hồ sơ"), "withdraw", S.WITHDRAWN)


def request_payment(dossier, actor, amount, note=""):
    """Yêu cầu thực hiện nghĩa vụ tài chính (→6): the clock pauses."""
    try:
        amount = int(amount)
    except (TypeError, ValueError) as error:
        raise TransitionError(_("Số tiền không hợp lệ.")) from error
    if amount <= 0 or amount > MAX_FEE_VND:
        raise TransitionError(_("Số tiền phải lớn hơn 0 và không quá 100 tỷ đồng."))
    note = short_note(note)
    with transaction.atomic():
        dossier = lock(dossier)
        guard(dossier, "request_payment")
        dossier.fee_vnd = amount
        dossier.payment_status = PaymentStatus.PENDING
        text = _("Số tiền phải nộp: %(amount)s đồng.") % {"amount": f"{amount:,}".replace(",", ".")}
        record(dossier, S.PAYMENT_REQUESTED, actor, note="\n".join(filter(None, [text, note])))
    return dossier


def confirm_payment(dossier, actor, note=""):
    now = timezone.now()
    with transaction.atomic():
        dossier = lock(dossier)
        guard(dossier, "confirm_payment")
        dossier.payment_status = PaymentStatus.PAID
        days = resume_clock(dossier, now, for_payment=True)
        text = "\n".join(filter(None, [short_note(note), resume_note(days, dossier)]))
        record(dossier, S.PROCESSING, actor, note=text)
    return dossier


def forward(dossier, actor, to_agency, note=""):
    """Chuyển hồ sơ (liên thông) to another agency through the hand-off outbox.
    The status stays; the history records the branch."""
    if to_agency is None:
        raise TransitionError(_("Vui lòng chọn cơ quan nhận hồ sơ."))
    note = short_note(note)
    with transaction.atomic():
        dossier = lock(dossier)
        guard(dossier, "forward")
        if dossier.agency_id == to_agency.pk:
            raise TransitionError(_("Hồ sơ đã thuộc cơ quan này."))
        forward_dossier(dossier, to_agency, actor)
        text = _("Chuyển hồ sơ đến %(agency)s.") % {"agency": to_agency.title}
        record_status(dossier, dossier.status, actor=actor, note="\n".join(filter(None, [text, note])))
    return dossier


def approve(dossier, actor, note=""):
    """Đã xử lý xong (4→9); with an internal process, once every step but
    the last is done."""
    with transaction.atomic():
        dossier = lock(dossier)
        guard(dossier, "approve")
        require_steps_done(dossier, but_last=True)
        dossier.completed_at = timezone.now()
        record(dossier, S.COMPLETED, actor, note=short_note(note))
    return dossier
