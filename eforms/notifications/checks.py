"""System checks: the configured SMS / Zalo gateways exist and are usable."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from eforms.notifications.registry import get_sms_gateway, get_zalo_gateway


@checks.register()
def check_gateways(app_configs=None, **kwargs):
    errors = []
    for setting, factory, code in (
        ("NOTIFICATION_SMS_BACKEND", get_sms_gateway, "notifications.E001"),
        ("NOTIFICATION_ZALO_BACKEND", get_zalo_gateway, "notifications.E002"),
    ):
        try:
            factory()
        except ImproperlyConfigured as exc:
            errors.append(checks.Error(str(exc), hint=f"Set {setting} (sandbox, http or none).", id=code))
    return errors
