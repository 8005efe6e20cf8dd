from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "eforms.citizens"
    label = "citizens"
    verbose_name = _("Tài khoản công dân")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # imported here: models must be ready. The deployment checks register on import.
        from eforms.citizens import checks  # noqa: F401
        from eforms.citizens.provider import CitizenIdentityProvider
        from eforms.submission import identity

        # the e-form asks this app who is applying (prefill, lock, level of assurance)
        identity.register(CitizenIdentityProvider())
