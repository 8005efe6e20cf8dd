"""Per-client rate limits kept in the cache (local memory, or Redis through
``CACHE_URL`` so that every web process shares the counters).

Limits are ``"<count>/<seconds>"`` strings in ``settings.EFORMS_RATE_LIMITS``
per scope; the client is the remote address (the first address of
``X-Forwarded-For`` only when ``EFORMS_TRUST_X_FORWARDED_FOR`` is set,
i.e. behind a trusted reverse proxy).
"""
import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("eforms.ratelimit")

DEFAULT_LIMITS = {
    # generous enough for a shared public-counter or NAT address
    "draft": "60/3600",
    "step": "1200/3600",
    "submit": "30/3600",
    "lookup": "30/600",
    "api_status": "60/600",
    "resume_email": "5/3600",
    "payment": "30/3600",
}


def client_id(request):
    if getattr(settings, "EFORMS_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def _limit(scope):
    limits = {**DEFAULT_LIMITS, **getattr(settings, "EFORMS_RATE_LIMITS", {})}
    count, seconds = limits[scope].split("/")
    return int(count), int(seconds)


def hit(request, scope):
    """Count one request; return ``True`` when it is over the limit."""
    count, seconds = _limit(scope)
    window = int(time.time() // seconds)
    namespace = getattr(settings, "EFORMS_RATELIMIT_NAMESPACE", "v1")
    key = f"eforms:rl:{namespace}:{scope}:{client_id(request)}:{window}"
    if cache.add(key, 1, timeout=seconds + 5):
        current = 1
    else:
        try:
            current = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=seconds + 5)
            current = 1
    if current > count:
        logger.warning("event=rate_limited scope=%s client=%s", scope, client_id(request))
        return True
    return False
