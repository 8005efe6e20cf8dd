"""``/dat-lich-hen/`` and the kiosk's ``/kiosk/lich-hen/`` (included at "" by portal/urls.py)."""

from django.urls import path

from eforms.appointments.views import booking, kiosk, manage

app_name = "appointments"
urlpatterns = [
    path("dat-lich-hen/", booking.start, name="start"),
    path("dat-lich-hen/dat/", booking.book, name="book"),
    path("dat-lich-hen/<str:code>/", manage.manage, name="manage"),
    path("kiosk/lich-hen/", kiosk.check_in, name="kiosk"),
]
