"""What an external back-office receives: the dossier as JSON, with links to
its attachments (signed, expiring, served by ``views.attachment``).

A token names the branch it was sent with and either one attachment
(``{"a": uuid, "h": uuid}``) or the whole dossier ZIP (``{"z": 1, "h": uuid}``,
the e-mail hand-off's link when the ZIP is too big to attach). A link stays
usable until it expires (a back office may fetch a file again); every use is
audited (``views``).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from eforms.dossiers.models import DossierFee
from eforms.dossiers.serving import download_name

LINK_SALT = "eforms.handoff.attachment"


def attachment_token(attachment, handoff):
    return signing.dumps({"a": str(attachment.uuid), "h": str(handoff.uuid)}, salt=LINK_SALT)


ZIP = "zip"


def zip_token(handoff):
    return signing.dumps({"z": 1, "h": str(handoff.uuid)}, salt=LINK_SALT)


def read_link_token(token, max_age=None, *, check_age=True):
    """Return ``(attachment uuid or ZIP, handoff uuid)``; raises
    ``signing.BadSignature`` (``SignatureExpired`` included) for a forged,
    altered, malformed or (with ``check_age``) expired token."""
    if not isinstance(token, str) or not token.isascii():
        raise signing.BadSignature("not a token")
    age = (max_age or settings.HANDOFF_LINK_MAX_AGE) if check_age else None
    data = signing.loads(token, salt=LINK_SALT, max_age=age)
    if not isinstance(data, dict) or not isinstance(data.get("h"), str):
        raise signing.BadSignature("malformed token")
    if data.get("z") == 1 and "a" not in data:
        return ZIP, data["h"]
    if not isinstance(data.get("a"), str):
        raise signing.BadSignature("malformed token")
    return data["a"], data["h"]


def read_attachment_token(token, max_age=None):
    """Return ``(attachment uuid, handoff uuid)`` of an attachment link."""
    attachment, handoff = read_link_token(token, max_age)
    if attachment == ZIP:
        raise signing.BadSignature("not an attachment token")
    return attachment, handoff


def attachment_url(attachment, handoff):
    path = reverse("handoff:attachment", kwargs={"token": attachment_token(attachment, handoff)})
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def zip_url(handoff):
    path = reverse("handoff:attachment", kwargs={"token": zip_token(handoff)})
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def link_expiry(now=None):
    return (now or timezone.now()) + timedelta(seconds=settings.HANDOFF_LINK_MAX_AGE)


def _iso(value):
    return value.isoformat() if value else None


def build_payload(handoff, now=None):
    now = now or timezone.now()
    dossier = handoff.dossier
    expires_at = link_expiry(now)
    attachments = [
        {
            "uuid": str(att.uuid),
            "kind": att.kind,
            "component": att.component_name,
            "name": att.original_name,
            # the name the link serves it under: the detected type's extension
            "file_name": download_name(att.original_name or att.component_name, att.content_type),
            "content_type": att.content_type,
            "size": att.size,
            "sha256": att.sha256,
            # the application form the portal made from the e-form's answers
            "generated": att.generated,
            "url": attachment_url(att, handoff),
            "url_expires_at": expires_at.isoformat(),
        }
        for att in dossier.attachments.all()
    ]
    return {
        "delivery_id": str(handoff.uuid),
        "event": "dossier.forwarded" if handoff.forwarded_from_id else "dossier.submitted",
        "sent_at": now.isoformat(),
        "agency": {"code": handoff.agency.code, "title": handoff.agency.title},
        "dossier": {
            "uuid": str(dossier.uuid),
            "code": dossier.code,
            "status": dossier.status,
            "status_label": str(dossier.get_status_display()),
            "channel": dossier.channel,
            "received_at": _iso(dossier.received_at),
            "due_at": _iso(dossier.due_at),
            "procedure": {"code": dossier.procedure_code, "name": dossier.procedure_name},
            "applicant": dossier.applicant_record(),
            "form_data": dossier.form_data,
            "fee_vnd": dossier.fee_vnd,
            "fee": _fee(dossier),
            "payment_status": dossier.payment_status,
            "attachments": attachments,
        },
    }


def _fee(dossier):
    """The line items computed when the dossier was made (``DossierFee``):
    the exemption category claimed, the units and each charge with its
    legal wording; ``None`` for a dossier made without them."""
    record = DossierFee.objects.filter(dossier=dossier).first()
    if record is None:
        return None
    return {
        "channel": record.channel,
        "category": record.category,
        "units": record.units,
        "total_vnd": record.total_vnd,
        "lines": record.lines,
    }
