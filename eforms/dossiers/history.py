"""Every state change of a dossier is a row in its history."""

import structlog
from django.utils import timezone

from eforms.dossiers.constants import CLOCK_PAUSED_STATUSES, DossierStatus
from eforms.dossiers.models import DossierStatusChange

log = structlog.get_logger(__name__)


def actor_label_for(user, default="Hệ thống"):
    if user is None or not getattr(user, "is_authenticated", False):
        return default
    return user.get_full_name() or user.get_username()


def record_status(dossier, to_status, *, actor=None, actor_label=None, note="", at=None, save=True):
    """Set ``dossier.status`` to ``to_status`` and write the history row.

    Call inside the caller's ``transaction.atomic()`` (with the dossier row
    locked by ``select_for_update`` when two requests can race). Pauses or
    resumes the deadline clock bookkeeping field; the caller that resumes
    is responsible for moving ``due_at`` (see the workflow service).
    """
    at = at or timezone.now()
    from_status = dossier.status if dossier.pk else None
    to_status = DossierStatus(to_status)
    dossier.status = to_status
    if to_status in CLOCK_PAUSED_STATUSES and dossier.clock_paused_at is None:
        dossier.clock_paused_at = at
    if save:
        dossier.save()
    change = DossierStatusChange.objects.create(
        dossier=dossier,
        from_status=from_status,
        to_status=to_status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label or actor_label_for(actor),
        note=note,
        created_at=at,
    )
    log.info("dossier_status", dossier=dossier.code, from_status=from_status, to_status=int(to_status))
    return change
