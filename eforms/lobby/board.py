"""What the lobby board (``/bang-dien-tu/``) shows, as one JSON-ready dict.

The figures are the public statistics board's (``eforms.workspace.stats``:
the same counting from history rows, cached a minute), for today and this
month, per agency; the satisfaction share is the statistics' share of ratings
4 and 5 of 5 (``eforms.ratings``). The calls are ``TicketCall`` rows: the
board asks for those after the last id it announced, so nothing is missed or
announced twice across a restart of the server or of the browser.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from eforms.lobby.constants import TicketStatus
from eforms.lobby.models import Counter, Ticket, TicketCall
from eforms.workspace.stats import Period, public_board
from eforms.workspace.stats.periods import CUSTOM, MONTH, current_period

RECENT_CALLS = 20
DEFAULT_POLL_SECONDS = 5
DEFAULT_STALE_SECONDS = 60


def _figures(row):
    return {
        "received": row.received,
        "resolved": row.resolved,
        "on_time": row.in_time,
        "late": row.late,
        "on_time_rate": row.on_time_rate,
    }


def _agency_rows(today_board, month_board):
    today = {row.key: row for row in today_board.rows}
    rows = []
    for row in month_board.rows:
        if row.key is None:
            continue
        day = today.get(row.key)
        rows.append(
            {
                "name": row.name,
                "today": _figures(day) if day else _figures(type(row)(key=row.key, name=row.name)),
                "month": _figures(row),
                "satisfaction_rate": row.satisfaction_rate,
                "rated": row.rated,
            }
        )
    return rows


def _call(call):
    return {
        "id": call.pk,
        "number": call.ticket.number,
        "counter": call.counter.number,
        "recall": call.kind == "recall",
        "at": timezone.localtime(call.at).strftime("%H:%M"),
    }


def counters_now(day):
    """Each active counter with the number it is serving (None when idle)."""
    serving = {
        ticket.counter_id: ticket.number
        for ticket in Ticket.objects.filter(day=day, status=TicketStatus.CALLED).order_by("called_at")
    }
    waiting = Ticket.objects.filter(day=day, status=TicketStatus.WAITING).count()
    counters = [
        {
            "number": counter.number,
            "name": counter.name,
            "agency": counter.agency.short_name or counter.agency.title,
            "serving": serving.get(counter.pk),
        }
        for counter in Counter.objects.filter(active=True).select_related("agency").order_by("number", "agency_id")
    ]
    return counters, waiting


def snapshot(after=0):
    """The board's data; ``calls`` are the calls after id ``after`` (the
    last ``RECENT_CALLS`` on a first load, ``after=0``)."""
    now = timezone.now()
    today = timezone.localdate(now)
    month_board = public_board(current_period(MONTH, today))
    today_board = public_board(Period(CUSTOM, today, today, today.year))
    calls = TicketCall.objects.filter(at__date__gte=today).select_related("ticket", "counter")
    if after:
        calls = calls.filter(pk__gt=after).order_by("pk")[:RECENT_CALLS]
    else:
        calls = reversed(calls.order_by("-pk")[:RECENT_CALLS])
    counters, waiting = counters_now(today)
    total = month_board.total
    return {
        "generated_at": timezone.localtime(now).isoformat(),
        "generated_hm": timezone.localtime(now).strftime("%H:%M"),
        "today": date_format(today, "d/m/Y"),
        "month": month_board.period.label,
        "agencies": _agency_rows(today_board, month_board),
        "total": {"today": _figures(today_board.total), "month": _figures(total)},
        "satisfaction_rate": total.satisfaction_rate,
        "rated": total.rated,
        "counters": counters,
        "waiting": waiting,
        "calls": [_call(call) for call in calls],
        "poll_seconds": int(getattr(settings, "LOBBY_BOARD_POLL_SECONDS", DEFAULT_POLL_SECONDS)),
        "stale_seconds": int(getattr(settings, "LOBBY_BOARD_STALE_SECONDS", DEFAULT_STALE_SECONDS)),
    }
