"""Who is ahead in a queue and how long the wait is likely to be.

The estimate is the tickets ahead in the same queue times today's average
service time at the agency (called → finished, tickets served today), shared
among the active counters that can call that queue. Before the first ticket
of the day is served, ``LOBBY_DEFAULT_SERVICE_MINUTES`` stands in.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from eforms.lobby.constants import TicketStatus
from eforms.lobby.models import Counter, Ticket

DEFAULT_SERVICE_MINUTES = 10


def same_queue(ticket):
    """Filter of the waiting tickets in the queue ``ticket`` is in."""
    if ticket.counter_id:
        return Q(counter_id=ticket.counter_id)
    if ticket.field_id:
        return Q(counter__isnull=True, field_id=ticket.field_id)
    return Q(counter__isnull=True, field__isnull=True)


def callable_at(counter):
    """Filter of the tickets a counter may call: its own, its fields'
    queues and the agency's general queue (all of its agency and day)."""
    return (
        Q(counter=counter)
        | Q(counter__isnull=True, field__in=counter.fields.all())
        | Q(counter__isnull=True, field__isnull=True)
    )


def tickets_ahead(ticket):
    """Waiting tickets of the same queue that will be called before ``ticket``
    (priority first, then by number)."""
    before = Q(priority=True) if not ticket.priority else Q(pk__in=[])
    before |= Q(priority=ticket.priority, number__lt=ticket.number)
    return (
        Ticket.objects.filter(agency_id=ticket.agency_id, day=ticket.day, status=TicketStatus.WAITING)
        .filter(same_queue(ticket))
        .filter(before)
        .exclude(pk=ticket.pk)
    )


def servers(ticket):
    """How many active counters call the queue of ``ticket`` (at least 1)."""
    if ticket.counter_id:
        return 1
    counters = Counter.objects.filter(agency_id=ticket.agency_id, active=True)
    if ticket.field_id:
        counters = counters.filter(fields=ticket.field_id)
    return max(1, counters.distinct().count())


def average_service_minutes(agency_id, day=None):
    """Today's average service time at the agency, in minutes."""
    day = day or timezone.localdate()
    spans = Ticket.objects.filter(
        agency_id=agency_id,
        day=day,
        status=TicketStatus.DONE,
        called_at__isnull=False,
        finished_at__isnull=False,
    ).values_list("called_at", "finished_at")
    durations = [end - start for start, end in spans if end >= start]
    if not durations:
        return float(getattr(settings, "LOBBY_DEFAULT_SERVICE_MINUTES", DEFAULT_SERVICE_MINUTES))
    return sum(durations, timedelta()).total_seconds() / 60 / len(durations)


def estimated_wait_minutes(ticket):
    ahead = tickets_ahead(ticket).count()
    if not ahead:
        return 0
    return math.ceil(ahead * average_service_minutes(ticket.agency_id, ticket.day) / servers(ticket))
