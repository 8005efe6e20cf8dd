"""Rendered procedure sheets kept per catalogue version (issue 17).

A procedure page is the same HTML for every anonymous visitor who asks it
in the same language: rendering it (its rows, fees, legal bases, the
template's few hundred tags) is most of the request. The rendered page is
therefore kept in the default cache under the catalogue version
(``content.catalogue_cache``: any save, publish, unpublish, move or delete of
a procedure, field or agency, or a bulk import, replaces it), the page, its
last publication, the path and the language, with the SHA-256 of the styles
the page carries inline (the Content-Security-Policy must allow them again
on a cached answer).

Only plain anonymous ``GET``/``HEAD`` requests are served from it: no query
string (``?lang=…`` and any other parameter render afresh), no session
cookie (a signed-in citizen, an editor with the userbar), never a preview
(Wagtail's preview does not pass through ``serve``). Site-wide settings and
snippets shown in the page frame do not change the catalogue version, so an
entry also expires after ``PORTAL_CACHE_S_MAXAGE``, the time a reverse proxy
may keep the same page anyway.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

from .catalogue_cache import catalogue_version

CACHEABLE_METHODS = frozenset({"GET", "HEAD"})


def _servable_from_cache(request):
    return (
        request.method in CACHEABLE_METHODS
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not getattr(request, "is_preview", False)
    )


def sheet_key(page, request):
    published = page.last_published_at.isoformat() if page.last_published_at else "-"
    return f"content:sheet:{catalogue_version()}:{page.pk}:{published}:{get_language()}:{request.path}"


def serve_sheet(page, request, render):
    """The answer of ``render()`` (the page's own serve), from the cache when
    an earlier anonymous request rendered the same sheet."""
    if not _servable_from_cache(request):
        return render()
    key = sheet_key(page, request)
    hit = cache.get(key)
    if hit is not None:
        content, content_type, style_hashes = hit
        if style_hashes:
            request.csp_style_hashes = list(style_hashes)
        return HttpResponse(content, content_type=content_type)
    response = render()
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    if response.status_code == 200 and not response.cookies and not response.streaming:
        entry = (response.content, response["Content-Type"], tuple(getattr(request, "csp_style_hashes", ()) or ()))
        cache.set(key, entry, settings.PORTAL_CACHE_S_MAXAGE)
    return response
