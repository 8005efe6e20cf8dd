"""Attachment links handed to external back-office systems.

A link is ``/ban-giao/tep/<token>/``: the token is signed (HMAC, Django's
``signing``), names the attachment (or the whole dossier ZIP) and the branch
it was sent with, and expires after ``HANDOFF_LINK_MAX_AGE``. Nothing else
serves private files to the outside; a bad or expired token is a 403, an
unknown file a 404.

A link is usable again until it expires (a back office may need the file
twice), and every use is audited: who (``ban-giao:<agency code>`` and the
branch, i.e. the link), what (the file, served under the name of its
detected type), the client address of the one client-address policy. An
authentic but expired link is audited as refused.
"""

import structlog
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eforms.dossiers import serving
from eforms.dossiers.audit import audit
from eforms.dossiers.documents.archive import dossier_zip_file, zip_filename
from eforms.dossiers.models import AuditAction, DossierAttachment
from eforms.handoff.models import HandOff
from eforms.handoff.payload import ZIP, read_link_token
from portal.clientaddress import client_address

log = structlog.get_logger(__name__)


def _branch(handoff_uuid):
    try:
        return HandOff.objects.filter(uuid=handoff_uuid).select_related("dossier", "agency").first()
    except (ValidationError, ValueError):
        return None


def _actor(handoff):
    return f"ban-giao:{handoff.agency.code}"


def _expired(request, token):
    """Audit an authentic link used after its expiry (refused)."""
    try:
        what, handoff_uuid = read_link_token(token, check_age=False)
    except signing.BadSignature:
        return
    handoff = _branch(handoff_uuid)
    if handoff is not None:
        audit(
            request,
            AuditAction.DOWNLOAD_ZIP if what == ZIP else AuditAction.DOWNLOAD_FILE,
            dossier=handoff.dossier,
            target=f"liên kết hết hạn ({what}) · lần chuyển {handoff.uuid}",
            allowed=False,
            actor=_actor(handoff),
        )


@require_safe
def attachment(request, token):
    try:
        what, handoff_uuid = read_link_token(token)
    except signing.SignatureExpired:
        log.info("handoff_link_expired", ip=client_address(request))
        _expired(request, token)
        return HttpResponseForbidden(_("Liên kết đã hết hạn."))
    except signing.BadSignature:
        log.warning("handoff_link_forged", ip=client_address(request))
        return HttpResponseForbidden(_("Liên kết không hợp lệ."))
    handoff = _branch(handoff_uuid)
    if handoff is None:
        raise Http404
    if what == ZIP:
        return _zip(request, handoff)
    try:
        att = DossierAttachment.objects.filter(uuid=what, dossier_id=handoff.dossier_id).first()
    except (ValidationError, ValueError):
        att = None
    if att is None:
        raise Http404
    try:
        response = serving.attachment_response(att)
    except OSError:  # FileNotFoundError included
        raise Http404 from None
    audit(
        request,
        AuditAction.DOWNLOAD_FILE,
        dossier=handoff.dossier,
        target=f"{att.original_name} ({att.uuid}) · lần chuyển {handoff.uuid}",
        actor=_actor(handoff),
    )
    log.info(
        "handoff_attachment_download",
        dossier=handoff.dossier.code,
        agency=handoff.agency.code,
        handoff=str(handoff.uuid),
        attachment=str(att.uuid),
        ip=client_address(request),
    )
    return response


def _zip(request, handoff):
    try:
        archive = dossier_zip_file(handoff.dossier)
    except OSError:  # an attachment vanished from the store
        log.error("handoff_zip_missing_file", dossier=handoff.dossier.code, handoff=str(handoff.uuid))
        raise Http404 from None
    name = zip_filename(handoff.dossier)
    audit(
        request,
        AuditAction.DOWNLOAD_ZIP,
        dossier=handoff.dossier,
        target=f"{name} · lần chuyển {handoff.uuid}",
        actor=_actor(handoff),
    )
    log.info(
        "handoff_zip_download",
        dossier=handoff.dossier.code,
        agency=handoff.agency.code,
        handoff=str(handoff.uuid),
        ip=client_address(request),
    )
    return serving.file_response(archive, name, "application/zip")
