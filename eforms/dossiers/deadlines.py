"""The deadline clock of a dossier and its due-soon / overdue badges.

The working-day arithmetic itself lives in one place, ``eforms.dossiers.calendar``;
this module only applies it to dossiers (and re-exports ``add_working_days``,
``working_days_between`` and ``WorkingCalendar`` for its callers).

The rules (Decree 61/2018/NĐ-CP as amended, Decree 118/2025/NĐ-CP):

- the clock starts when the dossier is accepted (status 2), never at an
  online submission (``start_clock``); the time limit is the one the
  procedure publishes for the channel (``published_time_limit``), in working
  days and half days; a same-day procedure (0 days, "trong ngày") is due at
  closing time that day, or the next working day when accepted after 15:00;
- ``due_at`` is the ORIGINAL due date: only the working time the dossier
  waited on the citizen (supplement, and the fee pause where it applies) is
  added back; an apology letter never moves it (it sets
  ``rescheduled_due_at``). Finished after ``due_at`` is late, whatever letter
  was sent.
"""

import re
from decimal import Decimal, InvalidOperation

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eforms.dossiers.calendar import (
    WorkingCalendar,
    add_working_days,
    half_day_start,
    same_day_due,
    working_days_between,
)
from eforms.dossiers.constants import Channel, DossierStatus
from eforms.dossiers.models import SupplementRequest

SAME_DAY = Decimal("0")
# Channel → the ``ProcedureMethod.method`` value of the methods table.
CHANNEL_METHODS = {Channel.IN_PERSON: "in_person", Channel.ONLINE: "online", Channel.POSTAL: "postal"}
_SAME_DAY_TEXT = re.compile(r"^\s*(ngay\s+)?(trong\s+(ngày|ngay)|ngay\s+(sau|khi|trong))", re.IGNORECASE)
_DAYS_TEXT = re.compile(r"(\d+(?:[.,]5)?)\s*ngày\s+làm\s+việc", re.IGNORECASE)

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


def supplement_overdue(dossier, now=None):
    """Waiting on the citizen past the supplement deadline ("quá hạn bổ
    sung"): the dossier may be refused (status 3)."""
    if dossier.status != DossierStatus.SUPPLEMENT_REQUESTED:
        return False
    return SupplementRequest.objects.filter(
        dossier=dossier, fulfilled_at__isnull=True, deadline_at__lt=now or timezone.now()
    ).exists()


def deadline_state(dossier, now=None, calendar=None):
    """'supplement_overdue', 'overdue', 'soon', 'ok' or '' (no deadline or
    already closed).
    ``calendar``: a ``WorkingCalendar`` shared across rows (see
    ``deadline_calendar``)."""
    if dossier.status == DossierStatus.SUPPLEMENT_REQUESTED and supplement_overdue(dossier, now):
        return "supplement_overdue"
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
    "supplement_overdue": _("Quá hạn bổ sung"),
    "overdue": _("Quá hạn"),
    "soon": _("Sắp đến hạn"),
    "ok": _("Trong hạn"),
}


def parse_time_limit(text):
    """Working days of a published time limit text: ``SAME_DAY`` for
    "Trong ngày …" / "Ngay trong ngày …", the first "N ngày làm việc",
    else None."""
    text = (text or "").strip()
    if not text:
        return None
    if _SAME_DAY_TEXT.match(text):
        return SAME_DAY
    found = _DAYS_TEXT.search(text)
    if found is None:
        return None
    try:
        return Decimal(found.group(1).replace(",", "."))
    except InvalidOperation:
        return None


def published_time_limit(procedure, channel=None):
    """The time limit (working days; ``SAME_DAY`` = 0) the procedure publishes
    for ``channel``: the channel's row of the methods table when it states
    one, else ``processing_days``, else the same-day wording of the note;
    None when the procedure sets none."""
    method = CHANNEL_METHODS.get(channel)
    if method is not None and procedure.pk:
        for row in procedure.methods.all():
            if row.method == method:
                days = parse_time_limit(row.processing_time)
                if days is not None:
                    return days
    if procedure.processing_days is not None:
        return Decimal(procedure.processing_days)
    return parse_time_limit(getattr(procedure, "processing_time_note", ""))


def compute_due_at(accepted_at, days, agency=None):
    """Due instant for a dossier accepted at ``accepted_at`` with a time
    limit of ``days`` working days (0: the same-day rule), in the office
    hours of ``agency``; None without a limit."""
    if days is None:
        return None
    days = Decimal(str(days))
    if days == SAME_DAY:
        return same_day_due(accepted_at, agency=agency)
    return add_working_days(accepted_at, days, agency)


def start_clock(dossier, accepted_at):
    """Acceptance (status 2): record the moment and set the original due
    date from the dossier's time limit (the published one when the dossier
    carries none). Call before the dossier is saved; idempotent."""
    if dossier.accepted_at is not None:
        return dossier.due_at
    dossier.accepted_at = accepted_at
    if dossier.processing_days is None and dossier.procedure_id:
        dossier.processing_days = published_time_limit(dossier.procedure, dossier.channel)
    dossier.due_at = compute_due_at(accepted_at, dossier.processing_days, dossier.agency if dossier.agency_id else None)
    return dossier.due_at


def payment_pauses_clock(procedure):
    """Whether the law pauses this procedure's clock while the fee is being
    paid (status 6). Read from the procedure's ``payment_pauses_clock`` flag
    when the catalogue carries one; without it, status 6 (which the officer
    can only set after acceptance) pauses the clock."""
    flag = getattr(procedure, "payment_pauses_clock", None)
    return True if flag is None else bool(flag)


def completed_late(dossier):
    """Finished after the ORIGINAL due date (an apology changes nothing)."""
    if dossier.completed_at is None or dossier.due_at is None:
        return False
    return dossier.completed_at > dossier.due_at


def completed_early(dossier):
    """Trước hạn: finished before the half-day that contains the due date."""
    if dossier.completed_at is None or dossier.due_at is None:
        return False
    return dossier.completed_at < half_day_start(dossier.due_at, dossier.agency_id and dossier.agency)


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


def time_limit_words(days):
    """A time limit as the receipt states it: "Trong ngày" for the same-day
    rule, "5 ngày làm việc", "0,5 ngày làm việc"; "Không quy định" for None."""
    if days is None:
        return _("Không quy định")
    if days == 0:
        return _("Trong ngày làm việc")
    text = f"{Decimal(days).normalize():f}".replace(".", ",")
    return _("%(days)s ngày làm việc") % {"days": text}
