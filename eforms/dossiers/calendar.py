"""Working-day calendar for processing deadlines (Decree 118/2025/NĐ-CP).

A working day is Monday–Friday, except Vietnamese public holidays (from the
``holidays`` package, lunar Tết included) and the days off editors add
(``CalendarException`` DAY_OFF, e.g. a Tết break longer than the statutory
days). A weekend day is a working day when it is a make-up working day
(ngày làm bù): either announced in the ``holidays`` package ("Day off
(substituted from 04/26/2025)" makes Saturday 26/4/2025 a working day) or
entered by an editor (``CalendarException`` WORKING_DAY).

Office hours come from the ``EFORMS_OFFICE_HOURS`` setting (weekday → list of
``("HH:MM", "HH:MM")`` segments; default Monday–Friday 07:00–11:30 and
13:30–17:00, Asia/Ho_Chi_Minh). A make-up day keeps Monday's hours. A
Saturday with hours configured (Saturday-morning reception) is a reception
day only: the clock does not run on it unless it is a make-up working day.
One working day is the length of Monday's hours (eight hours by default) and
half a day half of it, so deadlines may be given in half days.

An agency whose hours differ from the province's has its own entry in
``EFORMS_AGENCY_OFFICE_HOURS`` (agency code → the same weekday mapping); the
functions below take ``agency`` (an ``AgencyPage``, its code, or None for
the province's hours) and a ``WorkingCalendar`` carries the hours it was
built with.

Counting rule (documented for the receipt and tests):

- received during office hours on a working day: the clock starts at once,
  so 3 days from Monday 09:00 is Thursday 09:00 and 0.5 day from Monday
  16:00 is Tuesday 10:00 (one hour on Monday, three on Tuesday);
- received during the lunch break: it starts at 13:30;
- received before opening: it starts at opening that day;
- received after closing, or on a non-working day: it starts at opening of
  the next working day (3 days from Friday 18:00 ends Wednesday 17:00).

Same-day procedures (time limit "trong ngày", 0 days; ``same_day_due``):
due at closing time of the working day of acceptance; accepted after 15:00
(``EFORMS_SAME_DAY_CUTOFF``), or outside office hours so that the clock
starts after it, at closing time of the next working day.

``add_working_days`` returns an aware datetime in the current time zone.
"""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone

from eforms.dossiers.models import CalendarException

DEFAULT_OFFICE_HOURS = dict.fromkeys(range(5), (("07:00", "11:30"), ("13:30", "17:00")))
DEFAULT_SAME_DAY_CUTOFF = "15:00"
_MAX_DAYS_SCANNED = 3660
_SUBSTITUTED = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")


def _parse_time(value):
    if isinstance(value, time):
        return value
    hours, minutes = str(value).split(":")
    return time(int(hours), int(minutes))


def _agency_code(agency):
    return getattr(agency, "code", agency) or ""


def office_hours(agency=None):
    """``{weekday: ((start, end), …)}`` as ``time`` pairs: the agency's own
    hours when ``EFORMS_AGENCY_OFFICE_HOURS`` has them, else the province's
    (``EFORMS_OFFICE_HOURS``)."""
    per_agency = getattr(settings, "EFORMS_AGENCY_OFFICE_HOURS", None) or {}
    configured = (
        per_agency.get(_agency_code(agency)) or getattr(settings, "EFORMS_OFFICE_HOURS", None) or DEFAULT_OFFICE_HOURS
    )
    return _normalise_hours(tuple(sorted((int(k), tuple(tuple(s) for s in v)) for k, v in configured.items())))


@lru_cache(maxsize=8)
def _normalise_hours(items):
    hours = {}
    for weekday, segments in items:
        pairs = tuple((_parse_time(a), _parse_time(b)) for a, b in segments)
        if any(b <= a for a, b in pairs):
            raise ValueError(f"EFORMS_OFFICE_HOURS: a segment of weekday {weekday} ends before it starts")
        hours[weekday] = pairs
    return hours


def _standard_segments(hours=None):
    hours = hours or office_hours()
    return hours.get(0) or next(iter(hours.values()))


def hours_per_day(agency=None):
    """Length of one working day (Monday's office hours) as a timedelta."""
    return _day_length(office_hours(agency))


def _day_length(hours):
    return sum(
        (datetime.combine(date.min, b) - datetime.combine(date.min, a) for a, b in _standard_segments(hours)),
        timedelta(),
    )


def same_day_cutoff():
    return _parse_time(getattr(settings, "EFORMS_SAME_DAY_CUTOFF", DEFAULT_SAME_DAY_CUTOFF))


# Kept for callers that print the standard day (e.g. the apology letter's time).
MORNING = (time(7, 0), time(11, 30))
AFTERNOON = (time(13, 30), time(17, 0))


@lru_cache(maxsize=32)
def _public_holidays(year):
    """``(days off, make-up working days)`` of the ``holidays`` package."""
    calendar = holidays.country_holidays("VN", years=year, language="en_US")
    days_off, make_up = set(), set()
    for day, name in calendar.items():
        days_off.add(day)
        for month, dom, y in _SUBSTITUTED.findall(name):
            make_up.add(date(int(y), int(month), int(dom)))
    return frozenset(days_off), frozenset(make_up)


