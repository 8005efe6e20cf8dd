"""Anonymous public pages a reverse proxy may keep; everything else private.

``PublicCacheMiddleware`` decides, once the answer is complete (after the
session, CSRF, language and private-page middleware have had their say),
whether an answer is the same for every anonymous visitor:

- a ``GET``/``HEAD`` answered ``200``, on no private path
  (``PORTAL_PRIVATE_PATH_PREFIXES``), to a request without a session cookie,
  whose page used no CSRF token and whose answer sets no cookie and carries
  no ``Cache-Control`` of its own: ``Cache-Control: public, max-age=…,
  s-maxage=…`` (``PORTAL_CACHE_MAX_AGE``, ``PORTAL_CACHE_S_MAXAGE``);
- an answer that sets a cookie, renders a CSRF token or goes to a visitor
  with a session: ``private, no-store`` (the private pages already are, from
  ``PrivatePagesMiddleware``);
- anything else (a POST, a redirect, an error) is left as the view made it.

``ConditionalGetMiddleware`` (inside this one) adds the ETag and answers
``304`` to a matching ``If-None-Match``; ``PublicGZipMiddleware`` (outside)
compresses public answers only: a staff page, a tracking page with a code
and secret, a form with a CSRF token is never compressed (BREACH). An
answer that is public but for the language cookie it sets (a ``?lang=en``
link) stays ``private, no-store`` yet is compressed too: the cookie is a
header, not part of the compressed body, and names a language, not a secret.
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import add_never_cache_headers, patch_cache_control

from portal.middleware import PRIVATE_PREFIXES

CACHEABLE_METHODS = frozenset({"GET", "HEAD"})


def _private_prefixes():
    return tuple(getattr(settings, "PORTAL_PRIVATE_PATH_PREFIXES", PRIVATE_PREFIXES))


def is_public(request, response):
    """Whether ``response`` is the same for every anonymous visitor."""
    return (
        request.method in CACHEABLE_METHODS
        and response.status_code == 200
        and not response.has_header("Cache-Control")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(_private_prefixes())
    )


def sets_only_the_language(request, response):
    """Public but for the language cookie it sets (``?lang=…``): the same body
    for every anonymous visitor who asked that language, with no secret in it."""
    return (
        request.method in CACHEABLE_METHODS
        and response.status_code == 200
        and set(response.cookies) == {settings.LANGUAGE_COOKIE_NAME}
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(_private_prefixes())
    )


def must_stay_private(request, response):
    """A cookie set, a CSRF token rendered or a session: never in a shared cache."""
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


class PublicCacheMiddleware:
    """``Cache-Control: public`` on anonymous public pages, ``private,
    no-store`` on answers that carry a cookie, a CSRF token or a session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_public(request, response):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PORTAL_CACHE_MAX_AGE,
                s_maxage=settings.PORTAL_CACHE_S_MAXAGE,
            )
            response.portal_public = True
        elif must_stay_private(request, response):
            response.portal_compressible = sets_only_the_language(request, response)
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Django's gzip, only for answers ``PublicCacheMiddleware`` made public
    or found public but for the language cookie (they hold no secret, so
    compression leaks nothing: BREACH)."""

    def process_response(self, request, response):
        if not (getattr(response, "portal_public", False) or getattr(response, "portal_compressible", False)):
            return response
        return super().process_response(request, response)
