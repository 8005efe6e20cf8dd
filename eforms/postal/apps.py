from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostalConfig(AppConfig):
    name = "eforms.postal"
    label = "postal"
    verbose_name = _("Bưu chính công ích")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The operators register themselves; the postage joins the amount to
        # pay through the payments' charge registry; tasks are published by name.
        from eforms.payments.charges import register_charge
        from eforms.postal import checks, tasks  # noqa: F401
        from eforms.postal.charges import postage_lines
        from eforms.postal.operators import http, sandbox  # noqa: F401

        register_charge("postal", postage_lines)
