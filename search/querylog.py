"""The search query log, off the request path.

A search request only counts its query in the shared cache
(``SEARCH_SHARED_CACHE``: Redis in production, a file cache under
``PORTAL_VAR_DIR`` on the embedded stack, never the database); the periodic
task ``search.flush_query_log`` (Celery beat, every
``SEARCH_QUERYLOG_FLUSH_SECONDS``) writes the counts into Wagtail's search
log (``Query`` / ``QueryDailyHits``: Reports → Search terms).

Counts are kept per time bucket of ``BUCKET_SECONDS``. In bucket ``b`` a
query has a counter ``…:{b}:c:{digest}`` and, the first time it is seen,
a slot ``…:{b}:s:{n}`` (``n`` from the bucket's atomic slot counter) that
names it, so that the flush can list the bucket's queries without scanning
the cache. A bucket is flushed once it is closed (plus ``GRACE_SECONDS`` for
requests still running): its counts are added in one transaction that also
advances the watermark (``QueryLogWatermark``), so a retried or concurrent
flush never counts a bucket twice, and a flush that fails writes nothing
and leaves the bucket for the next run. Keys expire after ``KEY_TTL``: a
worker stopped for less than that loses nothing; a lost cache loses only
the counts it held.

When the shared cache is a file cache (the embedded stack), counts go to an
append-only journal instead, one file per bucket beside the cache's files
(``querylog/<bucket>.log``, a line per search): a file cache lists its
directory on every write and culls a third of its files at random beyond
``MAX_ENTRIES``, so eight cache writes per new query cost a search tens of
milliseconds and lost counts (and the catalogue version, see memo.py) at
random. One ``O_APPEND`` write of a line is atomic between processes on a
local file system; the flush counts a closed bucket's lines, then deletes
its file.
"""

import hashlib
import os
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import structlog
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from .models import QueryLogWatermark

log = structlog.get_logger(__name__)

BUCKET_SECONDS = 60
GRACE_SECONDS = 10  # a request that read the clock just before a bucket closed
KEY_TTL = 2 * 24 * 3600
MAX_BUCKETS_PER_FLUSH = KEY_TTL // BUCKET_SECONDS
PREFIX = "search:querylog"

# Threads of one process increment one after the other: exact on every
# cache; on Redis ``add`` and ``incr`` are also atomic between processes.
_LOCK = threading.Lock()


def shared_cache():
    """The cache every web worker and the Celery worker share."""
    return caches[settings.SEARCH_SHARED_CACHE]


