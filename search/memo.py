"""Freshness of what search derives from the whole catalogue.

Every web worker keeps, per process, data derived from the catalogue (live
rows, vocabulary, ranking profiles, promotions, recent outcomes). Each
memo is tagged with the **catalogue version**, a token in the shared cache
that publishing, unpublishing, deleting or importing a procedure, editing a
field, agency or promotion, or publishing the synonym dictionary replaces
(signals wired in ``search/apps.py``). A worker reads the shared token once
per request (:func:`per_request`) and compares its memos' tags with it, so
a change is seen by every worker on its next request, and a memo is
rebuilt **only** when the version changed: never on a timer. When the default cache is per process (local memory on
the embedded stack), the token also lives in ``SEARCH_SHARED_CACHE`` (files
there), which every process reads, so a publication in one gunicorn worker
or in a management command reaches the others too. A file cache culls a
third of its files, picked at random, whenever it holds more than
``MAX_ENTRIES`` (the query log fills it within minutes): its copy of the
token is kept in a file of its own beside the cache's files
(:class:`TokenFile`), which no cull or ``clear()`` touches, so a busy
query log never passes for a catalogue change (which would rebuild every
memo of every worker).

Rebuilding is single-flight per process: one thread rebuilds a memo while
the others keep serving the previous version (or wait for the first build
when there is none), so a publication under load does not set every thread
rebuilding the same data. Data that changes without a catalogue event
(dossiers submitted per procedure) asks for a ``max_age``: it is read again
after that, and when nothing changed the memo keeps its generation, so
what is derived from it (ranking profiles, recent outcomes) stays.
"""

import gc
import itertools
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache

VERSION_KEY = "search:catalogue-version"

_MEMO = {}  # name -> (version, tag, built at, generation, value)
_LOCKS = {}
_LOCKS_GUARD = threading.Lock()
_GENERATION = itertools.count(1)
BUILDS = {}  # name -> how many times this process built it (benchmarks, tests)
_REQUEST = threading.local()  # .values: what this thread's current request already read


class TokenFile:
    """Tokens as small files in a file cache's directory (``<key>.token``:
    its cull and ``clear()`` only remove ``*.djcache``). The cache methods
    the token needs: ``get``, ``add`` (atomic: a hard link fails when the
    file exists) and ``set`` (atomic rename); timeouts are ignored, a
    token never expires."""

    def __init__(self, directory):
        self.directory = Path(directory)

    def _path(self, key):
        return self.directory / (key.replace(":", "-") + ".token")

    def get(self, key, default=None):
        try:
            return self._path(key).read_text(encoding="ascii").strip() or default
        except OSError:
            return default

    def _write_temp(self, value):
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(value)
        return name

    def set(self, key, value, timeout=None):
        os.replace(self._write_temp(value), self._path(key))

    def add(self, key, value, timeout=None):
        name = self._write_temp(value)
        try:
            os.link(name, self._path(key))
            return True
        except FileExistsError:
            return False
        finally:
            os.unlink(name)


_TOKEN_FILES = {}


def _shared():
    """Where the cross-process copy of the token lives (a :class:`TokenFile`
    beside a file cache's files), or None when the default cache already is
    shared."""
    alias = getattr(settings, "SEARCH_SHARED_CACHE", "default")
    if alias == "default":
        return None
    store = caches[alias]
    if isinstance(store, FileBasedCache):
        directory = store._dir
        if directory not in _TOKEN_FILES:
            _TOKEN_FILES[directory] = TokenFile(directory)
        return _TOKEN_FILES[directory]
    return store


def _token(store):
    version = store.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex[:12]
        if not store.add(VERSION_KEY, version, None):
            version = store.get(VERSION_KEY) or version
    return version


def begin_request(**kwargs):
    """``request_started`` receiver: shared values are read afresh, at most
    once, by the request this thread now serves."""
    _REQUEST.values = {}


