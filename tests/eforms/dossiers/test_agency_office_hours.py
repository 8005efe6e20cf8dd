"""Office hours per agency (``EFORMS_AGENCY_OFFICE_HOURS``): an agency whose
hours differ from the province's counts its dossiers' deadlines in its own
hours; every other agency keeps the province's."""

import datetime as dt

import pytest
from django.utils import timezone

from eforms.dossiers.calendar import add_working_days, is_reception_open, same_day_due, working_days_between
from eforms.dossiers.deadlines import compute_due_at, start_clock

from ..factories import AgencyPageFactory, DossierFactory, ProcedurePageFactory

pytestmark = pytest.mark.django_db

POLICE_HOURS = {day: [("07:30", "11:30"), ("13:00", "16:30")] for day in range(5)}
POLICE_HOURS[5] = [("07:30", "11:30")]  # Saturday-morning reception


@pytest.fixture(autouse=True)
def _hours(settings):
    settings.EFORMS_AGENCY_OFFICE_HOURS = {"cat": POLICE_HOURS}


def at(y, m, d, hh, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=timezone.get_current_timezone())


def test_the_agency_counts_in_its_own_hours():
    monday_0710 = at(2026, 3, 2, 7, 10)  # before the police opens, after the province does
    assert add_working_days(monday_0710, 1) == at(2026, 3, 3, 7, 10)
    assert add_working_days(monday_0710, 1, "cat") == at(2026, 3, 2, 16, 30)
    # half a day of 7.5 hours is 3 h 45 min
    assert add_working_days(at(2026, 3, 2, 13, 0), "0.5", "cat") == at(2026, 3, 3, 7, 45)


def test_same_day_due_at_the_agency_closing_time():
    assert same_day_due(at(2026, 3, 2, 9, 0), agency="cat") == at(2026, 3, 2, 16, 30)
    assert same_day_due(at(2026, 3, 2, 9, 0)) == at(2026, 3, 2, 17, 0)


def test_working_days_between_uses_the_agency_day_length():
    monday, tuesday = at(2026, 3, 2, 7, 30), at(2026, 3, 3, 7, 30)
    assert working_days_between(monday, tuesday, agency="cat") == 1


def test_saturday_reception_of_one_agency_only():
    saturday = at(2026, 3, 7, 8, 0)
    assert is_reception_open(saturday, "cat")
    assert not is_reception_open(saturday)


def test_a_dossier_of_the_agency_is_due_in_its_hours():
    police = AgencyPageFactory(code="cat", title="Công an tỉnh")
    other = AgencyPageFactory(code="stp", title="Sở Tư pháp")
    accepted = at(2026, 3, 2, 16, 45)  # after the police closes, before the province does
    for agency, expected in ((police, at(2026, 3, 3, 16, 30)), (other, at(2026, 3, 3, 16, 45))):
        dossier = DossierFactory.build(
            procedure=ProcedurePageFactory(agency=agency), agency=agency, processing_days=1, accepted_at=None
        )
        start_clock(dossier, accepted)
        assert dossier.due_at == expected, agency.code
    assert compute_due_at(accepted, 0, police) == same_day_due(accepted, agency="cat")
