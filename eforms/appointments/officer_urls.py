"""``/can-bo/lich-hen/`` (included by portal/urls.py)."""

from django.urls import path

from eforms.appointments.views import officer

app_name = "appointments_officer"
urlpatterns = [path("", officer.day, name="day")]
