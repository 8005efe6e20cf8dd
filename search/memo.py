"""Freshness of what search derives from the whole catalogue.

Every web worker keeps, per process, data derived from the catalogue (live
rows, vocabulary, ranking profiles, promotions, recent outcomes). Each
memo is tagged with the **catalogue version**, a token in the shared cache
(Redis in production) that publishing, unpublishing, deleting or importing
a procedure, editing a field, agency or promotion, or publishing the
synonym dictionary replaces (signals wired in ``search/apps.py``). A worker
compares its memo's tag with the shared token on each use, so a change is
seen by every worker on its next request; ``MEMO_MAX_AGE`` bounds
staleness even with a per-process cache backend.

Rebuilding is single-flight per process: one thread rebuilds a memo while
the others keep serving the previous version (or wait for the first build
when there is none), so a publication under load does not set every thread
rebuilding the same data.
"""

import threading
import time
import uuid

from django.core.cache import cache

VERSION_KEY = "search:catalogue-version"
MEMO_MAX_AGE = 60  # seconds

_MEMO = {}
_LOCKS = {}
_LOCKS_GUARD = threading.Lock()


def catalogue_version():
    """A token that changes whenever the catalogue changes (a fresh random
    one after a cache flush, so stale derived data is never mistaken for
    current)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex[:12]
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    return version


def bump_catalogue_version(**kwargs):
    """Signal receiver: something search derives data from changed."""
    cache.set(VERSION_KEY, uuid.uuid4().hex[:12], None)


def _lock(name):
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(name, threading.Lock())


def memo(name, build):
    """The value ``build()`` gives for the current catalogue version, built
    once per process and version."""
    version = catalogue_version()
    entry = _MEMO.get(name)
    if entry and entry[0] == version and time.monotonic() - entry[1] < MEMO_MAX_AGE:
        return entry[2]
    lock = _lock(name)
    # With a previous value, never wait: serve it while another thread builds.
    if not lock.acquire(blocking=entry is None):
        return entry[2]
    try:
        current = _MEMO.get(name)
        if current and current[0] == version and time.monotonic() - current[1] < MEMO_MAX_AGE:
            return current[2]
        value = build()
        _MEMO[name] = (version, time.monotonic(), value)
        return value
    finally:
        lock.release()


def memo_version(name):
    """The catalogue version the process's memo ``name`` was built for."""
    entry = _MEMO.get(name)
    return entry[0] if entry else None
