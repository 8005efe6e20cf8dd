"""Issuing tickets: numbers per agency and day, priority, the ticket page."""

import datetime as dt

import pytest
from django.utils import timezone

from eforms.lobby.constants import TicketSource, TicketStatus
from eforms.lobby.models import Counter
from eforms.lobby.tickets import Queue, TicketRefused, issue_ticket, ticket_url

pytestmark = pytest.mark.django_db


def test_numbers_run_per_agency_and_start_at_one(counter, agency):
    first = issue_ticket(counter)
    second = issue_ticket(Queue(agency))
    assert (first.number, second.number) == (1, 2)
    assert first.status == TicketStatus.WAITING
    assert first.source == TicketSource.KIOSK
    assert first.day == timezone.localdate()


def _local(*args):
    return dt.datetime(*args, tzinfo=timezone.get_current_timezone())


def test_numbers_restart_the_next_day(counter, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: _local(2026, 3, 2, 16, 59))
    assert issue_ticket(counter).number == 1
    assert issue_ticket(counter).number == 2
    monkeypatch.setattr(timezone, "now", lambda: _local(2026, 3, 3, 7, 30))
    ticket = issue_ticket(counter)
    assert ticket.number == 1
    assert ticket.day == dt.date(2026, 3, 3)


def test_appointment_check_in_gives_a_priority_ticket(counter):
    ticket = issue_ticket(counter, priority=True, source="appointment", note="Lịch hẹn <b>LH-1</b>\x00")
    assert ticket.priority and ticket.source == TicketSource.APPOINTMENT
    assert "\x00" not in ticket.note
    assert ticket_url(ticket) == f"/kiosk/so-thu-tu/{ticket.uuid}/"


def test_an_inactive_counter_gives_no_ticket(agency):
    closed = Counter.objects.create(agency=agency, number=9, active=False)
    with pytest.raises(TicketRefused) as refused:
        issue_ticket(closed)
    assert "Quầy 9" in refused.value.message
    assert not closed.tickets.exists()
