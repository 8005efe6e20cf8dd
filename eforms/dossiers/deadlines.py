"""The deadline clock of a dossier and its due-soon / overdue badges.

The working-day arithmetic itself lives in one place, ``eforms.dossiers.calendar``;
this module only applies it to dossiers (and re-exports ``add_working_days``,
``working_days_between`` and ``WorkingCalendar`` for its callers)."""

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eforms.dossiers.calendar import WorkingCalendar, add_working_days, working_days_between
from eforms.dossiers.constants import DossierStatus

# Statuses in which the dossier is still being worked (the clock matters).
OPEN_STATUSES = (
    DossierStatus.NEW,
    DossierStatus.ACCEPTED,
    DossierStatus.PROCESSING,
    DossierStatus.SUPPLEMENT_REQUESTED,
    DossierStatus.PAYMENT_REQUESTED,
)
DUE_SOON_WORKING_DAYS = 2


def clock_now(dossier, now=None):
    """The instant the deadline clock reads: frozen while paused."""
    return dossier.clock_paused_at or now or timezone.now()


def deadline_state(dossier, now=None, calendar=None):
    """'overdue', 'soon', 'ok' or '' (no deadline or already closed).
    ``calendar``: a ``WorkingCalendar`` shared across rows (see
    ``deadline_calendar``)."""
    if dossier.due_at is None or dossier.status not in OPEN_STATUSES:
        return ""
    now = clock_now(dossier, now)
    if dossier.due_at < now:
        return "overdue"
    if working_days_between(now, dossier.due_at, calendar) <= DUE_SOON_WORKING_DAYS:
        return "soon"
    return "ok"


def deadline_calendar(dossiers, now=None):
    """One ``WorkingCalendar`` (one exceptions query) covering every span
    ``deadline_state`` measures for ``dossiers``, or None if there is none."""
    now = now or timezone.now()
    spans = [
        (timezone.localtime(clock_now(d, now)).date(), timezone.localtime(d.due_at).date())
        for d in dossiers
        if d.due_at is not None and d.status in OPEN_STATUSES and d.due_at >= clock_now(d, now)
    ]
    if not spans:
        return None
    return WorkingCalendar(min(a for a, _b in spans), max(b for _a, b in spans))


DEADLINE_LABELS = {
    "overdue": _("Quá hạn"),
    "soon": _("Sắp đến hạn"),
    "ok": _("Trong hạn"),
}


def completed_late(dossier):
    if dossier.completed_at is None or dossier.due_at is None:
        return False
    return dossier.completed_at > dossier.due_at


def overdue_q(now=None):
    """Queryset filter: open dossiers whose clock has passed their due date."""
    now = now or timezone.now()
    return Q(status__in=OPEN_STATUSES, due_at__isnull=False) & (
        Q(clock_paused_at__isnull=True, due_at__lt=now)
        | Q(clock_paused_at__isnull=False, due_at__lt=F("clock_paused_at"))
    )


def due_soon_q(now=None):
    """Open, running-clock dossiers due within two working days."""
    now = now or timezone.now()
    limit = add_working_days(now, DUE_SOON_WORKING_DAYS)
    return Q(status__in=OPEN_STATUSES, clock_paused_at__isnull=True, due_at__gte=now, due_at__lt=limit)
