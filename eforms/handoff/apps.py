from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoffConfig(AppConfig):
    name = "eforms.handoff"
    label = "handoff"
    verbose_name = _("Chuyển hồ sơ đến cơ quan xử lý")

    def ready(self):
        # Imported once the models are ready: the built-in backends register
        # themselves, the tasks register with Celery (the services publish
        # them by name).
        from eforms.dossiers.signals import dossier_released
        from eforms.handoff import tasks  # noqa: F401
        from eforms.handoff.backends import email, webhook, workspace  # noqa: F401
        from eforms.handoff.services import enqueue_on_release

        dossier_released.connect(enqueue_on_release, dispatch_uid="handoff_enqueue_on_release")
