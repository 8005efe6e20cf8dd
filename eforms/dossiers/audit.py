"""The audit trail: every look at personal data, allowed or refused.

The address is the one client-address policy's (``portal.clientaddress``:
``REMOTE_ADDR`` unless the peer is a configured trusted proxy); the raw
``X-Forwarded-For`` is kept beside it in ``forwarded_for``, never as the
address.

An export records exactly which dossiers left: one row with the filters and
the count, then the dossier codes in as many rows as ``target`` (300
characters) needs, ``[1/3] code,code,…`` (:func:`audit_export`).
"""

import structlog
from django.db import transaction

from eforms.dossiers.models import AuditEvent
from portal.clientaddress import client_address, forwarded_for

log = structlog.get_logger(__name__)
TARGET_LENGTH = 300


def _event(request, action, *, dossier=None, target="", allowed=True, actor=""):
    user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
    return AuditEvent(
        user=user,
        username=(user.get_username() if user else str(actor or ""))[:150],
        action=action,
        allowed=allowed,
        dossier=dossier,
        dossier_code=dossier.code if dossier else "",
        target=str(target)[:TARGET_LENGTH],
        path=request.get_full_path()[:500],
        ip_address=client_address(request) or None,
        forwarded_for=forwarded_for(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )


def audit(request, action, *, dossier=None, target="", allowed=True, actor=""):
    """One audit row. ``actor`` names who acted when nobody is logged in
    (e.g. ``ban-giao:STP`` for an agency's hand-off link)."""
    event = _event(request, action, dossier=dossier, target=target, allowed=allowed, actor=actor)
    event.save()
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


def code_chunks(codes, limit=TARGET_LENGTH):
    """The codes as ``[i/n] code,code,…`` texts of at most ``limit`` characters."""
    codes = [str(code) for code in codes]
    prefix_room = len(f"[{len(codes)}/{len(codes)}] ")
    room = max(limit - prefix_room, 1)
    groups, current = [], []
    for code in codes:
        code = code[:room]
        if current and len(",".join([*current, code])) > room:
            groups.append(current)
            current = []
        current.append(code)
    if current:
        groups.append(current)
    return [f"[{i}/{len(groups)}] {','.join(group)}" for i, group in enumerate(groups, start=1)]


def audit_export(request, action, *, filters, codes):
    """Audit an export: the filters and the count, then every code (see the
    module docstring). Returns the summary row."""
    codes = list(codes)
    count = f" · {len(codes)} hồ sơ"
    summary = _event(request, action, target=str(filters)[: TARGET_LENGTH - len(count)] + count)
    rows = [summary] + [_event(request, action, target=text) for text in code_chunks(codes)]
    with transaction.atomic():
        AuditEvent.objects.bulk_create(rows)
    log.info(
        "audit_export",
        action=action,
        user=summary.username,
        filters=filters,
        dossiers=len(codes),
        rows=len(rows),
        client=summary.ip_address,
    )
    return summary
