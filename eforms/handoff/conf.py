"""Hand-off settings with their defaults (read from the environment in
``portal/settings/base.py``; tests override them with ``settings``)."""
from django.conf import settings

DEFAULTS = {
    # failed deliveries before a branch goes to the dead letters
    "HANDOFF_MAX_ATTEMPTS": 8,
    # a published branch not acknowledged within this time is published again
    "HANDOFF_ACK_TIMEOUT": 120,
    # exponential backoff: base * 2**(n-1), capped
    "HANDOFF_BACKOFF_BASE": 30,
    "HANDOFF_BACKOFF_MAX": 3600,
    # how long a worker owns a branch it is delivering (longer than any backend timeout)
    "HANDOFF_DELIVERY_LEASE": 300,
    "HANDOFF_SWEEP_INTERVAL": 30,
    "HANDOFF_SWEEP_BATCH": 500,
    "HANDOFF_SWEEP_TIME_BUDGET": 25,
    "HANDOFF_WEBHOOK_TIMEOUT": 10,
    "HANDOFF_WEBHOOK_ALLOW_HTTP": False,
    "HANDOFF_LINK_MAX_AGE": 7 * 24 * 3600,
    "HANDOFF_EXTRA_BACKENDS": (),
    "HANDOFF_AUTO_CONSUME": False,
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
