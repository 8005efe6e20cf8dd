"""The one rate limiter of the portal: counters in Django's cache.

A counter belongs to a *scope* (``"lookup"``, ``"twofactor_login"`` …) and a
*key*: the client address of :mod:`portal.clientaddress` unless the caller
passes an explicit ``key`` (a user id, or a tuple such as ``(address, user
name)``). Keys are hashed, so user names never appear in the cache.

Fixed window from the first hit: a counter lives ``window`` seconds from the
hit that created it, then starts again from zero. Limits are ``(limit,
seconds)`` per scope in :data:`DEFAULT_RATE_LIMITS`, overridden scope by
scope by ``settings.RATE_LIMITS`` (a value may also be ``"limit/seconds"``).

Two ways to use it:

- count every request, refuse past the limit::

      if ratelimit.hit(request, "lookup"):
          return too_many(request)

- count failures only, refuse once ``limit`` failures are counted::

      if ratelimit.blocked(request, "twofactor_verify", key=user.pk):
          ...  # 429, without trying the code
      elif ok:
          ratelimit.reset(request, "twofactor_verify", key=user.pk)
      else:
          ratelimit.hit(request, "twofactor_verify", key=user.pk)

The cache is ``settings.RATELIMIT_CACHE`` (default ``"default"``). On Redis,
memcached and local memory the count is atomic (``add`` then ``incr``); local
memory counts per process, so production needs a shared cache. The database
and file caches work too (their ``incr`` is not atomic, so concurrent hits
may be under-counted).
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.exceptions import ImproperlyConfigured

from .clientaddress import client_address

logger = logging.getLogger("portal.ratelimit")

DEFAULT_RATE_LIMITS = {
    # Public e-forms, per client address; generous enough for a shared
    # public-counter or NAT address.
    "draft": (60, 3600),
    "step": (1200, 3600),
    "submit": (30, 3600),
    "lookup": (30, 600),
    "api_status": (60, 600),
    "resume_email": (5, 3600),
    "payment": (30, 3600),
    "result_download": (20, 600),
    "rating": (30, 600),  # the rating page with a code, and each rating sent
    "feedback_submit": (10, 3600),  # feedback sent on /phan-anh-kien-nghi/
    "feedback_lookup": (30, 600),  # the sender's status page with a code
    "ticket": (300, 3600),  # queue tickets taken at one kiosk (one address) per hour
    "verify_signature": (30, 600),  # PDFs checked on /xac-thuc-van-ban/
    "citizen_sign_in": (30, 600),  # returns from the identity provider to /dang-nhap/xac-thuc/
    "citizen_claim": (5, 3600),  # wrong code or secret when claiming a dossier (failures only, per citizen)
    "appointment_book": (20, 3600),  # bookings sent on /dat-lich-hen/
    "appointment_manage": (30, 600),  # an appointment's page with its secret
    "appointment_checkin": (30, 600),  # unknown codes typed at the kiosk (failures only)
    # Staff sign-in, failures only.
    "twofactor_login": (5, 900),  # wrong passwords per (address, user name)
    "twofactor_login_ip": (50, 900),  # wrong passwords per address, any name
    "twofactor_verify": (10, 900),  # wrong second-factor codes per user
}


def _parse_limit(scope, value):
    try:
        if isinstance(value, str):
            count, seconds = value.split("/")
        else:
            count, seconds = value
        count, seconds = int(count), int(seconds)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"RATE_LIMITS[{scope!r}] must be (limit, seconds) or 'limit/seconds', not {value!r}."
        ) from exc
    if count < 0 or seconds < 1:
        raise ImproperlyConfigured(f"RATE_LIMITS[{scope!r}]: limit >= 0 and seconds >= 1, not {value!r}.")
    return count, seconds


def limit_for(scope):
    """``(limit, window_seconds)`` of a scope."""
    limits = {**DEFAULT_RATE_LIMITS, **(getattr(settings, "RATE_LIMITS", None) or {})}
    if scope not in limits:
        raise ImproperlyConfigured(f"No rate limit for scope {scope!r}: add it to RATE_LIMITS.")
    return _parse_limit(scope, limits[scope])


def _resolve(scope, limit, window):
    if limit is None or window is None:
        configured_limit, configured_window = limit_for(scope)
        limit = configured_limit if limit is None else limit
        window = configured_window if window is None else window
    return int(limit), max(1, int(window))


def _cache():
    return caches[getattr(settings, "RATELIMIT_CACHE", "default") or "default"]


def _identity(request, key):
    if key is None:
        return client_address(request) or "unknown"
    if isinstance(key, (tuple, list)):
        return "\x1f".join(str(part) for part in key)
    return str(key)


def cache_key(request, scope, *, key=None):
    namespace = getattr(settings, "RATELIMIT_NAMESPACE", "v1")
    digest = hashlib.sha256(_identity(request, key).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"ratelimit:{namespace}:{scope}:{digest}"


def _native_incr(cache):
    """Backends whose ``incr`` is atomic and keeps the expiry (the base
    implementation is get + set, which resets the timeout)."""
    return type(cache).incr is not BaseCache.incr


def _bump(cache, ckey, window):
    if _native_incr(cache):
        if cache.add(ckey, 1, timeout=window):
            return 1
        try:
            current = cache.incr(ckey)
        except ValueError:  # expired between add() and incr()
            cache.add(ckey, 1, timeout=window)
            return 1
        if current == 1:  # Redis INCR re-created an expired key without expiry
            cache.touch(ckey, window)
        return current
    # Database/file cache: keep the window's end in the value.
    now = time.time()
    value = cache.get(ckey)
    if isinstance(value, (tuple, list)) and len(value) == 2 and value[1] > now:
        current, ends = int(value[0]) + 1, value[1]
    else:
        current, ends = 1, now + window
    cache.set(ckey, (current, ends), timeout=max(1, math.ceil(ends - now)))
    return current


def _read(cache, ckey):
    value = cache.get(ckey)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return int(value[0]) if value[1] > time.time() else 0
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def hit(request, scope, *, key=None, limit=None, window=None):
    """Count one hit; ``True`` when this hit is over the limit (the
    ``limit + 1``-th and later within the window). ``limit``/``window``
    override the configured values for this call."""
    limit, window = _resolve(scope, limit, window)
    current = _bump(_cache(), cache_key(request, scope, key=key), window)
    if current == limit + 1:  # once per window, not on every refused hit
        logger.warning(
            "ratelimit_exceeded",
            extra={
                "scope": scope,
                "limit": limit,
                "window": window,
                "client": client_address(request) if request is not None else "",
                "explicit_key": key is not None,
            },
        )
    return current > limit


def blocked(request, scope, *, key=None, limit=None):
    """``True`` when ``limit`` hits are already counted (without counting)."""
    if limit is None:
        limit = limit_for(scope)[0]
    return count(request, scope, key=key) >= limit


def count(request, scope, *, key=None):
    """Hits counted in the current window."""
    return _read(_cache(), cache_key(request, scope, key=key))


def reset(request, scope, *, key=None):
    """Forget the counter (e.g. after a successful sign-in)."""
    _cache().delete(cache_key(request, scope, key=key))
