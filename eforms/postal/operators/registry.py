"""Which operator serves this deployment (``POSTAL_BACKEND``)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_OPERATORS = {}


def register(cls):
    _OPERATORS[cls.name] = cls
    return cls


def names():
    return sorted(_OPERATORS)


def get_operator(name=None):
    name = name or settings.POSTAL_BACKEND
    try:
        return _OPERATORS[name]()
    except KeyError:
        raise ImproperlyConfigured(f"POSTAL_BACKEND={name!r}: one of {', '.join(names())}") from None


def sandbox_enabled():
    return settings.POSTAL_BACKEND == "sandbox"
