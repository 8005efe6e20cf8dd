from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "eforms.outbox"
    label = "outbox"
    verbose_name = _("Hộp thư đi (giao ít nhất một lần)")
