"""The dossier workflow over the ten national statuses.

Each action is an explicit transition: it locks the dossier row
(``select_for_update``), refuses what the current status does not allow with
a message in Vietnamese, writes the history row (actor and time) through
``record_status`` and, once the transaction commits, notifies the applicant.
"""
import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eforms.dossiers.constants import AttachmentKind, DossierStatus, PaymentStatus
from eforms.dossiers.deadlines import add_working_days, working_days_between
from eforms.dossiers.history import record_status
from eforms.dossiers.models import Dossier, SupplementRequest
from eforms.workspace.files import store_attachment, validate_uploads
from eforms.workspace.models import DossierComment

logger = logging.getLogger("eforms.workspace")

S = DossierStatus
MAX_REASON_LENGTH = 2000
MAX_COMMENT_LENGTH = 4000


class TransitionError(Exception):
    """An action the dossier's status does not allow, or bad input."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


class ReturnMethod:
    COUNTER = "counter"
    POST = "post"
    ONLINE = "online"
    CHOICES = [
        (COUNTER, gettext_lazy("Trả trực tiếp tại quầy")),
        (POST, gettext_lazy("Trả qua dịch vụ bưu chính")),
        (ONLINE, gettext_lazy("Trả trực tuyến")),
    ]
    LABELS = dict(CHOICES)


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
}

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
}


def allowed_actions(dossier):
    """Names of the actions the dossier's current status allows."""
    return {name for name, statuses in ALLOWED_FROM.items() if dossier.status in statuses}


def _lock(dossier):
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def _guard(dossier, action):
    if dossier.status not in ALLOWED_FROM[action]:
        raise TransitionError(
            _("Không thể %(action)s: hồ sơ %(code)s đang ở trạng thái “%(status)s”.")
            % {"action": ACTION_LABELS[action], "code": dossier.code, "status": S(dossier.status).label}
        )


def _require_text(value, what, max_length=MAX_REASON_LENGTH):
    value = (value or "").strip()
    if not value:
        raise TransitionError(_("Vui lòng nhập %(what)s.") % {"what": what})
    if len(value) > max_length:
        raise TransitionError(
            _("%(what)s quá dài (tối đa %(n)s ký tự).") % {"what": what.capitalize(), "n": max_length}
        )
    return value


def _notify(dossier, change):
    """Tell the applicant (e-mail, SMS) about a status change. The
    notifications app writes its outbox rows in this transaction and sends
    after commit."""
    try:
        from eforms.notifications.services import notify_status_change
    except ImportError:
        transaction.on_commit(partial(_fallback_notify, dossier, change))
        return
    notify_status_change(dossier, change)


def _fallback_notify(dossier, change):
    """Plain e-mail used only while the notifications app is missing."""
    from django.core.mail import send_mail

    if not dossier.applicant_email:
        return
    body = _("Hồ sơ %(code)s (%(procedure)s) chuyển sang trạng thái: %(status)s.") % {
        "code": dossier.code,
        "procedure": dossier.procedure_name,
        "status": S(change.to_status).label,
    }
    if change.note:
        body += "\n\n" + change.note
    send_mail(
        _("[%(code)s] %(status)s") % {"code": dossier.code, "status": S(change.to_status).label},
        body,
        None,
        [dossier.applicant_email],
    )


def _record(dossier, to_status, actor, note="", actor_label=None):
    change = record_status(dossier, to_status, actor=actor, note=note, actor_label=actor_label)
    _notify(dossier, change)
    return change


def _resume_clock(dossier, now):
    """Give back the working days the dossier spent waiting on the citizen."""
    if dossier.clock_paused_at is None:
        return 0
    paused_days = working_days_between(dossier.clock_paused_at, now)
    if dossier.due_at is not None and paused_days:
        dossier.due_at = add_working_days(dossier.due_at, paused_days)
    dossier.clock_paused_at = None
    return paused_days


def _resume_note(days, dossier):
    if not days or dossier.due_at is None:
        return ""
    return _("Thời hạn được cộng thêm %(days)s ngày làm việc; hẹn trả mới: %(due)s.") % {
        "days": days,
        "due": timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M"),
    }


# --- transitions --------------------------------------------------------------


def accept(dossier, actor, *, start_processing=True, note=""):
    """Tiếp nhận (1→2) and, by default, bắt đầu xử lý (2→4) in one go."""
    with transaction.atomic():
        dossier = _lock(dossier)
        _guard(dossier, "accept")
        if dossier.assigned_officer_id is None and getattr(actor, "is_authenticated", False):
            dossier.assigned_officer = actor
        _record(dossier, S.ACCEPTED, actor, note=(note or "").strip()[:MAX_REASON_LENGTH])
        if start_processing:
            _record(dossier, S.PROCESSING, actor)
    return dossier


