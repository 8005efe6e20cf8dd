"""``load_demo_appointments``: every active counter of a live agency takes
appointments, an agency without a counter gets "Quầy 1"; a second run
changes nothing."""

import pytest
from django.core.management import call_command

from eforms.appointments.models import SlotSchedule
from eforms.lobby.models import Counter
from tests.eforms.factories import AgencyPageFactory

pytestmark = pytest.mark.django_db


def test_demo_schedules_once(counter):
    bare = AgencyPageFactory(title="Sở Xây dựng")
    Counter.objects.create(agency=counter.agency, number=6, active=False)
    call_command("load_demo_appointments")
    call_command("load_demo_appointments")
    assert set(SlotSchedule.objects.values_list("counter__agency__title", "counter__number")) == {
        ("Sở Tư pháp", 5),
        ("Sở Xây dựng", 1),
    }
    assert Counter.objects.filter(agency=bare).count() == 1
