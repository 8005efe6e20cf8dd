"""Step deadlines: a step is due when the dossier's running clock has used
its cumulative share of the time limit, counted in working time from the
acceptance (``eforms.dossiers.calendar``). A pause of the clock (supplement;
the fee, where the law pauses for it) that began before a step's deadline
pushes that deadline by the working time it lasted, as it pushes the
dossier's due date (``resume_clock``). The last step is due with the dossier."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eforms.dossiers.calendar import add_working_days, same_day_due, start_of_counting, working_days_between
from eforms.dossiers.constants import CLOCK_PAUSED_STATUSES, DossierStatus
from eforms.dossiers.deadlines import SAME_DAY, payment_pauses_clock

PAUSED = frozenset(int(s) for s in CLOCK_PAUSED_STATUSES)
EARLY, ON_TIME, LATE = "early", "on_time", "late"
VERDICT_LABELS = {EARLY: _("Trước hạn"), ON_TIME: _("Đúng hạn"), LATE: _("Quá hạn")}


@dataclass(frozen=True)
class Pause:
    start: object
    end: object  # None while the clock is still paused


def pauses(dossier, rows=None):
    """The clock's pauses after acceptance, from the history rows (``rows``:
    ``(from_status, to_status, created_at)`` oldest first, when the caller
    has them)."""
    if rows is None:
        rows = dossier.history.order_by("created_at", "id").values_list("from_status", "to_status", "created_at")
    fee_pauses = payment_pauses_clock(dossier.procedure) if dossier.procedure_id else True
    out, start = [], None
    for _from_status, to_status, at in rows:
        if dossier.accepted_at is None or at < dossier.accepted_at:
            continue
        pausing = to_status in PAUSED and (fee_pauses or to_status != DossierStatus.PAYMENT_REQUESTED)
        if pausing and start is None:
            start = at
        elif not pausing and to_status not in PAUSED and start is not None:
            out.append(Pause(start, at))
            start = None
    if start is not None:
        out.append(Pause(start, None))
    return out


def _agency(dossier):
    return dossier.agency if dossier.agency_id else None


def clock_start_and_length(dossier):
    """``(start, working days)`` of the dossier's time limit, or None."""
    if dossier.accepted_at is None or dossier.processing_days is None:
        return None
    days = Decimal(str(dossier.processing_days))
    if days == SAME_DAY:
        agency = _agency(dossier)
        start = start_of_counting(dossier.accepted_at, agency=agency)
        return start, working_days_between(start, same_day_due(dossier.accepted_at, agency=agency), agency=agency)
    return dossier.accepted_at, days


def step_deadlines(dossier, steps, history_rows=None, count=None):
    """The due instant of each of ``steps`` (``DossierStep``, in order), None
    where the dossier has no time limit; only the first ``count`` when given."""
    steps = list(steps)
    count = len(steps) if count is None else min(count, len(steps))
    clock = clock_start_and_length(dossier)
    if clock is None:
        return [None] * count
    start, length = clock
    agency = _agency(dossier)  # the agency's office hours, as for the dossier's due date
    closed = [p for p in pauses(dossier, history_rows) if p.end is not None]
    out, used = [], Decimal(0)
    for index, step in enumerate(steps[:count]):
        used += Decimal(str(step.share))
        if index == len(steps) - 1 and dossier.due_at is not None:
            out.append(dossier.due_at)
            continue
        due = add_working_days(start, length * used, agency)
        for pause in closed:
            if pause.start < due:
                due = add_working_days(due, working_days_between(pause.start, pause.end, agency=agency), agency)
        out.append(due)
    return out


def verdict(done_at, due):
    """EARLY (an earlier day than the step's deadline), ON_TIME (by it) or
    LATE (after it), as Mẫu 06 judges; "" without a deadline."""
    if due is None or done_at is None:
        return ""
    if done_at > due:
        return LATE
    if timezone.localtime(done_at).date() < timezone.localtime(due).date():
        return EARLY
    return ON_TIME
