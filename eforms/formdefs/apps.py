from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.signals import published


class FormdefsConfig(AppConfig):
    name = "eforms.formdefs"
    label = "formdefs"
    verbose_name = _("Tờ khai điện tử")

    def ready(self):
        # Models can only be imported once the app registry is ready.
        from .models import ProcedureForm
        from .schema import freeze_on_publish

        published.connect(freeze_on_publish, sender=ProcedureForm, dispatch_uid="eforms_freeze_form_version")
