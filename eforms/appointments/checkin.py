"""Check-in at the kiosk: within the window around the slot (by default
30 minutes before to 15 minutes after its start) a booked appointment gets a
PRIORITY queue ticket at its counter, through the lobby's one entry point
(``eforms.lobby.tickets.issue_ticket``). Checking in twice shows the same
ticket; a booked appointment past the window is a no-show."""

from datetime import timedelta

import structlog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eforms.appointments.constants import AppointmentStatus
from eforms.appointments.models import Appointment
from eforms.lobby.constants import TicketSource
from eforms.lobby.tickets import TicketRefused, issue_ticket

log = structlog.get_logger(__name__)

NOT_FOUND = "not_found"
TOO_EARLY = "too_early"
TOO_LATE = "too_late"
CANCELLED = "cancelled"
COUNTER_CLOSED = "counter_closed"


class CheckInRefused(Exception):
    def __init__(self, reason, appointment=None, detail=""):
        super().__init__(reason)
        self.reason = reason
        self.appointment = appointment
        self.detail = detail


def before_minutes():
    return int(getattr(settings, "APPOINTMENT_CHECKIN_BEFORE_MINUTES", 30))


def after_minutes():
    return int(getattr(settings, "APPOINTMENT_CHECKIN_AFTER_MINUTES", 15))


def window(appointment):
    """``(opens, closes)`` of the appointment's check-in."""
    return (
        appointment.starts_at - timedelta(minutes=before_minutes()),
        appointment.starts_at + timedelta(minutes=after_minutes()),
    )


def shown_status(appointment, now=None):
    """The status an officer reads: a booked appointment whose check-in
    window closed is a no-show."""
    now = now or timezone.now()
    if appointment.status == AppointmentStatus.BOOKED and now > window(appointment)[1]:
        return AppointmentStatus.NO_SHOW
    return AppointmentStatus(appointment.status)


def check_in(appointment, now=None):
    """The appointment's priority ticket (issued now, or the one issued at
    an earlier check-in), or :class:`CheckInRefused`."""
    now = now or timezone.now()
    if appointment is None:
        raise CheckInRefused(NOT_FOUND)
    with transaction.atomic():
        locked = Appointment.objects.select_for_update(of=("self",)).select_related("counter").get(pk=appointment.pk)
        if locked.status == AppointmentStatus.CHECKED_IN and locked.ticket_id:
            return locked, locked.ticket
        if locked.status == AppointmentStatus.CANCELLED:
            raise CheckInRefused(CANCELLED, locked)
        opens, closes = window(locked)
        if now < opens:
            raise CheckInRefused(TOO_EARLY, locked)
        if now > closes or locked.status != AppointmentStatus.BOOKED:
            raise CheckInRefused(TOO_LATE, locked)
        try:
            ticket = issue_ticket(
                locked.counter, priority=True, source=TicketSource.APPOINTMENT, note=f"Lịch hẹn {locked.code}"
            )
        except TicketRefused as refused:
            raise CheckInRefused(COUNTER_CLOSED, locked, refused.message) from refused
        locked.status = AppointmentStatus.CHECKED_IN
        locked.checked_in_at = now
        locked.ticket = ticket
        locked.save(update_fields=["status", "checked_in_at", "ticket", "updated_at"])
    log.info("appointment_checked_in", appointment=locked.code, ticket=ticket.number)
    return locked, ticket
