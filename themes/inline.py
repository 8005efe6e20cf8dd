"""Stylesheets inlined into the page, for the first text on a slow phone (issue #14).

On a slow 3G connection (400 ms per round trip) every render-blocking
stylesheet costs a round trip after the HTML before any text shows. The
public theme therefore writes its own stylesheets into ``<style>`` elements
of the anonymous public pages, those ``portal.caching`` compresses and lets
caches keep: their first paint needs the HTML alone. An answer that is sent
uncompressed and never cached (a private path such as the e-form steps, a
visitor with a session) links the stylesheets instead: inlined there they
would cost their full size on every page, linked they come from the
browser's cache after the first. A ``?lang=`` link sets the language cookie,
so it is not cached, but it is compressed, so it is inlined too.

A stylesheet is read from its source (the static files finders, or the
collected files), its comments dropped and its relative ``url(…)``
references turned into the static URLs of the files they name, hashed in
production (ManifestStaticFilesStorage), so fonts and images stay cacheable
for a year. The public Content-Security-Policy allows no inline style: the
SHA-256 of each inlined block is recorded on the request
(``request.csp_style_hashes``) and ``portal.middleware`` adds it to
``style-src``.
"""

import base64
import hashlib
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.dispatch import receiver

from portal.middleware import PRIVATE_PREFIXES

COMMENT = re.compile(r"/\*.*?\*/", re.S)
URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""")
BLANK_LINES = re.compile(r"\n\s*\n+")


@dataclass(frozen=True)
class InlineStyle:
    css: str
    digest: str  # "'sha256-…'", as Content-Security-Policy names it


def _read_source(path):
    found = finders.find(path)
    if found:
        with open(found, encoding="utf-8") as handle:
            return handle.read()
    with staticfiles_storage.open(path) as handle:  # only the collected files are there
        return handle.read().decode("utf-8")


def _absolute(path, match):
    quote, ref = match.group(1), match.group(2)
    if ref.startswith(("data:", "/", "#")) or "://" in ref:
        return match.group(0)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(path), ref.split("?")[0].split("#")[0]))
    return f"url({quote}{staticfiles_storage.url(target)}{quote})"


def _build(path):
    css = COMMENT.sub("", _read_source(path))
    css = URL.sub(lambda match: _absolute(path, match), css)
    css = BLANK_LINES.sub("\n", css).strip()
    if "</" in css:  # would end the <style> element
        raise ValueError(f"{path} cannot be inlined: it contains '</'")
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return InlineStyle(css=css, digest=f"'sha256-{digest}'")


_cached_build = lru_cache(maxsize=64)(_build)


@receiver(setting_changed)
def _forget_on_storage_change(setting, **kwargs):
    """Tests that switch the static storage (hashed names) get fresh URLs."""
    if setting in {"STORAGES", "STATIC_URL", "STATIC_ROOT", "STATICFILES_DIRS", "DEBUG"}:
        _cached_build.cache_clear()


def inline_style(path):
    """The :class:`InlineStyle` of the static file ``path`` (e.g. ``css/portal.css``);
    read again on every call while DEBUG is on, so edits show at once."""
    return _build(path) if settings.DEBUG else _cached_build(path)


def should_inline(request):
    """Whether the answer to ``request`` is an anonymous public page (compressed,
    cacheable: ``portal.caching``), where inlined styles pay off."""
    if request is None:
        return False
    prefixes = tuple(getattr(settings, "PORTAL_PRIVATE_PATH_PREFIXES", PRIVATE_PREFIXES))
    return not (request.path.startswith(prefixes) or settings.SESSION_COOKIE_NAME in request.COOKIES)


def allow_on_request(request, style):
    """Let the page answering ``request`` carry ``style`` inline."""
    if request is None:
        return
    hashes = getattr(request, "csp_style_hashes", None)
    if hashes is None:
        hashes = request.csp_style_hashes = []
    if style.digest not in hashes:
        hashes.append(style.digest)
