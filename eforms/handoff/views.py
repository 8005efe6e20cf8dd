"""Attachment links handed to external back-office systems.

A link is ``/ban-giao/tep/<token>/``: the token is signed (HMAC, Django's
``signing``), names the attachment and the branch it was sent with, and
expires after ``HANDOFF_LINK_MAX_AGE``. Nothing else serves private files
to the outside; a bad or expired token is a 403, an unknown file a 404.
"""

import structlog
from django.core import signing
from django.http import FileResponse, Http404, HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eforms.dossiers.models import DossierAttachment
from eforms.handoff.models import HandOff
from eforms.handoff.payload import read_attachment_token
from portal.clientaddress import client_address

log = structlog.get_logger(__name__)


@require_safe
def attachment(request, token):
    try:
        attachment_uuid, handoff_uuid = read_attachment_token(token)
    except signing.SignatureExpired:
        log.info("handoff_link_expired", ip=client_address(request))
        return HttpResponseForbidden(_("Liên kết đã hết hạn."))
    except signing.BadSignature:
        log.warning("handoff_link_forged", ip=client_address(request))
        return HttpResponseForbidden(_("Liên kết không hợp lệ."))
    handoff = HandOff.objects.filter(uuid=handoff_uuid).select_related("dossier", "agency").first()
    if handoff is None:
        raise Http404
    att = DossierAttachment.objects.filter(uuid=attachment_uuid, dossier_id=handoff.dossier_id).first()
    if att is None:
        raise Http404
    try:
        handle = att.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    log.info(
        "handoff_attachment_download",
        dossier=handoff.dossier.code,
        agency=handoff.agency.code,
        attachment=str(att.uuid),
        ip=client_address(request),
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=att.original_name,
        content_type=att.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
