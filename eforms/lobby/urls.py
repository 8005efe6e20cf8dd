"""``/kiosk/``, ``/bang-dien-tu/`` and ``/can-bo/goi-so/`` (included at "" by portal/urls.py)."""

from django.urls import path

from eforms.lobby.views import kiosk

app_name = "lobby"
urlpatterns = [
    path("kiosk/so-thu-tu/<uuid:uuid>/", kiosk.ticket, name="ticket"),
]
