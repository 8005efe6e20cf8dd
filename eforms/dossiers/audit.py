"""The audit trail: every look at personal data, allowed or refused."""
import logging

from eforms.dossiers.models import AuditEvent

logger = logging.getLogger("eforms.dossiers.audit")


def client_ip(request):
    """The client address. Behind the reverse proxy the first hop of
    X-Forwarded-For is the client; REMOTE_ADDR otherwise."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    candidate = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR", "")
    from django.core.validators import validate_ipv46_address
    from django.core.exceptions import ValidationError

    try:
        validate_ipv46_address(candidate)
    except ValidationError:
        return None
    return candidate


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
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
    logger.info(
        "event=audit action=%s allowed=%s user=%s dossier=%s target=%s",
        action, allowed, event.username, event.dossier_code, event.target,
    )
    return event
