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

Reads are cheap: a request reads the version once (the first ``cached``
call of the request; ``request_started`` forgets it), and the values of the
current version a process already fetched are kept in its memory (a bounded
LRU keyed by version), so a catalogue page costs one cache round trip
instead of two per figure. A new version is a new key: nothing stale is
served from memory. Values are shared between the threads of a process:
callers read them and never change them.
"""

import hashlib
import threading
import uuid
from collections import OrderedDict

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


class LocalLRU:
    """A bounded, thread-safe map kept in this process's memory, least
    recently used entries dropped first (values are never None)."""

    def __init__(self, size):
        self.size = size
        self._entries = OrderedDict()
        self._guard = threading.Lock()

    def get(self, key):
        with self._guard:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value):
        with self._guard:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self):
        return len(self._entries)

    def keys(self):
        with self._guard:
            return list(self._entries)


# The values this process fetched, by cache key (which holds the version).
_LOCAL = LocalLRU(512)
# The version a request read first, per thread (None outside a request).
_REQUEST = threading.local()


def _version_store():
    return caches["shared"] if "shared" in settings.CACHES else cache


def request_started(**kwargs):
    """Signal receiver (``request_started``): this request reads the version
    afresh, once."""
    _REQUEST.active = True
    _REQUEST.version = None


def request_finished(**kwargs):
    _REQUEST.active = False
    _REQUEST.version = None


def catalogue_version():
    """The current version: read once per request, on every call elsewhere
    (tasks, commands)."""
    if not getattr(_REQUEST, "active", False):
        return _read_version()
    version = _REQUEST.version
    if version is None:
        version = _REQUEST.version = _read_version()
    return version


def _read_version():
    """The shared token, and when the values live in another cache (local
    memory beside a shared file cache) that cache's own token too: a
    flushed value cache is a new version, so what this process keeps in
    memory from before the flush is never taken for current."""
    shared = _token(_version_store())
    return shared if _version_store() is cache else f"{_token(cache)}.{shared}"


def _token(store):
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
    _REQUEST.version = None  # a request that changed the catalogue sees its change
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
    value = _LOCAL.get(key)
    if value is not None:
        return value
    value = cache.get(key)
    if value is not None:
        _PREVIOUS[slot] = value
        _LOCAL.put(key, value)
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
        _LOCAL.put(key, value)
        return value
    finally:
        lock.release()
