"""Working days: weekends, Vietnamese public holidays (lunar Tết from the
``holidays`` package), editor days off and make-up working days."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from eforms.dossiers.calendar import add_working_days, is_working_day, start_of_counting, working_days_between
from eforms.dossiers.models import CalendarException

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=VN)


def test_weekend_is_skipped():
    # Friday 2026-03-13 09:00 + 1 day -> Monday 2026-03-16 09:00
    assert add_working_days(at(2026, 3, 13), 1) == at(2026, 3, 16)


def test_tet_2026_is_skipped():
    # Tết Bính Ngọ: 16–20 Feb 2026 are holidays in the package.
    for day in (16, 17, 18, 19, 20):
        assert not is_working_day(date(2026, 2, day))
    # Friday 13 Feb 09:00 + 1 day -> Monday 23 Feb 09:00 (whole Tết week off)
    assert add_working_days(at(2026, 2, 13), 1) == at(2026, 2, 23)


def test_tet_2027_is_skipped():
    # Tết Đinh Mùi: 4–10 Feb 2027.
    assert not is_working_day(date(2027, 2, 8))
    # Wednesday 3 Feb 2027 09:00 + 2 days -> Friday 12 Feb 09:00
    assert add_working_days(at(2027, 2, 3), 2) == at(2027, 2, 12)


def test_received_after_hours_counts_from_next_working_morning():
    assert start_of_counting(at(2026, 3, 10, 18, 30)) == at(2026, 3, 11, 7, 0)
    # Friday evening + 3 days -> Wednesday 17:00
    assert add_working_days(at(2026, 3, 13, 18, 0), 3) == at(2026, 3, 18, 17, 0)
    # Sunday -> Monday 08:00 start
    assert start_of_counting(at(2026, 3, 15, 10, 0)) == at(2026, 3, 16, 7, 0)


def test_half_days_and_lunch_break():
    # Monday 16:00 + 0.5 day: 1 h on Monday, 3 h on Tuesday -> Tuesday 10:00
    assert add_working_days(at(2026, 3, 9, 16, 0), Decimal("0.5")) == at(2026, 3, 10, 10, 0)
    # received in the lunch break: counted from 13:30; 0.5 day = 3.5 h + 0.5 h next morning
    assert start_of_counting(at(2026, 3, 9, 12, 20)) == at(2026, 3, 9, 13, 30)
    assert add_working_days(at(2026, 3, 9, 12, 20), Decimal("0.5")) == at(2026, 3, 10, 7, 30)


def test_editor_day_off_and_make_up_working_day():
    CalendarException.objects.create(date=date(2026, 3, 16), kind="day_off", note="Nghỉ theo quyết định của tỉnh")
    assert add_working_days(at(2026, 3, 13), 1) == at(2026, 3, 17)
    CalendarException.objects.create(date=date(2026, 3, 14), kind="working_day", note="Làm bù")
    assert add_working_days(at(2026, 3, 13), 1) == at(2026, 3, 14)


def test_working_days_between():
    assert working_days_between(at(2026, 3, 9, 7, 0), at(2026, 3, 13, 17, 0)) == Decimal("5.00")
    assert working_days_between(at(2026, 2, 13, 7, 0), at(2026, 2, 23, 7, 0)) == Decimal("1.00")
    assert working_days_between(at(2026, 3, 13, 17, 0), at(2026, 3, 9, 7, 0)) == Decimal("-5.00")


def test_zero_days_is_the_start_of_counting():
    assert add_working_days(at(2026, 3, 13, 20, 0), 0) == at(2026, 3, 16, 7, 0)


def test_make_up_saturdays_of_the_holidays_package_are_working_days():
    # "Day off (substituted from 04/26/2025)": Friday 2 May off, Saturday 26 April worked
    assert is_working_day(date(2025, 4, 26)) and not is_working_day(date(2025, 5, 2))
    assert is_working_day(date(2026, 8, 22)) and not is_working_day(date(2026, 8, 31))
    assert add_working_days(at(2026, 8, 21, 9, 0), 1) == at(2026, 8, 22, 9, 0)
    assert not is_working_day(date(2026, 8, 29))  # an ordinary Saturday stays off


def test_an_editor_day_off_on_a_make_up_saturday_wins():
    CalendarException.objects.create(date=date(2026, 8, 22), kind="day_off", decision="Thông báo điều chỉnh")
    assert not is_working_day(date(2026, 8, 22))


def test_half_day_containing_a_moment():
    from eforms.dossiers.calendar import half_day_start

    assert half_day_start(at(2026, 3, 9, 17, 0)) == at(2026, 3, 9, 13, 30)
    assert half_day_start(at(2026, 3, 9, 9, 0)) == at(2026, 3, 9, 7, 0)
    assert half_day_start(at(2026, 3, 9, 12, 0)) == at(2026, 3, 9, 7, 0)  # lunch: the morning
    assert half_day_start(at(2026, 3, 16, 7, 0)) == at(2026, 3, 13, 13, 30)  # Monday opening: Friday afternoon
