from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EformsConfig(AppConfig):
    name = "eforms"
    verbose_name = _("Biểu mẫu điện tử và hồ sơ")

    def ready(self):
        from wagtail.signals import published

        from .models import ProcedureForm

        published.connect(_freeze_form_version, sender=ProcedureForm, dispatch_uid="eforms_freeze_form_version")


def _freeze_form_version(sender, instance, **kwargs):
    """Each publish of an e-form freezes an immutable ``FormVersion``."""
    from .schema import publish_form_version

    publish_form_version(instance)
