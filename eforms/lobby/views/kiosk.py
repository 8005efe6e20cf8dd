"""The kiosk of the reception hall (``/kiosk/``): the start screen, taking a
queue ticket and the printable ticket."""

import structlog
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from eforms.lobby.choices import queue_choices, resolve
from eforms.lobby.models import Ticket
from eforms.lobby.tickets import TicketRefused, issue_ticket, ticket_url
from eforms.lobby.views.common import kiosk_render
from eforms.lobby.waiting import tickets_ahead
from portal import ratelimit

log = structlog.get_logger(__name__)

UNKNOWN_QUEUE = gettext_lazy("Quầy hoặc lĩnh vực đã chọn không có hoặc đang tạm ngừng tiếp nhận. Vui lòng chọn lại.")


@require_GET
def start(request):
    return kiosk_render(request, "lobby/kiosk/start.html")


def _choose(request, error=None, status=200):
    context = {"groups": queue_choices(), "error": error}
    return kiosk_render(request, "lobby/kiosk/take_ticket.html", context, status, private=True)


@require_http_methods(["GET", "POST"])
def take_ticket(request):
    """Choose a counter or a field, get a number."""
    if request.method == "GET":
        return _choose(request)
    if ratelimit.hit(request, "ticket"):
        return _choose(
            request,
            _(
                "Đã có quá nhiều số thứ tự được lấy từ máy này trong thời gian ngắn. "
                "Ông/Bà vui lòng chờ ít phút hoặc liên hệ cán bộ hướng dẫn tại sảnh."
            ),
            429,
        )
    target = resolve(request.POST.get("hang", ""))
    if target is None:
        log.info("lobby_ticket_unknown_queue")
        return _choose(request, UNKNOWN_QUEUE, 400)
    try:
        ticket = issue_ticket(target, source="kiosk")
    except TicketRefused as refused:
        return _choose(request, refused.message, 409)
    return redirect(f"{ticket_url(ticket)}?in=1")


@require_GET
def ticket(request, uuid):
    """The printable ticket (80 mm thermal paper): number, counter or field,
    time, the estimated wait and how many are ahead."""
    ticket = get_object_or_404(Ticket.objects.select_related("agency", "counter", "field"), uuid=uuid)
    context = {"ticket": ticket, "ahead": tickets_ahead(ticket).count(), "auto_print": request.GET.get("in") == "1"}
    return kiosk_render(request, "lobby/kiosk/ticket.html", context, private=True)
