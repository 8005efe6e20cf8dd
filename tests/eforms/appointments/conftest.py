"""Fixtures of the appointment tests: an agency with one counter taking
appointments (30-minute slots, two places), a procedure of that agency,
and the next working day far enough ahead to book at any time of day."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from eforms.appointments.models import Appointment, SlotSchedule
from eforms.appointments.services import secret_hash
from eforms.dossiers.calendar import WorkingCalendar
from eforms.lobby.models import Counter
from tests.eforms.factories import AgencyPageFactory, ProcedurePageFactory


@pytest.fixture
def agency(home_page):
    return AgencyPageFactory(title="Sở Tư pháp", code="STP-LH")


@pytest.fixture
def procedure(agency):
    return ProcedurePageFactory(title="Đăng ký khai sinh", code="1.001193", agency=agency)


@pytest.fixture
def counter(agency):
    return Counter.objects.create(agency=agency, number=5, name="Hộ tịch")


@pytest.fixture
def schedule(counter):
    return SlotSchedule.objects.create(counter=counter, slot_minutes=30, capacity=2)


def next_working_day(after_days=2):
    day = timezone.localdate() + timedelta(days=after_days)
    calendar = WorkingCalendar(day, day + timedelta(days=30))
    while not (calendar.is_working_day(day) and calendar.segments(day)):
        day += timedelta(days=1)
    return day


def next_closed_day():
    """A weekday (or any day) of the horizon that is not a working day."""
    day = timezone.localdate() + timedelta(days=1)
    calendar = WorkingCalendar(day, day + timedelta(days=30))
    while calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def day():
    return next_working_day()


def slot_id(counter, moment):
    return f"{counter.pk}-{timezone.localtime(moment):%Y%m%d%H%M}"


def booking(procedure, counter, moment, **extra):
    return {
        "thu-tuc": procedure.code,
        "co-quan": str(counter.agency_id),
        "ngay": f"{timezone.localtime(moment):%Y-%m-%d}",
        "slot": slot_id(counter, moment),
        "name": "Nguyễn Thị Hoa",
        "phone": "0912345678",
        "email": "",
        **extra,
    }


def appointment_at(procedure, counter, starts_at, **extra):
    """An appointment row as a booking leaves it (for check-in tests, whose
    slot is around now, which booking refuses once it started)."""
    values = {
        "code": "K7PMQ3XD",
        "secret_hash": secret_hash("SECRET7777"),
        "procedure": procedure,
        "procedure_name": procedure.title,
        "agency": counter.agency,
        "counter": counter,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=30),
        "place": 1,
        "name": "Trần Văn Nam",
        "phone": "0987654321",
        **extra,
    }
    return Appointment.objects.create(**values)
