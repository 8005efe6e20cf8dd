"""Issuing queue tickets (lấy số thứ tự): the one entry point for the kiosk,
the counter and appointments' check-in.

    ticket = issue_ticket(counter, priority=True, source="appointment")
    url = ticket_url(ticket)  # the printable 80 mm ticket page under /kiosk/
"""

from dataclasses import dataclass

import structlog
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import AgencyPage, FieldPage
from eforms.lobby.constants import TicketSource
from eforms.lobby.models import Counter, Ticket, TicketSequence
from eforms.lobby.waiting import estimated_wait_minutes

log = structlog.get_logger(__name__)

NOTE_MAX_LENGTH = 200


class TicketRefused(Exception):
    """No ticket can be given; ``message`` (Vietnamese) says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Queue:
    """The queue of an agency's field (any counter serving ``field`` calls
    it), or the agency's general queue when ``field`` is None."""

    agency: AgencyPage
    field: FieldPage | None = None


def _target(counter_or_queue):
    if isinstance(counter_or_queue, Counter):
        if not counter_or_queue.active:
            raise TicketRefused(_("Quầy %(number)s hiện không tiếp nhận.") % {"number": counter_or_queue.number})
        return counter_or_queue.agency, counter_or_queue, None
    if isinstance(counter_or_queue, Queue):
        return counter_or_queue.agency, None, counter_or_queue.field
    if isinstance(counter_or_queue, AgencyPage):
        return counter_or_queue, None, None
    raise TypeError(f"issue_ticket() takes a Counter or a Queue, not {type(counter_or_queue).__name__}")


def _next_number(agency, day):
    """The agency's next number of ``day``; atomic (row lock on PostgreSQL,
    the write lock on SQLite), like the dossiers' daily sequence."""
    updated = TicketSequence.objects.filter(agency=agency, day=day).update(last_number=F("last_number") + 1)
    if not updated:
        try:
            with transaction.atomic():
                TicketSequence.objects.create(agency=agency, day=day, last_number=1)
        except IntegrityError:
            TicketSequence.objects.filter(agency=agency, day=day).update(last_number=F("last_number") + 1)
    return TicketSequence.objects.select_for_update().values_list("last_number", flat=True).get(agency=agency, day=day)


def _clean_note(note):
    text = "".join(ch for ch in str(note or "") if ch >= " " or ch in "\t")
    return " ".join(text.split())[:NOTE_MAX_LENGTH]


def issue_ticket(counter_or_queue, *, priority=False, source=TicketSource.KIOSK, note=""):
    """A new waiting ticket at a counter (``Counter``) or in a queue
    (``Queue(agency, field)``); numbers restart at 1 each local day per
    agency. Raises ``TicketRefused`` when the counter does not receive."""
    if source not in TicketSource.values:
        raise ValueError(f"unknown ticket source {source!r}")
    agency, counter, field = _target(counter_or_queue)
    now = timezone.now()
    day = timezone.localdate(now)
    with transaction.atomic():
        number = _next_number(agency, day)
        ticket = Ticket(
            agency=agency,
            day=day,
            number=number,
            counter=counter,
            field=field,
            priority=bool(priority),
            source=source,
            note=_clean_note(note),
            issued_at=now,
        )
        ticket.estimated_wait_minutes = estimated_wait_minutes(ticket)
        ticket.save()
    log.info(
        "lobby_ticket_issued",
        agency=agency.pk,
        number=number,
        counter=counter.number if counter else None,
        field=field.pk if field else None,
        priority=ticket.priority,
        source=source,
    )
    return ticket


def ticket_url(ticket):
    """The printable ticket page (80 mm thermal paper) under ``/kiosk/``."""
    return reverse("lobby:ticket", kwargs={"uuid": ticket.uuid})
