"""Catalogue-wide figures computed once per catalogue version (issue 17).

The home page's counts and the catalogue's facet counts are aggregates over
the whole catalogue (at 20,000 procedures, a few GROUP BYs of 60–110 ms each
on every request). They change only when the catalogue does, so they are
kept in the default cache under a *catalogue version*: a token that any
change to a procedure, field or agency (saved, deleted, published,
unpublished, moved, or a bulk import's ``catalogue_changed``) replaces. The
token lives in the cache every process reads (``shared`` when the default
cache is per process), so a change in one worker is seen by all. Nothing
expires on a timer while nothing changed.

Single flight: in a process, one thread builds a missing value; the others
keep serving the value of the previous version meanwhile when there is one
(else they wait for that one build rather than run the same query).
"""

import hashlib
import threading
import uuid

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction

VERSION_KEY = "content:catalogue-version"
IDENTITY_FIELDS = ("province_name", "center_name", "center_address", "hotline", "email")  # content.PortalIdentity
# A bound for values nobody asks for any more (entries of old versions).
TIMEOUT = 24 * 3600

_LOCKS = {}
_LOCKS_GUARD = threading.Lock()
_PREVIOUS = {}  # (name, parts digest) -> value of an earlier version, per process


def _version_store():
    return caches["shared"] if "shared" in settings.CACHES else cache


def catalogue_version():
    store = _version_store()
    version = store.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex[:12]
        if not store.add(VERSION_KEY, version, None):
            version = store.get(VERSION_KEY) or version
    return version


def bump_catalogue_version(**kwargs):
    """Signal receiver: the catalogue changed. Again when the change commits:
    a request that counted between the signal and the commit read the old
    rows under the new version."""
    _new_version()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_version)


def identity_saved(sender, instance, created=False, **kwargs):
    """Signal receiver for the site's identity setting: a change shows on
    every page. The empty row the first page view creates
    (``PortalIdentity.for_request``) changes nothing a page shows, and
    replacing the version then would throw away every cached figure."""
    if created and not any(getattr(instance, name) for name in IDENTITY_FIELDS):
        return
    bump_catalogue_version()


def _new_version():
    _version_store().set(VERSION_KEY, uuid.uuid4().hex[:12], None)


def _lock(key):
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.Lock())


def cached(name, parts, build):
    """``build()`` for the current catalogue version, from the cache when an
    earlier request computed it. ``parts`` (a repr-able value) tells the
    variants apart, e.g. the active filters."""
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:20]
    slot = (name, digest)
    key = f"content:{name}:{catalogue_version()}:{digest}"
    value = cache.get(key)
    if value is not None:
        _PREVIOUS[slot] = value
        return value
    lock = _lock(slot)
    previous = _PREVIOUS.get(slot)
    if not lock.acquire(blocking=previous is None):
        return previous
    try:
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, TIMEOUT)
        _PREVIOUS[slot] = value
        return value
    finally:
        lock.release()
