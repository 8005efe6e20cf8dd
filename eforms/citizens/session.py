"""The citizen's session: the citizen's UUID under its own key, never a
Django login. A staff session (a signed-in user) never shows citizen data;
signing a citizen in ends any staff login in that browser and rotates the
session key."""

from datetime import timedelta

import structlog
from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone

from eforms.citizens.models import Citizen

log = structlog.get_logger(__name__)
SESSION_KEY = "citizen_uuid"
SESSION_AT = "citizen_signed_in_at"
SESSION_NEXT = "citizen_next"


def _staff(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def current_citizen(request):
    """The signed-in citizen, or None (also for a staff session, and after
    ``CITIZEN_SESSION_MAX_AGE`` seconds)."""
    if _staff(request) or not hasattr(request, "session"):
        return None
    if getattr(request, "_citizen_cache", False) is not False:
        return request._citizen_cache
    citizen = None
    key = request.session.get(SESSION_KEY)
    signed_in_at = request.session.get(SESSION_AT)
    if key and signed_in_at:
        age = timezone.now() - timezone.datetime.fromisoformat(signed_in_at)
        if age <= timedelta(seconds=settings.CITIZEN_SESSION_MAX_AGE):
            citizen = Citizen.objects.filter(uuid=key).first()
        else:
            sign_out(request, reason="expired")
    request._citizen_cache = citizen
    return citizen


def sign_in(request, citizen):
    if _staff(request):
        logout(request)  # flushes the staff session: a citizen never rides on it
    request.session.cycle_key()
    request.session[SESSION_KEY] = str(citizen.uuid)
    request.session[SESSION_AT] = timezone.now().isoformat()
    request._citizen_cache = citizen
    log.info("citizen_signed_in", citizen=str(citizen.uuid), assurance=citizen.level)


def sign_out(request, reason="asked"):
    key = request.session.pop(SESSION_KEY, None)
    request.session.pop(SESSION_AT, None)
    request._citizen_cache = None
    if key:
        request.session.cycle_key()
        log.info("citizen_signed_out", citizen=key, reason=reason)
