"""What every kiosk page shares: its own frame (no site header or footer, so
no link leads out of ``/kiosk/``), the idle time after which it returns to
the start screen, and no caching of pages that may show a dossier."""

from django.conf import settings
from django.shortcuts import render

DEFAULT_IDLE_SECONDS = 90


def idle_seconds():
    try:
        return max(10, int(getattr(settings, "KIOSK_IDLE_SECONDS", DEFAULT_IDLE_SECONDS)))
    except (TypeError, ValueError):
        return DEFAULT_IDLE_SECONDS


def kiosk_render(request, template, context=None, status=200, *, private=False):
    """Render a kiosk page; ``private`` pages (look-up, rating, anything
    with a code or a form) are ``no-store``."""
    context = {"kiosk_idle_seconds": idle_seconds(), **(context or {})}
    response = render(request, template, context, status=status)
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
