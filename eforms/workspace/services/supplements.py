"""Supplement requests (yêu cầu bổ sung, status 5): the officer asks, the
citizen uploads through a signed link (or the officer records what came in
at the counter), the clock resumes.

One request per dossier (Decree 61/2018/NĐ-CP art. 9: the officer lists
everything missing at once; a second request is refused), with a deadline
of ``EFORMS_SUPPLEMENT_DAYS`` working days (default 10; the decrees set no
general figure, so it is configuration: a procedure whose own text sets one
is handled by changing the setting or, later, a field of the procedure).
After the deadline the dossier may be refused (status 3, ``refuse``, with
the refusal form Mẫu 03): a periodic sweep (``flag_overdue_supplements``)
flags each request whose deadline passed unanswered, once, and tells the
agency by e-mail; the queue lists them under "Quá hạn bổ sung"."""

import structlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from eforms.dossiers.constants import AttachmentKind, DossierStatus
from eforms.dossiers.deadlines import add_working_days
from eforms.dossiers.models import SupplementRequest
from eforms.workspace.files import store_attachment, validate_uploads
from eforms.workspace.services.base import (
    MAX_REASON_LENGTH,
    TransitionError,
    guard,
    lock,
    record,
    require_text,
    resume_clock,
    resume_note,
)

log = structlog.get_logger(__name__)

S = DossierStatus
DEFAULT_SUPPLEMENT_DAYS = 10
FLAG_BATCH = 200


def supplement_days():
    return getattr(settings, "EFORMS_SUPPLEMENT_DAYS", DEFAULT_SUPPLEMENT_DAYS)


def supplement_token(request_uuid):
    return salted_hmac("eforms.workspace.supplement", str(request_uuid), algorithm="sha256").hexdigest()[:40]


def check_supplement_token(request_uuid, token):
    return constant_time_compare(supplement_token(request_uuid), token or "")


def supplement_upload_path(supplement_request):
    return reverse(
        "public_stats:supplement",
        kwargs={"uuid": supplement_request.uuid, "token": supplement_token(supplement_request.uuid)},
    )