def _exceptions(start, end):
    return dict(CalendarException.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind"))


class WorkingCalendar:
    """Working days between two dates, with editor exceptions loaded once,
    and the office hours of ``agency`` (the province's when None)."""

    def __init__(self, start, end, agency=None):
        self.start, self.end = start, end
        self.exceptions = _exceptions(start - timedelta(days=7), end + timedelta(days=7))
        self.hours = office_hours(agency)
        self.day_length = _day_length(self.hours)

    def covers(self, start, end):
        return self.start <= start and end <= self.end

    def is_working_day(self, day):
        kind = self.exceptions.get(day)
        if kind == "working_day":
            return True
        if kind == "day_off":
            return False
        days_off, make_up = _public_holidays(day.year)
        if day in make_up:
            return True
        if day.weekday() >= 5:
            return False
        return day not in days_off

    def segments(self, day):
        """Office-hour segments during which the clock runs on ``day``."""
        if not self.is_working_day(day):
            return ()
        if day.weekday() >= 5:
            return _standard_segments(self.hours)
        return self.hours.get(day.weekday(), ())

    def next_working_day(self, day):
        for _ in range(_MAX_DAYS_SCANNED):
            day += timedelta(days=1)
            if self.is_working_day(day) and self.segments(day):
                return day
        raise ValueError("no working day within ten years")


def is_working_day(day):
    return WorkingCalendar(day, day).is_working_day(day)


def is_reception_open(moment, agency=None):
    """True when the one-stop counter receives at ``moment`` (office hours
    of a working day, or a reception-only day such as Saturday morning)."""
    local = _to_local(moment)
    day = local.date()
    calendar = WorkingCalendar(day, day, agency)
    segments = calendar.segments(day)
    if not segments and day not in _public_holidays(day.year)[0] and calendar.exceptions.get(day) != "day_off":
        segments = calendar.hours.get(day.weekday(), ())
    return any(a <= local.time() < b for a, b in segments)


def _aware(day, at, tz):
    return timezone.make_aware(datetime.combine(day, at), tz)


def _segments(day, tz, calendar):
    return [(_aware(day, a, tz), _aware(day, b, tz)) for a, b in calendar.segments(day)]


def _to_local(value):
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, _standard_segments()[0][0])
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value)


def _opening(day, tz, calendar):
    return _aware(day, calendar.segments(day)[0][0], tz)


def _closing(day, tz, calendar):
    return _aware(day, calendar.segments(day)[-1][1], tz)


def start_of_counting(received_at, calendar=None, agency=None):
    """The instant the deadline clock starts for something received at
    ``received_at`` (see the module docstring)."""
    local = _to_local(received_at)
    tz = local.tzinfo
    day = local.date()
    calendar = calendar or WorkingCalendar(day, day + timedelta(days=60), agency)
    for seg_start, seg_end in _segments(day, tz, calendar):
        if local < seg_end:
            return max(local, seg_start)
    return _opening(calendar.next_working_day(day), tz, calendar)


def same_day_due(accepted_at, calendar=None, agency=None):
    """Due instant of a same-day procedure accepted at ``accepted_at``:
    closing time that working day; from 15:00 on, closing time of the next
    working day (see the module docstring)."""
    local = _to_local(accepted_at)
    calendar = calendar or WorkingCalendar(local.date(), local.date() + timedelta(days=60), agency)
    start = start_of_counting(local, calendar)
    tz = start.tzinfo
    day = start.date()
    if start.time() >= same_day_cutoff():
        day = calendar.next_working_day(day)
    return _closing(day, tz, calendar)


def add_working_days(start, days, agency=None):
    """Deadline ``days`` working days (halves allowed) after ``start``, in
    the office hours of ``agency``."""
    days = Decimal(str(days))
    if days < 0:
        raise ValueError("days must not be negative")
    local = _to_local(start)
    span = int(days * 2) + 30
    calendar = WorkingCalendar(local.date(), local.date() + timedelta(days=span * 3), agency)
    current = start_of_counting(local, calendar)
    tz = current.tzinfo
    remaining = calendar.day_length * float(days)
    day = current.date()
    while True:
        for seg_start, seg_end in _segments(day, tz, calendar):
            if current >= seg_end:
                continue
            current = max(current, seg_start)
            available = seg_end - current
            if remaining <= available:
                return current + remaining
            remaining -= available
            current = seg_end
        day = calendar.next_working_day(day)
        current = _opening(day, tz, calendar)


def working_days_between(a, b, calendar=None, agency=None):
    """Working days (as a ``Decimal`` with hours/day length, two decimals)
    from ``a`` to ``b``; negative when ``b`` is before ``a``. ``calendar`` (a
    ``WorkingCalendar``) is reused when it covers the span, so a caller
    handling many rows loads the editor exceptions once; its office hours
    win over ``agency``."""
    if b < a:
        return -working_days_between(b, a, calendar, agency)
    a_local, b_local = _to_local(a), _to_local(b)
    if calendar is None or not calendar.covers(a_local.date(), b_local.date()):
        calendar = WorkingCalendar(a_local.date(), b_local.date(), agency)
    tz = a_local.tzinfo
    total = timedelta()
    day = a_local.date()
    while day <= b_local.date():
        for seg_start, seg_end in _segments(day, tz, calendar):
            lo, hi = max(seg_start, a_local), min(seg_end, b_local)
            if hi > lo:
                total += hi - lo
        day += timedelta(days=1)
    return (Decimal(total.total_seconds()) / Decimal(calendar.day_length.total_seconds())).quantize(Decimal("0.01"))


def half_day_start(moment, agency=None):
    """Start of the office-hour segment (morning or afternoon) that contains
    ``moment`` (a moment at a segment's closing time belongs to it); for a
    moment outside office hours, the start of the last segment before it."""
    local = _to_local(moment)
    tz = local.tzinfo
    day = local.date()
    calendar = WorkingCalendar(day - timedelta(days=30), day, agency)
    for _ in range(_MAX_DAYS_SCANNED):
        for seg_start, _seg_end in reversed(_segments(day, tz, calendar)):
            if seg_start < local:
                return seg_start
        day -= timedelta(days=1)
    raise ValueError("no working day within ten years")
