"""Autocomplete: suggestions for what is being typed, and procedure URLs
from their stored ``url_path`` (no per-request site lookup)."""

import hashlib

from django.core.cache import cache
from wagtail.models import Site

from content.models import ProcedurePage

from .backends.index_queries import matching_ids
from .candidates import code_rows, live_procedures, live_rows
from .folding import tokens
from .memo import catalogue_version, per_request
from .text import clean_query, looks_like_code, query_keys

AUTOCOMPLETE_LIMIT = 8
CACHE_TTL = 300
ENGINE_MATCHES = 200  # prefix matches the engine returns ...
RANKED = 60  # ... of which the live ones ranked here


def _cache_key(kind, text=""):
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]
    return f"search:{kind}:{catalogue_version()}:{digest}"


def autocomplete(raw_query, limit=AUTOCOMPLETE_LIMIT):
    """Up to ``limit`` suggestions ``{"code", "name", "url"}`` for what is
    being typed: word prefixes, with or without diacritics, or a code.
    Cached per folded prefix and catalogue version."""
    cleaned = clean_query(raw_query)
    keys = query_keys(cleaned)
    if not keys:
        return []
    key = _cache_key("ac", " ".join(keys) + f"|{limit}|{looks_like_code(cleaned)}")
    cached = cache.get(key)
    if cached is not None:
        return cached

    if looks_like_code(cleaned):
        ids = [row[0] for row in code_rows(cleaned)]
    else:
        ids = matching_ids(ProcedurePage, keys, prefix=True, limit=ENGINE_MATCHES)
        if ids is not None:
            live = live_rows()
            ids = [pk for pk in ids if pk in live][:RANKED]
        else:
            results = live_procedures().autocomplete(" ".join(keys), operator="and")
            ids = [obj.pk for obj in results[:RANKED]]
    rows = {
        row[0]: row
        for row in ProcedurePage.objects.filter(pk__in=ids).values_list("pk", "code", "title", "url_path", "keywords")
    }

    def rank(item):
        position, pk = item
        _pk, code, title, _url, keywords = rows[pk]
        name = tokens(title)
        complete, last = keys[:-1], keys[-1]
        words_ok = all(k in name for k in complete) and any(w.startswith(last) for w in name)
        starts = (
            name[: len(complete)] == complete and len(name) > len(complete) and name[len(complete)].startswith(last)
        )
        return (not starts, not words_ok, len(name), position)

    ordered = sorted(((pos, pk) for pos, pk in enumerate(ids) if pk in rows), key=rank)
    sites = _site_root_paths()  # url_path is already in ``rows``
    suggestions = [
        {"code": rows[pk][1], "name": rows[pk][2], "url": _relative_url(rows[pk][3], sites)}
        for _pos, pk in ordered[:limit]
    ]
    cache.set(key, suggestions, CACHE_TTL)
    return suggestions


def _relative_url(url_path, sites):
    for site in sites:
        if url_path.startswith(site.root_path):
            return "/" + url_path[len(site.root_path) :].lstrip("/")
    return ""


def _site_root_paths():
    return per_request("site-root-paths", Site.get_site_root_paths)


def procedure_url(page, request=None):
    """Relative URL of a procedure page from its ``url_path`` and the site
    root paths (read from the cache once per request, no site lookup)."""
    return _relative_url(page.url_path, _site_root_paths()) or (page.get_url(request=request) or "")
