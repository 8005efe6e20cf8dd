"""Attachment links handed to external back-office systems.

A link is ``/ban-giao/tep/<token>/``: the token is signed (HMAC, Django's
``signing``), names the attachment and the branch it was sent with, and
expires after ``HANDOFF_LINK_MAX_AGE``. Nothing else serves private files
to the outside; a bad or expired token is a 403, an unknown file a 404.
"""
import logging

from django.core import signing
from django.http import FileResponse, Http404, HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eforms.dossiers.models import DossierAttachment
from eforms.handoff.models import HandOff
from eforms.handoff.payload import read_attachment_token

logger = logging.getLogger("eforms.handoff")


@require_safe
def attachment(request, token):
    try:
        attachment_uuid, handoff_uuid = read_attachment_token(token)
    except signing.SignatureExpired:
        logger.info("event=handoff_link_expired ip=%s", request.META.get("REMOTE_ADDR"))
        return HttpResponseForbidden(_("Liên kết đã hết hạn."))
    except signing.BadSignature:
        logger.warning("event=handoff_link_forged ip=%s", request.META.get("REMOTE_ADDR"))
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
    logger.info(
        "event=handoff_attachment_download dossier=%s agency=%s attachment=%s ip=%s",
        handoff.dossier.code, handoff.agency.code, att.uuid, request.META.get("REMOTE_ADDR"),
    )
    response = FileResponse(
        handle, as_attachment=True, filename=att.original_name, content_type=att.content_type or "application/octet-stream"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
