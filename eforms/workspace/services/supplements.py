"""Supplement requests (yêu cầu bổ sung, status 5): the officer asks, the
citizen uploads through a signed link (or the officer records what came in
at the counter), the clock resumes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from eforms.dossiers.constants import AttachmentKind, DossierStatus
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

S = DossierStatus


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
    with transaction.atomic():
        dossier = lock(dossier)
        guard(dossier, "request_supplement")
        supplement_request = SupplementRequest.objects.create(dossier=dossier, items=items, requested_by=actor)
        # The note reaches the citizen (e-mail, SMS, tracking page): what is
        # missing and where to upload it.
        link = _absolute(supplement_upload_path(supplement_request))
        note = _("Giấy tờ cần bổ sung:\n%(items)s\n\nNộp bổ sung trực tuyến tại: %(link)s") % {
            "items": items,
            "link": link,
        }
        record(dossier, S.SUPPLEMENT_REQUESTED, actor, note=note)
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
        record(dossier, S.PROCESSING, actor, note=text, actor_label=label)
    return dossier
