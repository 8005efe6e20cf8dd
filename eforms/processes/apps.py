from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from eforms.dossiers.signals import dossier_accepted


class ProcessesConfig(AppConfig):
    name = "eforms.processes"
    label = "processes"
    verbose_name = _("Quy trình nội bộ")

    def ready(self):
        # The services import models: only once the app registry is ready.
        from .services import steps_on_acceptance

        dossier_accepted.connect(steps_on_acceptance, dispatch_uid="processes_steps_on_acceptance")
