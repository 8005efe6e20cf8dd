from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoffConfig(AppConfig):
    name = "eforms.handoff"
    label = "handoff"
    verbose_name = _("Chuyển hồ sơ đến cơ quan xử lý")

    def ready(self):
        from eforms.dossiers.signals import dossier_released

        from .services import enqueue_on_release

        dossier_released.connect(enqueue_on_release, dispatch_uid="handoff_enqueue_on_release")
