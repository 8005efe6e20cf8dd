"""What the citizen-facing views share: the rate limits, the body-size
guard and the no-store page answer."""

from django.conf import settings
from django.shortcuts import render

from eforms.appointments.constants import MAX_BODY_BYTES
from portal import ratelimit


def page(request, template, context, status=200):
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def too_large(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > MAX_BODY_BYTES


def limited(request, scope):
    return ratelimit.hit(request, scope)


def base_url():
    return settings.PORTAL_BASE_URL.rstrip("/")
