"""Page routes kept per catalogue version (issue 17).

Wagtail finds the page of a URL by walking the tree from the site's root:
the site (one query), then for each level the child with that slug and its
specific row (two queries a level): six queries for a procedure sheet
(``/thu-tuc/<slug>/``) before the page does any work of its own. Routes
change only when pages are published, unpublished, moved or renamed, or a
site changes, and each of those replaces the catalogue version
(``content.catalogue_cache``). So a process keeps, per catalogue version,
host and path, which site answers and which page the walk ended on (with
the path components left for that page's own routes, e.g. ``pdf/``):

- a request on a known path reads that one page by its key (one query),
  checks that it still sits at that path, and lets the page route the rest
  itself (``Page.route``: live or 404, a routable page's sub-route);
- anything unexpected (the page gone, moved, or a route that no longer
  resolves) falls back to Wagtail's own walk, so a stale entry costs the
  walk, never a wrong page;
- what Wagtail found is handed to it through the attributes it caches per
  request (``request._wagtail_site``, ``request._wagtail_route_for_request``),
  so ``wagtail.views.serve`` and its hooks (view restrictions, private
  pages) run unchanged;
- only routes that found a page are kept (no entry per unknown URL), in a
  bounded per-process LRU.
"""

from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Page

from . import catalogue_cache

ROUTES_MAX = 20_000  # routes kept per process (a province's catalogue)
_ROUTES = catalogue_cache.LocalLRU(ROUTES_MAX)  # (version, host, port, path) -> Route


class Route:
    """Where a path led: the site, the page's key and class, the page's
    ``url_path`` when found there, and the components left for its own
    routes."""

    __slots__ = ("model", "page_pk", "remaining", "site", "url_path")

    def __init__(self, site, page, remaining):
        self.site = site
        self.page_pk = page.pk
        self.model = type(page)
        self.url_path = page.url_path
        self.remaining = tuple(remaining)


def _key(request, path):
    return (catalogue_cache.catalogue_version(), request._get_raw_host(), request.get_port(), path)


def _components(path):
    return [component for component in path.split("/") if component]


def _from_memory(request, route):
    """The route result of a kept route, or None when the page is no longer
    where it was (then Wagtail walks the tree)."""
    page = route.model.objects.filter(pk=route.page_pk).first()
    if page is None or page.url_path != route.url_path or not route.url_path.endswith(f"/{page.slug}/"):
        return None
    try:
        return page.route(request, list(route.remaining))
    except Http404:
        return None


def prepare_route(request, path):
    """Hand Wagtail the site and the route of ``path`` from memory when
    this process walked it before in this catalogue version; else let
    Wagtail walk it and keep where it led."""
    if hasattr(request, "_wagtail_route_for_request"):
        return
    key = _key(request, path)
    route = _ROUTES.get(key)
    if route is not None:
        result = _from_memory(request, route)
        if result is not None:
            request._wagtail_site = route.site
            request._wagtail_route_for_request = result
            return
    result = Page.route_for_request(request, path)
    site = getattr(request, "_wagtail_site", None)
    if result is None or site is None:
        return
    page = result[0]
    consumed = len(_components(page.url_path)) - len(_components(site.root_page.url_path))
    remaining = _components(path)[consumed:]
    if consumed < 0 or consumed + len(remaining) != len(_components(path)):
        return
    _ROUTES.put(key, Route(site, page, remaining))


class CachedRoutesMiddleware:
    """Before ``wagtail.views.serve`` runs: the route from memory
    (:func:`prepare_route`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_views.serve and request.method in ("GET", "HEAD"):
            path = view_kwargs.get("path", view_args[0] if view_args else "")
            prepare_route(request, path)
        return None
