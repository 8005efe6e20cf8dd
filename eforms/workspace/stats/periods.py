"""Reporting periods of the statistics board: a month, a quarter, a year or a
custom from–to range, read from the query string (``?ky=thang&nam=2026&thang=11``,
``?ky=quy&nam=2026&quy=4``, ``?ky=nam&nam=2025``, ``?ky=tuy-chon&tu=2026-01-01&den=2026-03-31``).

Bad input never fails: the board shows a safe default (this month, or the
part of the request that made sense) with a message in Vietnamese saying
what was ignored.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MONTH, QUARTER, YEAR, CUSTOM = "thang", "quy", "nam", "tuy-chon"
PERIODS = [
    (MONTH, gettext_lazy("Tháng")),
    (QUARTER, gettext_lazy("Quý")),
    (YEAR, gettext_lazy("Năm")),
    (CUSTOM, gettext_lazy("Tùy chọn")),
]
DEFAULT_PERIOD = MONTH
MIN_YEAR = 2000
MAX_CUSTOM_DAYS = 3 * 366 + 1
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


@dataclass(frozen=True)
class Period:
    """``[start, end)`` as aware datetimes at local midnight; ``first_day`` and
    ``last_day`` are the local dates shown to the reader."""

    key: str
    first_day: dt.date
    last_day: dt.date
    year: int
    number: int = 0  # the month (1–12) or the quarter (1–4)

    @property
    def start(self):
        return _midnight(self.first_day)

    @property
    def end(self):
        return _midnight(self.last_day + dt.timedelta(days=1))

    @property
    def bounds(self):
        return self.start, self.end

    @property
    def label(self):
        if self.key == MONTH:
            return _("Tháng %(m)s/%(y)s") % {"m": f"{self.number:02d}", "y": self.year}
        if self.key == QUARTER:
            return _("Quý %(q)s/%(y)s") % {"q": self.number, "y": self.year}
        if self.key == YEAR:
            return _("Năm %(y)s") % {"y": self.year}
        return _("Từ %(a)s đến %(b)s") % {"a": f"{self.first_day:%d/%m/%Y}", "b": f"{self.last_day:%d/%m/%Y}"}

    @property
    def cache_key(self):
        return f"{self.key}:{self.first_day:%Y%m%d}:{self.last_day:%Y%m%d}"

    def months(self):
        """The calendar months the period touches, each clipped to it."""
        out, day = [], self.first_day
        while day <= self.last_day:
            last = dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
            out.append(Period(MONTH, day, min(last, self.last_day), day.year, day.month))
            day = last + dt.timedelta(days=1)
        return out


def _midnight(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def month_period(year, month):
    last = calendar.monthrange(year, month)[1]
    return Period(MONTH, dt.date(year, month, 1), dt.date(year, month, last), year, month)


def quarter_period(year, quarter):
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    last = calendar.monthrange(year, last_month)[1]
    return Period(QUARTER, dt.date(year, first_month, 1), dt.date(year, last_month, last), year, quarter)


def year_period(year):
    return Period(YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31), year)


def parse_period(value):
    """The period key of a ``?ky=`` value; unknown values give the month."""
    return value if value in dict(PERIODS) else DEFAULT_PERIOD


def current_period(key, today=None):
    """The period of kind ``key`` that contains ``today`` (custom: this month)."""
    today = today or timezone.localdate()
    if key == YEAR:
        return year_period(today.year)
    if key == QUARTER:
        return quarter_period(today.year, (today.month - 1) // 3 + 1)
    return month_period(today.year, today.month)


def period_bounds(key, today=None):
    """(start, end) aware datetimes of the current period of kind ``key``."""
    return current_period(parse_period(key), today).bounds


def period_days(bounds):
    """First and last local day of ``(start, end)`` (end exclusive)."""
    start, end = bounds
    return {
        "first_day": timezone.localtime(start).date(),
        "last_day": timezone.localtime(end).date() - dt.timedelta(days=1),
    }


def _number(raw, low, high):
    """``int(raw)`` when it is a plain number within [low, high], else None."""
    raw = (raw or "").strip()
    if not raw.isdigit() or len(raw) > 6:
        return None
    value = int(raw)
    return value if low <= value <= high else None


def _date(raw):
    raw = (raw or "").strip()[:20]
    for fmt in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 — a calendar day, no instant
        except ValueError:
            continue
        if MIN_YEAR <= day.year <= timezone.localdate().year + 1:
            return day
    return None


def period_from_query(query, today=None):
    """``(Period, messages)`` from a query dict; ``messages`` (Vietnamese)
    say what was not understood and what is shown instead."""
    today = today or timezone.localdate()
    messages = []
    raw_key = (query.get("ky") or "").strip()
    key = parse_period(raw_key)
    if raw_key and raw_key != key:
        messages.append(_("Kỳ báo cáo không hợp lệ; hiển thị số liệu tháng này."))
    max_year = today.year + 1
    year = today.year
    if query.get("nam"):
        year = _number(query.get("nam"), MIN_YEAR, max_year)
        if year is None:
            messages.append(
                _("Năm không hợp lệ (chỉ từ %(a)s đến %(b)s); hiển thị năm %(y)s.")
                % {"a": MIN_YEAR, "b": max_year, "y": today.year}
            )
            year = today.year
    if key == YEAR:
        return year_period(year), messages
    if key == QUARTER:
        quarter = (today.month - 1) // 3 + 1 if year == today.year else 4
        if query.get("quy"):
            asked = _number(query.get("quy"), 1, 4)
            if asked is None:
                messages.append(_("Quý phải từ 1 đến 4; hiển thị quý %(q)s.") % {"q": quarter})
            else:
                quarter = asked
        return quarter_period(year, quarter), messages
    if key == CUSTOM:
        first, last = _date(query.get("tu")), _date(query.get("den"))
        if first is None or last is None:
            messages.append(_("Ngày bắt đầu hoặc ngày kết thúc không hợp lệ; hiển thị số liệu tháng này."))
        elif first > last:
            messages.append(_("Ngày bắt đầu sau ngày kết thúc; hiển thị số liệu tháng này."))
        elif (last - first).days > MAX_CUSTOM_DAYS:
            messages.append(_("Khoảng thời gian tối đa là 3 năm; hiển thị số liệu tháng này."))
        else:
            return Period(CUSTOM, first, last, first.year), messages
        return month_period(today.year, today.month), messages
    month = today.month if year == today.year else 12
    if query.get("thang"):
        asked = _number(query.get("thang"), 1, 12)
        if asked is None:
            messages.append(_("Tháng phải từ 1 đến 12; hiển thị tháng %(m)s.") % {"m": month})
        else:
            month = asked
    return month_period(year, month), messages
