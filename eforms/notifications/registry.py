"""Which SMS / Zalo gateway a deployment uses, chosen by setting.

``NOTIFICATION_SMS_BACKEND`` and ``NOTIFICATION_ZALO_BACKEND`` name a
registered gateway (``sandbox``, ``http``) or ``none`` to switch the channel
off.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DISABLED = {"", "none", "off", "disabled"}

_sms = {}
_zalo = {}


def register_sms(name):
    def decorator(cls):
        cls.name = name
        _sms[name] = cls
        return cls

    return decorator


def register_zalo(name):
    def decorator(cls):
        cls.name = name
        _zalo[name] = cls
        return cls

    return decorator


def _get(kind, table, setting):
    name = (getattr(settings, setting, "sandbox") or "").strip().lower()
    if name in DISABLED:
        return None
    try:
        cls = table[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"{setting}={name!r}: unknown {kind} gateway (known: {', '.join(sorted(table))}, none)"
        ) from None
    return cls()


def channel_enabled(setting):
    return (getattr(settings, setting, "sandbox") or "").strip().lower() not in DISABLED


def get_sms_gateway():
    """The configured SMS gateway, or ``None`` when SMS is switched off."""
    return _get("SMS", _sms, "NOTIFICATION_SMS_BACKEND")


def get_zalo_gateway():
    """The configured Zalo ZNS gateway, or ``None`` when Zalo is switched off."""
    return _get("Zalo", _zalo, "NOTIFICATION_ZALO_BACKEND")


def sms_backends():
    return sorted(_sms)


def zalo_backends():
    return sorted(_zalo)