def _absolute(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def supplement_upload_url(dossier):
    """Absolute link to the citizen's upload page for the dossier's open
    supplement request, or None. For the notification e-mail/SMS."""
    supplement_request = dossier.supplement_requests.filter(fulfilled_at__isnull=True).first()
    if supplement_request is None:
        return None
    return _absolute(supplement_upload_path(supplement_request))


def supplement_request_for_link(request_uuid, token):
    """The supplement request a citizen's link names, or None when the link
    is unknown or its token does not match."""
    supplement_request = (
        SupplementRequest.objects.select_related("dossier", "dossier__agency").filter(uuid=request_uuid).first()
    )
    if supplement_request is None or not check_supplement_token(request_uuid, token):
        return None
    return supplement_request


def link_is_spent(supplement_request):
    """True once the request is answered or the dossier left status 5."""
    return supplement_request.fulfilled_at is not None or supplement_request.dossier.status != S.SUPPLEMENT_REQUESTED


def request_supplement(dossier, actor, items):
    """Yêu cầu bổ sung (→5): the clock pauses; the citizen is told what is
    missing, with a link to upload it."""
    items = require_text(items, _("nội dung giấy tờ cần bổ sung"))
    now = timezone.now()
    with transaction.atomic():
        dossier = lock(dossier)
        guard(dossier, "request_supplement")
        if SupplementRequest.objects.filter(dossier=dossier).exists():
            raise TransitionError(
                _(
                    "Hồ sơ %(code)s đã được yêu cầu bổ sung một lần. Theo quy định, cán bộ chỉ yêu cầu bổ sung "
                    "một lần, nêu đầy đủ các giấy tờ còn thiếu; không thể yêu cầu bổ sung lần nữa."
                )
                % {"code": dossier.code}
            )
        deadline = add_working_days(now, supplement_days())
        supplement_request = SupplementRequest.objects.create(
            dossier=dossier, items=items, requested_by=actor, deadline_at=deadline
        )
        # The note reaches the citizen (e-mail, SMS, tracking page) and the
        # officers (history): what is missing and by when. The upload link
        # carries the citizen's secret, so it is built only into the
        # citizen's messages (eforms.notifications.links), never stored here.
        note = _(
            "Giấy tờ cần bổ sung:\n%(items)s\n\nHạn nộp bổ sung: %(deadline)s. "
            "Quá hạn này, hồ sơ có thể không được tiếp nhận."
        ) % {
            "items": items,
            "deadline": timezone.localtime(deadline).strftime("%H:%M ngày %d/%m/%Y"),
        }
        record(dossier, S.SUPPLEMENT_REQUESTED, actor, note=note)
    return supplement_request


def _asked_before_acceptance(dossier):
    asked = dossier.history.filter(to_status=S.SUPPLEMENT_REQUESTED).order_by("-created_at", "-id").first()
    return asked is not None and asked.from_status == S.NEW and dossier.accepted_at is None


def receive_supplement(dossier, files, *, actor=None, note="", supplement_request=None):
    """Nhận bổ sung (5→4): store the files, close the request, resume the
    clock (the due date moves by the paused working days). A dossier asked
    to supplement before it was accepted goes back to "Mới đăng ký" (1): its
    clock starts only when an officer accepts it."""
    note = (note or "").strip()
    if len(note) > MAX_REASON_LENGTH:
        raise TransitionError(_("Ghi chú quá dài (tối đa %(n)s ký tự).") % {"n": MAX_REASON_LENGTH})
    if not files:
        raise TransitionError(_("Vui lòng chọn ít nhất một tệp giấy tờ bổ sung."))
    try:
        checked = validate_uploads(files, dossier=dossier)
    except ValidationError as error:
        raise TransitionError(" ".join(error.messages)) from error
    now = timezone.now()
    with transaction.atomic():
        dossier = lock(dossier)
        guard(dossier, "receive_supplement")
        open_requests = SupplementRequest.objects.select_for_update().filter(dossier=dossier, fulfilled_at__isnull=True)
        if supplement_request is not None and not open_requests.filter(pk=supplement_request.pk).exists():
            raise TransitionError(_("Yêu cầu bổ sung này đã được đáp ứng hoặc không còn hiệu lực."))
        component_name = _("Hồ sơ bổ sung")
        for uploaded, content_type in checked:
            store_attachment(
                dossier, uploaded, content_type, kind=AttachmentKind.SUPPLEMENT, component_name=component_name
            )
        open_requests.update(fulfilled_at=now, citizen_note=note)
        days = resume_clock(dossier, now)
        text = "\n".join(filter(None, [note, resume_note(days, dossier)]))
        label = None if getattr(actor, "is_authenticated", False) else _("Công dân")
        back_to = S.NEW if _asked_before_acceptance(dossier) else S.PROCESSING
        record(dossier, back_to, actor, note=text, actor_label=label)
    return dossier


def overdue_supplements(now=None):
    """Open requests past their deadline on dossiers still waiting (status 5)."""
    return SupplementRequest.objects.filter(
        fulfilled_at__isnull=True,
        deadline_at__lt=now or timezone.now(),
        dossier__status=S.SUPPLEMENT_REQUESTED,
    )


def _tell_agency(supplement_request):
    dossier = supplement_request.dossier
    address = dossier.agency.email if dossier.agency_id else ""
    if not address:
        return False
    workspace = settings.PORTAL_BASE_URL.rstrip("/") + reverse("workspace:detail", kwargs={"uuid": dossier.uuid})
    send_mail(
        _("[%(code)s] Quá hạn nộp bổ sung hồ sơ") % {"code": dossier.code},
        _(
            "Hồ sơ %(code)s (%(procedure)s) của Ông/Bà %(name)s đã quá hạn nộp bổ sung (%(deadline)s) mà công dân "
            "chưa bổ sung.\n\nCán bộ xem xét lập Phiếu từ chối tiếp nhận, giải quyết hồ sơ (Mẫu 03) tại: %(link)s\n"
        )
        % {
            "code": dossier.code,
            "procedure": dossier.procedure_name,
            "name": dossier.applicant_name,
            "deadline": timezone.localtime(supplement_request.deadline_at).strftime("%H:%M ngày %d/%m/%Y"),
            "link": workspace,
        },
        None,
        [address],
    )
    return True


def flag_overdue_supplements(now=None):
    """Flag, once each, the supplement requests whose deadline passed
    unanswered, and e-mail the agency. A request locked by another sweep is
    skipped; a failed e-mail leaves the request unflagged for the next
    sweep. Returns the number flagged."""
    now = now or timezone.now()
    flagged = 0
    pending = overdue_supplements(now).filter(overdue_flagged_at__isnull=True).values_list("pk", flat=True)
    for pk in list(pending[:FLAG_BATCH]):
        with transaction.atomic():
            supplement_request = (
                SupplementRequest.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("dossier", "dossier__agency")
                .filter(pk=pk, overdue_flagged_at__isnull=True)
                .first()
            )
            if supplement_request is None:
                continue
            told = _tell_agency(supplement_request)
            supplement_request.overdue_flagged_at = now
            supplement_request.save(update_fields=["overdue_flagged_at"])
        flagged += 1
        log.info("supplement_overdue_flagged", dossier=supplement_request.dossier.code, agency_told=told)
    return flagged