class Journal:
    """Counts of a file-cache stack: ``<directory>/<bucket>.log``, one line
    per counted search."""

    def __init__(self, directory):
        self.directory = Path(directory)

    def _path(self, bucket):
        return self.directory / f"{int(bucket)}.log"

    def append(self, bucket, query_string):
        line = (" ".join(query_string.split()) + "\n").encode("utf-8")
        try:
            handle = os.open(self._path(bucket), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except FileNotFoundError:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle = os.open(self._path(bucket), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(handle, line)
        finally:
            os.close(handle)

    def buckets(self):
        try:
            names = os.listdir(self.directory)
        except FileNotFoundError:
            return []
        return sorted(int(name[:-4]) for name in names if name.endswith(".log") and name[:-4].isdigit())

    def counts(self, bucket):
        try:
            text = self._path(bucket).read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return {}
        return dict(Counter(line for line in text.split("\n") if line))

    def forget(self, bucket):
        self._path(bucket).unlink(missing_ok=True)

    def clear(self):
        for bucket in self.buckets():
            self.forget(bucket)


def journal():
    """The journal when the shared cache is a file cache, else None."""
    cache = shared_cache()
    return Journal(Path(cache._dir) / "querylog") if isinstance(cache, FileBasedCache) else None


def _digest(query_string):
    return hashlib.sha1(query_string.encode("utf-8")).hexdigest()[:20]


def bucket_of(timestamp):
    return int(timestamp // BUCKET_SECONDS)


def log_search(outcome, filters):
    """Count a citizen's search once: its first page, unfiltered (paging
    and narrowing down are not new searches)."""
    if not outcome.empty_query and outcome.page == 1 and not filters.active:
        log_query(outcome.query, outcome.keys)


def log_query(cleaned, keys, now=None):
    """Count ``cleaned`` in the shared cache. Never raises: the log must
    never break a search."""
    if not keys or sum(len(k) for k in keys) < 2:
        return
    query_string = normalise_query_string(cleaned)
    if not query_string:
        return
    try:
        _increment(query_string, time.time() if now is None else now)
    except Exception:
        log.exception("search.query_log_failed")


def _increment(query_string, now):
    counts = journal()
    if counts is not None:
        counts.append(bucket_of(now), query_string)
        return
    cache = shared_cache()
    base = f"{PREFIX}:{bucket_of(now)}"
    digest = _digest(query_string)
    counter = f"{base}:c:{digest}"
    keeps_ttl = isinstance(cache, RedisCache)  # elsewhere incr() writes the default timeout back
    with _LOCK:
        if cache.add(f"{base}:q:{digest}", query_string, KEY_TTL):
            cache.add(f"{base}:n", 0, KEY_TTL)
            slot = cache.incr(f"{base}:n")
            if not keeps_ttl:
                cache.touch(f"{base}:n", KEY_TTL)
            cache.set(f"{base}:s:{slot}", digest, KEY_TTL)
        cache.add(counter, 0, KEY_TTL)
        cache.incr(counter)
        if not keeps_ttl:
            cache.touch(counter, KEY_TTL)


def pending_counts(bucket):
    """``{query string: hits}`` the cache holds for ``bucket``."""
    counts = journal()
    if counts is not None:
        return counts.counts(bucket)
    cache = shared_cache()
    base = f"{PREFIX}:{bucket}"
    slots = cache.get(f"{base}:n") or 0
    if not slots:
        return {}
    digests = cache.get_many([f"{base}:s:{n}" for n in range(1, slots + 1)]).values()
    names = cache.get_many([f"{base}:q:{d}" for d in digests])
    counts = cache.get_many([f"{base}:c:{d}" for d in digests])
    result = {}
    for digest in digests:
        query_string = names.get(f"{base}:q:{digest}")
        hits = counts.get(f"{base}:c:{digest}") or 0
        if query_string and hits > 0:
            result[query_string] = result.get(query_string, 0) + hits
    return result


def _forget(bucket):
    counts = journal()
    if counts is not None:
        counts.forget(bucket)
        return
    cache = shared_cache()
    base = f"{PREFIX}:{bucket}"
    slots = cache.get(f"{base}:n") or 0
    digests = list(cache.get_many([f"{base}:s:{n}" for n in range(1, slots + 1)]).values())
    keys = [f"{base}:n"] + [f"{base}:s:{n}" for n in range(1, slots + 1)]
    keys += [f"{base}:{kind}:{d}" for d in digests for kind in ("q", "c")]
    cache.delete_many(keys)


def flush(now=None):
    """Write every closed bucket's counts into the search log. Returns
    ``{"buckets": n, "queries": n, "hits": n}`` of what was written."""
    now = time.time() if now is None else now
    last_closed = bucket_of(now - GRACE_SECONDS) - 1
    watermark = QueryLogWatermark.objects.order_by("pk").first()
    start = watermark.bucket + 1 if watermark and watermark.bucket else last_closed - MAX_BUCKETS_PER_FLUSH + 1
    start = max(start, last_closed - MAX_BUCKETS_PER_FLUSH + 1)
    written = {"buckets": 0, "queries": 0, "hits": 0}
    if start > last_closed:
        return written
    lines = journal()
    if lines is not None:
        present = lines.buckets()
        for bucket in present:
            if bucket < start:  # older than KEY_TTL, or written already
                lines.forget(bucket)
        busy = [bucket for bucket in present if start <= bucket <= last_closed]
    else:
        cache = shared_cache()
        busy = cache.get_many([f"{PREFIX}:{b}:n" for b in range(start, last_closed + 1)])
        busy = sorted(int(key.split(":")[-2]) for key, slots in busy.items() if slots)
    for bucket in busy:
        counts = pending_counts(bucket)
        if _write_bucket(bucket, counts):
            written["buckets"] += 1
            written["queries"] += len(counts)
            written["hits"] += sum(counts.values())
            _forget(bucket)
    _advance_watermark(last_closed)
    if written["buckets"]:
        log.info("search.query_log_flushed", **written)
    return written


def _locked_watermark():
    watermark = QueryLogWatermark.objects.select_for_update().order_by("pk").first()
    if watermark is None:
        watermark = QueryLogWatermark.objects.create(bucket=0)
    return watermark


def _advance_watermark(bucket):
    with transaction.atomic():
        watermark = _locked_watermark()
        if watermark.bucket < bucket:
            watermark.bucket = bucket
            watermark.flushed_at = timezone.now()
            watermark.save(update_fields=["bucket", "flushed_at"])


def _write_bucket(bucket, counts):
    """Add ``counts`` to the search log and move the watermark past
    ``bucket``, in one transaction; False when another flush did it."""
    day = datetime.fromtimestamp(bucket * BUCKET_SECONDS, tz=UTC).date()  # Wagtail counts UTC days
    with transaction.atomic():
        watermark = _locked_watermark()
        if watermark.bucket >= bucket:
            return False
        if counts:
            queries = _queries(list(counts))
            existing = {
                row.query_id: row
                for row in QueryDailyHits.objects.filter(query__in=queries.values(), date=day).select_for_update()
            }
            new = []
            for query_string, hits in counts.items():
                query = queries[query_string]
                if query.pk in existing:
                    QueryDailyHits.objects.filter(pk=existing[query.pk].pk).update(hits=F("hits") + hits)
                else:
                    new.append(QueryDailyHits(query=query, date=day, hits=hits))
            QueryDailyHits.objects.bulk_create(new)
        watermark.bucket = bucket
        watermark.flushed_at = timezone.now()
        watermark.save(update_fields=["bucket", "flushed_at"])
    return True


def _queries(query_strings):
    """``{query string: Query}``, creating the missing rows."""
    found = {q.query_string: q for q in Query.objects.filter(query_string__in=query_strings)}
    missing = [Query(query_string=s) for s in query_strings if s not in found]
    if missing:
        Query.objects.bulk_create(missing, ignore_conflicts=True)
        found.update({q.query_string: q for q in Query.objects.filter(query_string__in=query_strings)})
    return found