def end_request(**kwargs):
    """``request_finished`` receiver: outside a request every read goes to
    the shared cache."""
    _REQUEST.values = None


def per_request(name, read):
    """``read()``, once per request in this thread (every time outside a
    request). A search asks for the catalogue version at every memo it
    touches, and a page of hits for the site root paths at every URL: one
    round trip to the shared cache each is enough for a request, and a
    change still reaches every worker on its next request."""
    values = getattr(_REQUEST, "values", None)
    if values is None:
        return read()
    if name not in values:
        values[name] = read()
    return values[name]


def _read_catalogue_version():
    shared = _shared()
    return _token(cache) if shared is None else f"{_token(cache)}.{_token(shared)}"


def catalogue_version():
    """A token that changes whenever the catalogue changes (a fresh random
    one after a cache flush, so stale derived data is never mistaken for
    current)."""
    return per_request("catalogue-version", _read_catalogue_version)


def bump_catalogue_version(**kwargs):
    """Signal receiver: something search derives data from changed."""
    token = uuid.uuid4().hex[:12]
    cache.set(VERSION_KEY, token, None)
    shared = _shared()
    if shared is not None:
        shared_token = uuid.uuid4().hex[:12]
        shared.set(VERSION_KEY, shared_token, None)
        token = f"{token}.{shared_token}"
    values = getattr(_REQUEST, "values", None)
    if values is not None:  # a change made by this request is seen by its own searches
        values["catalogue-version"] = token


def _lock(name):
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(name, threading.Lock())


def _fresh(entry, version, tag, max_age):
    return (
        entry is not None
        and entry[0] == version
        and entry[1] == tag
        and (max_age is None or time.monotonic() - entry[2] < max_age)
    )


def memo(name, build, tag=None, max_age=None):
    """The value ``build()`` gives for the current catalogue version (and
    ``tag``), built once per process and version. ``max_age`` (seconds)
    only for data that changes without a catalogue event."""
    version = catalogue_version()
    entry = _MEMO.get(name)
    if _fresh(entry, version, tag, max_age):
        return entry[4]
    lock = _lock(name)
    # With a previous value, never wait: serve it while another thread builds.
    if not lock.acquire(blocking=entry is None):
        return entry[4]
    try:
        current = _MEMO.get(name)
        if _fresh(current, version, tag, max_age):
            return current[4]
        value = build()
        generation = next(_GENERATION)
        if max_age is not None and current is not None and current[0] == version and current[4] == value:
            # A timed check that found nothing new: same value, same generation
            # (nothing derived from it is rebuilt).
            value, generation = current[4], current[3]
        _MEMO[name] = (version, tag, time.monotonic(), generation, value)
        BUILDS[name] = BUILDS.get(name, 0) + 1
        settle()
        return value
    finally:
        lock.release()


def settle():
    """Take what the process holds now out of the cyclic garbage collector's
    reach (``gc.freeze``), after collecting the young generations.

    Catalogue-wide memos are millions of small, long-lived objects (a
    vocabulary of tens of thousands of words, a ranking profile per
    procedure). Left in the collector's oldest generation, every full
    collection walks all of them: 0.3–1 s during which the process serves
    nothing (the stalls a search under load saw every minute or so).
    Frozen objects are still freed by reference counting when a newer
    catalogue version replaces them (the memos hold no reference cycles);
    only cyclic garbage already old at the moment of a freeze is kept,
    and freezes are rare: after a memo is built, and as the profiles fill.
    """
    gc.collect(1)
    gc.freeze()


def memo_version(name):
    """The catalogue version the process's memo ``name`` was built for."""
    entry = _MEMO.get(name)
    return entry[0] if entry else None


def memo_generation(name):
    """A number that changes each time this process rebuilds ``name`` (a
    memo derived from another one tags itself with it)."""
    entry = _MEMO.get(name)
    return entry[3] if entry else None
