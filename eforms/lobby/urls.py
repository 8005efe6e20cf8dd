"""``/kiosk/``, ``/bang-dien-tu/`` and ``/can-bo/goi-so/`` (included at "" by portal/urls.py)."""

from django.urls import path

from eforms.lobby.views import board, calls, catalogue, dossier, kiosk

app_name = "lobby"
urlpatterns = [
    path("kiosk/", kiosk.start, name="kiosk"),
    path("kiosk/lay-so/", kiosk.take_ticket, name="take_ticket"),
    path("kiosk/so-thu-tu/<uuid:uuid>/", kiosk.ticket, name="ticket"),
    path("kiosk/tim-kiem/", catalogue.search, name="search"),
    path("kiosk/thu-tuc/<str:code>/", catalogue.procedure, name="procedure"),
    path("kiosk/thu-tuc/<str:code>/in/", catalogue.checklist, name="checklist"),
    path("kiosk/tra-cuu/", dossier.lookup, name="lookup"),
    path("kiosk/danh-gia/", dossier.rate, name="rate"),
    path("bang-dien-tu/", board.board, name="board"),
    path("bang-dien-tu/du-lieu.json", board.board_data, name="board_data"),
    path("can-bo/goi-so/", calls.desk, name="calls"),
    path("can-bo/goi-so/<str:counter_uuid>/<slug:action>/", calls.act, name="call_action"),
]
