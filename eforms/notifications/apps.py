from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "eforms.notifications"
    label = "notifications"
    verbose_name = _("Thông báo cho người nộp hồ sơ")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The built-in gateways register themselves (``registry``), the
        # system checks and the tasks (published by name) register too.
        from eforms.dossiers.signals import citizen_sms_requested, dossier_submitted
        from eforms.notifications import checks, http, sandbox, tasks  # noqa: F401
        from eforms.notifications.services import notify_submitted, queue_direct_sms

        dossier_submitted.connect(notify_submitted, dispatch_uid="notifications_on_submitted")
        citizen_sms_requested.connect(queue_direct_sms, dispatch_uid="notifications_direct_sms")