def start(dossier, actor):
    with transaction.atomic():
        dossier = _lock(dossier)
        _guard(dossier, "start")
        _record(dossier, S.PROCESSING, actor)
    return dossier


def refuse(dossier, actor, reason):
    """Không tiếp nhận (1→3), with the reason the citizen will read."""
    return _close_with_reason(dossier, actor, reason, _("lý do không tiếp nhận"), "refuse", S.NOT_ACCEPTED)


def _close_with_reason(dossier, actor, reason, what, action, to_status):
    """Refuse, stop or withdraw: a required reason, then one guarded
    transition with the reason as the history note."""
    reason = _require_text(reason, what)
    with transaction.atomic():
        dossier = _lock(dossier)
        _guard(dossier, action)
        _record(dossier, to_status, actor, note=reason)
    return dossier


def supplement_token(request_uuid):
    return salted_hmac("eforms.workspace.supplement", str(request_uuid), algorithm="sha256").hexdigest()[:40]


def check_supplement_token(request_uuid, token):
    return constant_time_compare(supplement_token(request_uuid), token or "")


def supplement_upload_path(supplement_request):
    return reverse(
        "public_stats:supplement",
        kwargs={"uuid": supplement_request.uuid, "token": supplement_token(supplement_request.uuid)},
    )


def supplement_upload_url(dossier):
    """Absolute link to the citizen's upload page for the dossier's open
    supplement request, or None. For the notification e-mail/SMS."""
    supplement_request = dossier.supplement_requests.filter(fulfilled_at__isnull=True).first()
    if supplement_request is None:
        return None
    return settings.PORTAL_BASE_URL.rstrip("/") + supplement_upload_path(supplement_request)


def request_supplement(dossier, actor, items):
    """Yêu cầu bổ sung (→5): the clock pauses; the citizen is told what is
    missing, with a link to upload it."""
    items = _require_text(items, _("nội dung giấy tờ cần bổ sung"))
    with transaction.atomic():
        dossier = _lock(dossier)
        _guard(dossier, "request_supplement")
        supplement_request = SupplementRequest.objects.create(dossier=dossier, items=items, requested_by=actor)
        # The note reaches the citizen (e-mail, SMS, tracking page): what is
        # missing and where to upload it.
        link = settings.PORTAL_BASE_URL.rstrip("/") + supplement_upload_path(supplement_request)
        note = _("Giấy tờ cần bổ sung:\n%(items)s\n\nNộp bổ sung trực tuyến tại: %(link)s") % {"items": items, "link": link}
        _record(dossier, S.SUPPLEMENT_REQUESTED, actor, note=note)
    return supplement_request


def receive_supplement(dossier, files, *, actor=None, note="", supplement_request=None):
    """Nhận bổ sung (5→4): store the files, close the request, resume the
    clock (the due date moves by the paused working days)."""
    note = (note or "").strip()
    if len(note) > MAX_REASON_LENGTH:
        raise TransitionError(_("Ghi chú quá dài (tối đa %(n)s ký tự).") % {"n": MAX_REASON_LENGTH})
    if not files:
        raise TransitionError(_("Vui lòng chọn ít nhất một tệp giấy tờ bổ sung."))
    try:
        checked = validate_uploads(files)
    except ValidationError as error:
        raise TransitionError(" ".join(error.messages)) from error
    now = timezone.now()
    with transaction.atomic():
        dossier = _lock(dossier)
        _guard(dossier, "receive_supplement")
        open_requests = SupplementRequest.objects.select_for_update().filter(dossier=dossier, fulfilled_at__isnull=True)
        if supplement_request is not None:
            if not open_requests.filter(pk=supplement_request.pk).exists():
                raise TransitionError(_("Yêu cầu bổ sung này đã được đáp ứng hoặc không còn hiệu lực."))
        component_name = _("Hồ sơ bổ sung")
        for uploaded, content_type in checked:
            store_attachment(dossier, uploaded, content_type, kind=AttachmentKind.SUPPLEMENT, component_name=component_name)
        open_requests.update(fulfilled_at=now, citizen_note=note)
        days = _resume_clock(dossier, now)
        text = "\n".join(filter(None, [note, _resume_note(days, dossier)]))
        label = None if getattr(actor, "is_authenticated", False) else _("Công dân")
        _record(dossier, S.PROCESSING, actor, note=text, actor_label=label)
    return dossier


def request_payment(dossier, actor, amount, note=""):
    """Yêu cầu thực hiện nghĩa vụ tài chính (→6): the clock pauses."""
    try:
        amount = int(amount)
    except (TypeError, ValueError):
        raise TransitionError(_("Số tiền không hợp lệ."))
    if amount <= 0 or amount > 10**11:
        raise TransitionError(_("Số tiền phải lớn hơn 0 và không quá 100 tỷ đồng."))
    note = (note or "").strip()[:MAX_REASON_LENGTH]
    with transaction.atomic():
        dossier = _lock(dossier)
        _guard(dossier, "request_payment")
        dossier.fee_vnd = amount
        dossier.payment_status = PaymentStatus.PENDING
        text = _("Số tiền phải nộp: %(amount)s đồng.") % {"amount": f"{amount:,}".replace(",", ".")}
        _record(dossier, S.PAYMENT_REQUESTED, actor, note="\n".join(filter(None, [text, note])))
    return dossier


