from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "eforms.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ")

    def ready(self):
        # The system checks of the receiving-unit codes register themselves.
        from eforms.dossiers import checks  # noqa: F401
