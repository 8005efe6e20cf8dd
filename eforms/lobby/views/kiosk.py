"""The kiosk of the reception hall (``/kiosk/``)."""

from django.shortcuts import get_object_or_404, render

from eforms.lobby.models import Ticket


def ticket(request, uuid):
    """The printable ticket (80 mm thermal paper)."""
    ticket = get_object_or_404(Ticket.objects.select_related("agency", "counter", "field"), uuid=uuid)
    return render(request, "lobby/ticket.html", {"ticket": ticket})
