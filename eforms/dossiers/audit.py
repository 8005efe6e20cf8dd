"""The audit trail: every look at personal data, allowed or refused."""

import structlog

from eforms.dossiers.models import AuditEvent
from portal.clientaddress import client_address, forwarded_for

log = structlog.get_logger(__name__)


def audit(request, action, *, dossier=None, target="", allowed=True):
    user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
    event = AuditEvent.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        allowed=allowed,
        dossier=dossier,
        dossier_code=dossier.code if dossier else "",
        target=str(target)[:300],
        path=request.get_full_path()[:500],
        ip_address=client_address(request) or None,
        forwarded_for=forwarded_for(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
    log.info(
        "audit",
        action=action,
        allowed=allowed,
        user=event.username,
        dossier=event.dossier_code,
        target=event.target,
        client=event.ip_address,
    )
    return event
