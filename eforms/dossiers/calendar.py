"""Working-day calendar for processing deadlines (Decree 118/2025/NĐ-CP).

A working day is Monday–Friday, except Vietnamese public holidays (from the
``holidays`` package, lunar Tết included) and the days off editors add
(``CalendarException`` DAY_OFF, e.g. a Tết break longer than the statutory
days); a Saturday or Sunday an editor marks as a make-up working day
(WORKING_DAY) counts.

Office hours are those the portal publishes, 07:00–11:30 and 13:30–17:00
local time (Asia/Ho_Chi_Minh): one working day is eight working hours and
half a day is four, so deadlines may be given in half days.

Counting rule (documented for the receipt and tests):

- received during office hours on a working day: the clock starts at once,
  so 3 days from Monday 09:00 is Thursday 09:00 and 0.5 day from Monday
  16:00 is Tuesday 10:00 (one hour on Monday, three on Tuesday);
- received during the lunch break: it starts at 13:30;
- received before 07:00: it starts at 07:00 that day;
- received after 17:00, or on a non-working day: it starts at 07:00 of the
  next working day (3 days from Friday 18:00 ends Wednesday 17:00: the
  clock runs Monday, Tuesday and Wednesday in full).

``add_working_days`` returns an aware datetime in the current time zone.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache

import holidays
from django.utils import timezone

from eforms.dossiers.models import CalendarException

MORNING = (time(7, 0), time(11, 30))
AFTERNOON = (time(13, 30), time(17, 0))
HOURS_PER_DAY = 8
_MAX_DAYS_SCANNED = 3660


@lru_cache(maxsize=32)
def _public_holidays(year):
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def _exceptions(start, end):
    return dict(CalendarException.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind"))


class WorkingCalendar:
    """Working days between two dates, with editor exceptions loaded once."""

    def __init__(self, start, end):
        self.start, self.end = start, end
        self.exceptions = _exceptions(start - timedelta(days=7), end + timedelta(days=7))

    def covers(self, start, end):
        return self.start <= start and end <= self.end

    def is_working_day(self, day):
        kind = self.exceptions.get(day)
        if kind == "working_day":
            return True
        if kind == "day_off":
            return False
        if day.weekday() >= 5:
            return False
        return day not in _public_holidays(day.year)

    def next_working_day(self, day):
        for _ in range(_MAX_DAYS_SCANNED):
            day += timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError("no working day within ten years")


def is_working_day(day):
    return WorkingCalendar(day, day).is_working_day(day)


def _aware(day, at, tz):
    return timezone.make_aware(datetime.combine(day, at), tz)


def _segments(day, tz):
    return [(_aware(day, a, tz), _aware(day, b, tz)) for a, b in (MORNING, AFTERNOON)]


def _to_local(value):
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, MORNING[0])
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value)


def start_of_counting(received_at, calendar=None):
    """The instant the deadline clock starts for something received at
    ``received_at`` (see the module docstring)."""
    local = _to_local(received_at)
    tz = local.tzinfo
    day = local.date()
    calendar = calendar or WorkingCalendar(day, day + timedelta(days=60))
    if calendar.is_working_day(day):
        for seg_start, seg_end in _segments(day, tz):
            if local < seg_end:
                return max(local, seg_start)
    return _aware(calendar.next_working_day(day), MORNING[0], tz)


def add_working_days(start, days):
    """Deadline ``days`` working days (halves allowed) after ``start``."""
    days = Decimal(str(days))
    if days < 0:
        raise ValueError("days must not be negative")
    local = _to_local(start)
    span = int(days * 2) + 30
    calendar = WorkingCalendar(local.date(), local.date() + timedelta(days=span * 3))
    current = start_of_counting(local, calendar)
    tz = current.tzinfo
    remaining = timedelta(hours=float(days * HOURS_PER_DAY))
    day = current.date()
    while True:
        if calendar.is_working_day(day):
            for seg_start, seg_end in _segments(day, tz):
                if current >= seg_end:
                    continue
                current = max(current, seg_start)
                available = seg_end - current
                if remaining <= available:
                    return current + remaining
                remaining -= available
                current = seg_end
        day = calendar.next_working_day(day)
        current = _aware(day, MORNING[0], tz)


def working_days_between(a, b, calendar=None):
    """Working days (as a ``Decimal`` with hours/8, two decimals) from ``a``
    to ``b``; negative when ``b`` is before ``a``. ``calendar`` (a
    ``WorkingCalendar``) is reused when it covers the span, so a caller
    handling many rows loads the editor exceptions once."""
    if b < a:
        return -working_days_between(b, a, calendar)
    a_local, b_local = _to_local(a), _to_local(b)
    if calendar is None or not calendar.covers(a_local.date(), b_local.date()):
        calendar = WorkingCalendar(a_local.date(), b_local.date())
    tz = a_local.tzinfo
    total = timedelta()
    day = a_local.date()
    while day <= b_local.date():
        if calendar.is_working_day(day):
            for seg_start, seg_end in _segments(day, tz):
                lo, hi = max(seg_start, a_local), min(seg_end, b_local)
                if hi > lo:
                    total += hi - lo
        day += timedelta(days=1)
    return (Decimal(total.total_seconds()) / Decimal(3600 * HOURS_PER_DAY)).quantize(Decimal("0.01"))
