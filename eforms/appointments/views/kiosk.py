"""``/kiosk/lich-hen/``: the kiosk's check-in. The citizen types the code
or scans the QR code of the confirmation (a scanner types it, followed by
Enter); within the window around the slot a priority ticket is issued and
the kiosk shows the printable ticket page of the lobby. Nothing personal is
shown: the ticket, the time and the counter only."""

import structlog
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from eforms.appointments import checkin, services, texts
from eforms.appointments.forms import KioskCodeForm
from eforms.appointments.views.common import too_large
from eforms.lobby.tickets import ticket_url
from eforms.lobby.views.common import kiosk_render
from portal import ratelimit

log = structlog.get_logger(__name__)

TEMPLATE = "appointments/kiosk_checkin.html"


def _message(refused):
    appointment = refused.appointment
    if refused.reason == checkin.COUNTER_CLOSED and refused.detail:
        return refused.detail
    text = str(texts.CHECKIN[refused.reason])
    if appointment is None:
        return text
    opens, _closes = checkin.window(appointment)
    start = timezone.localtime(appointment.starts_at)
    return text % {"opens": f"{timezone.localtime(opens):%H:%M}", "starts": f"{start:%H:%M %d/%m/%Y}"}


def _page(request, context, status=200):
    return kiosk_render(request, TEMPLATE, context, status, private=True)


@require_http_methods(["GET", "POST"])
def check_in(request):
    if request.method == "GET":
        return _page(request, {"form": KioskCodeForm()})
    if too_large(request):
        return _page(request, {"form": KioskCodeForm(), "error": texts.TOO_LARGE}, 413)
    # The kiosk is one address for everybody in the lobby: only failures count.
    if ratelimit.blocked(request, "appointment_checkin"):
        return _page(request, {"form": KioskCodeForm(), "error": texts.TOO_MANY}, 429)
    form = KioskCodeForm(request.POST)
    if not form.is_valid():
        return _page(request, {"form": form, "error": form.errors["ma"][0]}, 400)
    try:
        _appointment, ticket = checkin.check_in(services.find(form.cleaned_data["ma"]))
    except checkin.CheckInRefused as refused:
        if refused.reason == checkin.NOT_FOUND:
            ratelimit.hit(request, "appointment_checkin")
        log.info("appointment_checkin_refused", reason=refused.reason)
        status = 404 if refused.reason == checkin.NOT_FOUND else 409
        return _page(request, {"form": KioskCodeForm(), "error": _message(refused)}, status)
    url = ticket_url(ticket)
    if request.GET.get("lang"):
        url += f"?lang={request.GET['lang'][:5]}"
    return redirect(url)
