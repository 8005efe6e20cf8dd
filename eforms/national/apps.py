from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class NationalConfig(AppConfig):
    name = "eforms.national"
    label = "national"
    verbose_name = _("Đồng bộ Cổng Dịch vụ công quốc gia")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every history row of a dossier is pushed: the receiver records the
        # push in the transaction that wrote the row (see ``delivery``).
        from eforms.dossiers.models import DossierStatusChange
        from eforms.national import checks, tasks  # noqa: F401
        from eforms.national.delivery import record_change_receiver

        post_save.connect(record_change_receiver, sender=DossierStatusChange, dispatch_uid="national_status_push")