def confirm_payment(dossier, actor, note=""):
    now = timezone.now()
    with transaction.atomic():
        dossier = _lock(dossier)
        _guard(dossier, "confirm_payment")
        dossier.payment_status = PaymentStatus.PAID
        days = _resume_clock(dossier, now)
        text = "\n".join(filter(None, [(note or "").strip()[:MAX_REASON_LENGTH], _resume_note(days, dossier)]))
        _record(dossier, S.PROCESSING, actor, note=text)
    return dossier


def forward(dossier, actor, to_agency, note=""):
    """Chuyển hồ sơ (liên thông) to another agency through the hand-off outbox.
    The status stays; the history records the branch."""
    if to_agency is None:
        raise TransitionError(_("Vui lòng chọn cơ quan nhận hồ sơ."))
    note = (note or "").strip()[:MAX_REASON_LENGTH]
    with transaction.atomic():
        dossier = _lock(dossier)
        _guard(dossier, "forward")
        if dossier.agency_id == to_agency.pk:
            raise TransitionError(_("Hồ sơ đã thuộc cơ quan này."))
        try:
            from eforms.handoff.services import forward_dossier
        except ImportError as error:
            raise TransitionError(_("Chức năng chuyển hồ sơ liên thông chưa sẵn sàng.")) from error
        forward_dossier(dossier, to_agency, actor)
        text = _("Chuyển hồ sơ đến %(agency)s.") % {"agency": to_agency.title}
        record_status(dossier, dossier.status, actor=actor, note="\n".join(filter(None, [text, note])))
    return dossier


def approve(dossier, actor, note=""):
    """Đã xử lý xong (4→9)."""
    with transaction.atomic():
        dossier = _lock(dossier)
        _guard(dossier, "approve")
        dossier.completed_at = timezone.now()
        _record(dossier, S.COMPLETED, actor, note=(note or "").strip()[:MAX_REASON_LENGTH])
    return dossier


def reject(dossier, actor, reason):
    """Dừng xử lý (→8), with the reason the citizen will read."""
    return _close_with_reason(dossier, actor, reason, _("lý do dừng xử lý"), "reject", S.STOPPED)


def upload_result(dossier, actor, files):
    """Attach the result file(s) (AttachmentKind.RESULT)."""
    if not files:
        raise TransitionError(_("Vui lòng chọn tệp kết quả giải quyết."))
    try:
        checked = validate_uploads(files)
    except ValidationError as error:
        raise TransitionError(" ".join(error.messages)) from error
    with transaction.atomic():
        dossier = _lock(dossier)
        _guard(dossier, "upload_result")
        attachments = [
            store_attachment(dossier, uploaded, content_type, kind=AttachmentKind.RESULT, component_name=_("Kết quả giải quyết"))
            for uploaded, content_type in checked
        ]
    return attachments


def mark_returned(dossier, actor, how, note=""):
    """Đã trả kết quả (9→10): at the counter, by post or online."""
    if how not in ReturnMethod.LABELS:
        raise TransitionError(_("Vui lòng chọn hình thức trả kết quả."))
    note = (note or "").strip()[:MAX_REASON_LENGTH]
    with transaction.atomic():
        dossier = _lock(dossier)
        _guard(dossier, "mark_returned")
        if how == ReturnMethod.ONLINE and not dossier.attachments.filter(kind=AttachmentKind.RESULT).exists():
            raise TransitionError(_("Trả kết quả trực tuyến cần có tệp kết quả giải quyết; vui lòng tải lên trước."))
        dossier.returned_at = timezone.now()
        dossier.result_place = str(ReturnMethod.LABELS[how])
        text = "\n".join(filter(None, [str(ReturnMethod.LABELS[how]) + ".", note]))
        _record(dossier, S.RETURNED, actor, note=text)
    return dossier


def withdraw(dossier, actor, reason):
    """Công dân yêu cầu rút hồ sơ (→7)."""
    return _close_with_reason(dossier, actor, reason, _("nội dung yêu cầu rút hồ sơ"), "withdraw", S.WITHDRAWN)


def add_comment(dossier, author, body):
    body = _require_text(body, _("nội dung trao đổi"), MAX_COMMENT_LENGTH)
    from eforms.dossiers.history import actor_label_for

    return DossierComment.objects.create(
        dossier=dossier, author=author, author_label=actor_label_for(author, default=""), body=body
    )
