from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "eforms.payments"
    label = "payments"
    verbose_name = _("Thanh toán phí, lệ phí")

    def ready(self):
        # The built-in providers register themselves (``registry.register``)
        # when imported: once, at start-up, not from the registry.
        from . import sandbox  # noqa: F401
