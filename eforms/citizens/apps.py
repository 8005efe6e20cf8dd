from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "eforms.citizens"
    label = "citizens"
    verbose_name = _("Tài khoản công dân")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # the e-form asks this app who is applying (prefill, lock, level of assurance)
        from eforms.citizens.provider import CitizenIdentityProvider
        from eforms.submission import identity

        identity.register(CitizenIdentityProvider())
