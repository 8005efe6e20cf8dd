"""Failure counters in the cache (local memory or Redis) for rate limiting.

A counter lives for ``window`` seconds from its first failure; when it
reaches ``limit`` the action is refused until the window ends. Keys hash the
identifiers so that user names never appear in the cache.
"""
import hashlib

from django.core.cache import cache


def client_ip(request):
    # Behind a reverse proxy, configure it to set REMOTE_ADDR (e.g. gunicorn's
    # --forwarded-allow-ips); X-Forwarded-For is not trusted here.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


KEY_PREFIX = "twofactor:rl"


def _key(scope, *parts):
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:32]
    return f"{KEY_PREFIX}:{scope}:{digest}"


class FailureCounter:
    def __init__(self, scope, limit, window):
        self.scope = scope
        self.limit = limit
        self.window = window

    def key(self, *parts):
        return _key(self.scope, *parts)

    def count(self, *parts):
        return int(cache.get(self.key(*parts), 0) or 0)

    def blocked(self, *parts):
        return self.count(*parts) >= self.limit

    def hit(self, *parts):
        key = self.key(*parts)
        if cache.add(key, 1, timeout=self.window):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=self.window)
            return 1

    def reset(self, *parts):
        cache.delete(self.key(*parts))
