"""Calling numbers at a counter (``/can-bo/goi-so/``): call the next, recall
a citizen who did not come, skip a no-show, finish.

A counter serves one ticket at a time: calling the next finishes the one
being served. Every call and recall is a ``TicketCall`` row, which the lobby
board announces. Officers call only at counters of their own agencies
(``eforms.workspace.access``); each refusal says why in Vietnamese.
"""

import uuid

import structlog
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eforms.lobby.constants import CallKind, TicketStatus
from eforms.lobby.models import Counter, Ticket, TicketCall
from eforms.lobby.waiting import callable_at
from eforms.workspace.access import officer_agencies

log = structlog.get_logger(__name__)


class CallRefused(Exception):
    """The officer may not do this; ``message`` (Vietnamese) says why."""

    def __init__(self, message, status=409):
        super().__init__(message)
        self.message = message
        self.status = status


def officer_counters(user):
    """The active counters of the officer's agencies."""
    return (
        Counter.objects.filter(agency__in=officer_agencies(user), active=True)
        .select_related("agency")
        .order_by("agency__title", "number")
    )


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def counter_for(user, counter_uuid):
    """The counter the officer asked for; ``CallRefused`` (403) when it is
    not one of their agencies' or is closed (or no counter at all), the
    same message either way."""
    wanted = _uuid(counter_uuid)
    counter = officer_counters(user).filter(uuid=wanted).first() if wanted else None
    if counter is None:
        raise CallRefused(_("Ông/Bà chỉ gọi số tại các quầy đang hoạt động của cơ quan mình."), status=403)
    return counter


def serving(counter, day=None):
    """The ticket being served at the counter now (called, not finished)."""
    day = day or timezone.localdate()
    return Ticket.objects.filter(counter=counter, day=day, status=TicketStatus.CALLED).order_by("-called_at").first()


def waiting(counter, day=None):
    """The tickets this counter may call, in the order it will call them:
    priority tickets first, then by number."""
    day = day or timezone.localdate()
    return (
        Ticket.objects.filter(agency_id=counter.agency_id, day=day, status=TicketStatus.WAITING)
        .filter(callable_at(counter))
        .select_related("field", "counter")
        .order_by("-priority", "number")
    )


def skipped(counter, day=None):
    day = day or timezone.localdate()
    return Ticket.objects.filter(counter=counter, day=day, status=TicketStatus.SKIPPED).order_by("-finished_at")


def _announce(ticket, counter, user, kind, now):
    TicketCall.objects.create(ticket=ticket, counter=counter, kind=kind, at=now, by=user)
    log.info("lobby_ticket_called", agency=counter.agency_id, counter=counter.number, number=ticket.number, kind=kind)


def _close(ticket, status, now):
    ticket.status = status
    ticket.finished_at = now
    ticket.save(update_fields=["status", "finished_at"])


def call_next(counter, user):
    """Finish the ticket being served and call the next one; ``CallRefused``
    when nobody is waiting (the current one is still finished)."""
    now = timezone.now()
    with transaction.atomic():
        Counter.objects.select_for_update().filter(pk=counter.pk).first()
        current = serving(counter)
        if current:
            _close(current, TicketStatus.DONE, now)
        ticket = waiting(counter).select_for_update(of=("self",), skip_locked=True).first()
        if ticket is None:
            raise_later = CallRefused(_("Không còn số thứ tự nào đang chờ tại quầy này."))
        else:
            ticket.status = TicketStatus.CALLED
            ticket.counter = counter
            ticket.called_at = now
            ticket.called_by = user
            ticket.save(update_fields=["status", "counter", "called_at", "called_by"])
            _announce(ticket, counter, user, CallKind.CALL, now)
            raise_later = None
    if raise_later:
        raise raise_later
    return ticket


def _own_ticket(counter, ticket_uuid):
    wanted = _uuid(ticket_uuid)
    ticket = Ticket.objects.filter(uuid=wanted, counter=counter, day=timezone.localdate()).first() if wanted else None
    if ticket is None:
        raise CallRefused(_("Không tìm thấy số thứ tự này tại quầy của Ông/Bà hôm nay."), status=404)
    return ticket


def recall(counter, user, ticket_uuid):
    """Announce the ticket being served again, or call back a skipped one
    who has come back; a finished ticket cannot be recalled."""
    now = timezone.now()
    with transaction.atomic():
        ticket = _own_ticket(counter, ticket_uuid)
        if ticket.status == TicketStatus.DONE:
            raise CallRefused(_("Số %(number)s đã được phục vụ xong, không gọi lại được.") % {"number": ticket.number})
        if ticket.status == TicketStatus.WAITING:
            raise CallRefused(_("Số %(number)s chưa được gọi.") % {"number": ticket.number})
        if ticket.status == TicketStatus.SKIPPED:
            current = serving(counter)
            if current:
                _close(current, TicketStatus.DONE, now)
            ticket.status = TicketStatus.CALLED
            ticket.called_at = now
            ticket.called_by = user
            ticket.finished_at = None
            ticket.save(update_fields=["status", "called_at", "called_by", "finished_at"])
        _announce(ticket, counter, user, CallKind.RECALL, now)
    return ticket


def skip(counter, user, ticket_uuid):
    """The citizen called did not come: the ticket is set aside (it can be
    recalled later today)."""
    with transaction.atomic():
        ticket = _own_ticket(counter, ticket_uuid)
        if ticket.status != TicketStatus.CALLED:
            raise CallRefused(
                _("Chỉ bỏ qua được số đang được gọi; số %(number)s đang ở trạng thái “%(status)s”.")
                % {"number": ticket.number, "status": ticket.get_status_display()}
            )
        _close(ticket, TicketStatus.SKIPPED, timezone.now())
    log.info("lobby_ticket_skipped", agency=counter.agency_id, counter=counter.number, number=ticket.number)
    return ticket


def finish(counter, user, ticket_uuid):
    """The citizen has been served."""
    with transaction.atomic():
        ticket = _own_ticket(counter, ticket_uuid)
        if ticket.status != TicketStatus.CALLED:
            raise CallRefused(
                _("Chỉ kết thúc được số đang được phục vụ; số %(number)s đang ở trạng thái “%(status)s”.")
                % {"number": ticket.number, "status": ticket.get_status_display()}
            )
        _close(ticket, TicketStatus.DONE, timezone.now())
    log.info("lobby_ticket_finished", agency=counter.agency_id, counter=counter.number, number=ticket.number)
    return ticket
