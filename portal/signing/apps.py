from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    """Digital signatures (PAdES) of the documents the portal issues and the
    public verification page. No models: keys and certificates live in
    files (the sandbox CA under ``var/signing/``) or in an HSM."""

    name = "portal.signing"
    label = "signing"
    verbose_name = _("Chữ ký số văn bản")

    def ready(self):
        from portal.signing import checks  # noqa: F401 - registers the system checks
