from django.db import transaction
from django.utils import timezone

from eforms.dossiers.history import record_status
from eforms.national.models import StatusSync
from tests.eforms.factories import DossierFactory


def make_dossier(procedure, **fields):
    return DossierFactory(procedure=procedure, **fields)


def change(dossier, to_status, note=""):
    """One status change as the workspace records it (in a transaction)."""
    with transaction.atomic():
        return record_status(dossier, to_status, actor_label="Cán bộ", note=note)


def rows_of(dossier):
    return list(StatusSync.objects.filter(dossier=dossier).order_by("status_change_id"))


def make_due(rows=None):
    """Let every open row's back-off (or lease) run out now."""
    qs = StatusSync.objects.all() if rows is None else StatusSync.objects.filter(pk__in=[r.pk for r in rows])
    qs.update(next_attempt_at=timezone.now(), claimed_until=None)
