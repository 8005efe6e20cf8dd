"""What an external back-office receives: the dossier as JSON, with links to
its attachments (signed, expiring, served by ``views.attachment``)."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

LINK_SALT = "eforms.handoff.attachment"


def attachment_token(attachment, handoff):
    return signing.dumps({"a": str(attachment.uuid), "h": str(handoff.uuid)}, salt=LINK_SALT)


def read_attachment_token(token, max_age=None):
    """Return ``(attachment uuid, handoff uuid)``; raises ``signing.BadSignature``
    (``SignatureExpired`` included) for a forged, altered or expired token."""
    data = signing.loads(token, salt=LINK_SALT, max_age=max_age or settings.HANDOFF_LINK_MAX_AGE)
    if not isinstance(data, dict) or not {"a", "h"} <= data.keys():
        raise signing.BadSignature("malformed token")
    return data["a"], data["h"]


def attachment_url(attachment, handoff):
    path = reverse("handoff:attachment", kwargs={"token": attachment_token(attachment, handoff)})
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _iso(value):
    return value.isoformat() if value else None


def build_payload(handoff, now=None):
    now = now or timezone.now()
    dossier = handoff.dossier
    expires_at = now + timedelta(seconds=settings.HANDOFF_LINK_MAX_AGE)
    attachments = [
        {
            "uuid": str(att.uuid),
            "kind": att.kind,
            "component": att.component_name,
            "name": att.original_name,
            "content_type": att.content_type,
            "size": att.size,
            "sha256": att.sha256,
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
            "payment_status": dossier.payment_status,
            "attachments": attachments,
        },
    }
