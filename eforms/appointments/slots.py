"""The slots a counter offers on a day, computed from its ``SlotSchedule``
and the working-day calendar of its agency (holidays, ``CalendarException``
days off, ``EFORMS_AGENCY_OFFICE_HOURS``), with the places already taken.

A slot's id in a form is ``<counter id>-<YYYYMMDDHHMM>`` (local time); it is
never trusted: :func:`find_slot` recomputes the day and looks it up.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from eforms.appointments.constants import HOLDING
from eforms.appointments.models import Appointment
from eforms.dossiers.calendar import WorkingCalendar

SLOT_ID = re.compile(r"^(\d{1,9})-(\d{12})$")

FREE, FULL, PAST = "free", "full", "past"


def horizon_days():
    return int(getattr(settings, "APPOINTMENT_HORIZON_DAYS", 30))


def today():
    return timezone.localdate()


def bookable_days(now=None):
    """First and last day a citizen may book (today included)."""
    first = timezone.localtime(now).date() if now else today()
    return first, first + timedelta(days=horizon_days())


@dataclass(frozen=True)
class Slot:
    counter_id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    taken: int
    state: str

    @property
    def id(self):
        return f"{self.counter_id}-{timezone.localtime(self.starts_at):%Y%m%d%H%M}"

    @property
    def free(self):
        return max(0, self.capacity - self.taken)


def _segments(calendar, day):
    tz = timezone.get_current_timezone()
    return [
        (timezone.make_aware(datetime.combine(day, a), tz), timezone.make_aware(datetime.combine(day, b), tz))
        for a, b in calendar.segments(day)
    ]


def is_open_day(schedule, day, calendar=None):
    calendar = calendar or WorkingCalendar(day, day, schedule.counter.agency)
    return calendar.is_working_day(day) and bool(calendar.segments(day))


def taken_places(counter_id, start, end):
    rows = (
        Appointment.objects.filter(counter_id=counter_id, starts_at__gte=start, starts_at__lt=end, status__in=HOLDING)
        .values("starts_at")
        .annotate(n=Count("id"))
    )
    return {row["starts_at"]: row["n"] for row in rows}


def day_slots(schedule, day, now=None, calendar=None):
    """Every slot of ``schedule``'s counter on ``day`` (empty on a closed
    day or outside the booking horizon), each free, full or past."""
    now = now or timezone.now()
    first, last = bookable_days(now)
    if not (first <= day <= last) or not schedule.active or not schedule.counter.active:
        return []
    calendar = calendar or WorkingCalendar(day, day, schedule.counter.agency)
    if not is_open_day(schedule, day, calendar):
        return []
    length = timedelta(minutes=schedule.slot_minutes)
    segments = _segments(calendar, day)
    taken = taken_places(schedule.counter_id, segments[0][0], segments[-1][1]) if segments else {}
    slots = []
    for seg_start, seg_end in segments:
        start = seg_start
        while start + length <= seg_end:
            count = taken.get(start, 0)
            state = PAST if start <= now else (FULL if count >= schedule.capacity else FREE)
            slots.append(Slot(schedule.counter_id, start, start + length, schedule.capacity, count, state))
            start += length
    return slots


def parse_slot_id(value):
    """``(counter id, aware local start)`` or None for anything malformed."""
    match = SLOT_ID.match((value or "").strip())
    if not match:
        return None
    try:
        naive = datetime.strptime(match.group(2), "%Y%m%d%H%M")  # noqa: DTZ007 - local wall time, made aware below
    except ValueError:
        return None
    return int(match.group(1)), timezone.make_aware(naive, timezone.get_current_timezone())


def days_with_slots(schedules, now=None):
    """``[(date, free places that day over the schedules)]`` of the horizon's
    open days (a day with no free place is listed with 0: shown as full)."""
    now = now or timezone.now()
    first, last = bookable_days(now)
    out = []
    calendars = {}
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        free, any_slot = 0, False
        for schedule in schedules:
            agency_id = schedule.counter.agency_id
            calendar = calendars.get(agency_id)
            if calendar is None:
                calendar = calendars[agency_id] = WorkingCalendar(first, last, schedule.counter.agency)
            for slot in day_slots(schedule, day, now, calendar):
                if slot.state != PAST:
                    any_slot = True
                    free += slot.free
        if any_slot:
            out.append((day, free))
    return out


def parse_day(value):
    """A ``dd/mm/yyyy`` or ``yyyy-mm-dd`` day, or None."""
    value = (value or "").strip()[:10]
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 - only the date is kept
        except ValueError:
            continue
    return None


def day_param(day: date):
    return f"{day:%Y-%m-%d}"
