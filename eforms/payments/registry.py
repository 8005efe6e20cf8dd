"""Payment providers by name; the active one comes from ``PAYMENT_PROVIDER``."""
from django.conf import settings

_registry = {}


def register(cls):
    _registry[cls.name] = cls
    return cls


def get_provider(name=None):
    from eforms.payments import sandbox  # noqa: F401  (registers the built-in providers)

    name = name or getattr(settings, "PAYMENT_PROVIDER", "vnpay_sandbox")
    try:
        return _registry[name]()
    except KeyError:
        raise LookupError(f"unknown payment provider {name!r}") from None


def provider_names():
    from eforms.payments import sandbox  # noqa: F401

    return sorted(_registry)
