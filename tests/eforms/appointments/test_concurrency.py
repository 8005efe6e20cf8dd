"""Two citizens book the last place of a slot at the same moment: one
booking, one "full" (the place's unique constraint, and the schedule's row
lock on PostgreSQL); never two bookings over capacity."""

import threading

import pytest
from django.db import IntegrityError, connections, transaction
from django.test import Client

from eforms.appointments.constants import AppointmentStatus
from eforms.appointments.models import Appointment, SlotSchedule

from .conftest import appointment_at, at, booking, next_working_day

pytestmark = pytest.mark.django_db(transaction=True)


def _parallel(functions):
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait()
            results[index] = function()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_bookings_of_the_last_place(procedure, counter):
    SlotSchedule.objects.create(counter=counter, slot_minutes=30, capacity=2)
    day = next_working_day()
    first = Client().post("/dat-lich-hen/dat/", booking(procedure, counter, at(day, 9), phone="0911000000"))
    assert first.status_code == 302

    def book(phone):
        return lambda: Client().post("/dat-lich-hen/dat/", booking(procedure, counter, at(day, 9), phone=phone))

    responses = _parallel([book("0911000001"), book("0911000002"), book("0911000003")])
    codes = sorted(r.status_code for r in responses)
    assert codes == [302, 409, 409], codes
    assert Appointment.objects.filter(starts_at=at(day, 9)).count() == 2
    assert sorted(Appointment.objects.values_list("place", flat=True)) == [1, 2]


def test_the_database_refuses_a_second_holder_of_a_place(procedure, counter):
    """What a racing request that read a stale count would write: the
    place's unique constraint refuses it (a cancelled booking frees it)."""
    appointment_at(procedure, counter, at(next_working_day(), 9))
    with pytest.raises(IntegrityError), transaction.atomic():
        appointment_at(procedure, counter, at(next_working_day(), 9), code="QQQQ3333", phone="0911000009")
    Appointment.objects.update(status=AppointmentStatus.CANCELLED)
    appointment_at(procedure, counter, at(next_working_day(), 9), code="QQQQ4444", phone="0911000009")
    assert Appointment.objects.filter(status=AppointmentStatus.BOOKED).count() == 1
