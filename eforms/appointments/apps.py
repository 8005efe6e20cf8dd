from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "eforms.appointments"
    label = "appointments"
    verbose_name = _("Đặt lịch hẹn")
    default_auto_field = "django.db.models.BigAutoField"
