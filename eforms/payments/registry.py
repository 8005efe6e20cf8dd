"""Payment providers by name; the active one comes from ``PAYMENT_PROVIDER``.

An implementation registers itself with the ``@register`` decorator; the
app's ``ready()`` imports the built-in implementations (``sandbox``), so
this module imports none of them.
"""

from django.conf import settings

_registry = {}


def register(cls):
    _registry[cls.name] = cls
    return cls


def get_provider(name=None):
    name = name or getattr(settings, "PAYMENT_PROVIDER", "vnpay_sandbox")
    try:
        return _registry[name]()
    except KeyError:
        raise LookupError(f"unknown payment provider {name!r}") from None


def provider_names():
    return sorted(_registry)
