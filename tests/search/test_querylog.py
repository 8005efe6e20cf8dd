"""The query log off the request path: a search writes nothing to the
database, its count waits in the shared cache, and the periodic task writes
the counts of closed time buckets into the search log (Reports → Search
terms) exactly once."""

import datetime
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search import querylog
from search.models import QueryLogWatermark
from search.tasks import flush_query_log

pytestmark = pytest.mark.django_db

LATER = 2 * querylog.BUCKET_SECONDS  # the buckets of now are closed by then
WRITES = ("INSERT", "UPDATE", "DELETE")


def hits(query_string):
    return Query.get(query_string).hits


def writes(captured):
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_a_search_request_writes_nothing_to_the_database(client, catalogue):
    client.get("/tim-kiem/")  # the site's settings row is created on the very first page of a site
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/tim-kiem/", {"q": "đăng ký kết hôn"})
        api = client.get("/api/v1/procedures/search", {"q": "khai sinh"})
        again = client.get("/tim-kiem/", {"q": "Đăng ký  kết hôn"})
    assert (page.status_code, api.status_code, again.status_code) == (200, 200, 200)
    assert "/thu-tuc/1-000894/" in page.content.decode()  # the procedure is found
    assert api.json()["results"][0]["name"] == "Đăng ký khai sinh"
    assert writes(captured) == []
    assert not Query.objects.filter(daily_hits__isnull=False).exists()  # nothing yet in the log

    written = querylog.flush(now=time.time() + LATER)
    assert written == {"buckets": 1, "queries": 2, "hits": 3}
    assert hits("đăng ký kết hôn") == 2
    assert hits("khai sinh") == 1


def test_the_flush_writes_each_bucket_once(catalogue):
    start = time.time() - 3 * querylog.BUCKET_SECONDS
    for offset, query in ((0, "khai sinh"), (0, "khai sinh"), (0, "ket hon"), (querylog.BUCKET_SECONDS, "khai sinh")):
        querylog.log_query(query, query.split(), now=start + offset)
    assert querylog.flush() == {"buckets": 2, "queries": 3, "hits": 4}
    assert hits("khai sinh") == 3
    assert hits("ket hon") == 1
    assert QueryDailyHits.objects.get(query__query_string="ket hon").hits == 1

    # Run again (beat fires while the previous run was slow): nothing twice.
    assert querylog.flush() == {"buckets": 0, "queries": 0, "hits": 0}
    assert flush_query_log.delay().get() == {"buckets": 0, "queries": 0, "hits": 0}
    assert hits("khai sinh") == 3

    # A bucket written but not yet forgotten in the cache (the flush stopped
    # between its commit and the clean-up) is not counted again.
    bucket = querylog.bucket_of(time.time() + querylog.BUCKET_SECONDS * 5)
    querylog.log_query("khai tu", ["khai", "tu"], now=bucket * querylog.BUCKET_SECONDS)
    assert querylog._write_bucket(bucket, querylog.pending_counts(bucket))
    querylog.flush(now=(bucket + 2) * querylog.BUCKET_SECONDS + querylog.GRACE_SECONDS)
    assert hits("khai tu") == 1


def test_the_open_bucket_waits_for_the_next_flush(catalogue):
    now = time.time()
    querylog.log_query("khai sinh", ["khai", "sinh"], now=now)
    assert querylog.flush(now=now)["hits"] == 0
    assert hits("khai sinh") == 0
    assert querylog.flush(now=now + LATER)["hits"] == 1
    assert hits("khai sinh") == 1


def test_counts_add_to_the_days_hits_already_logged(catalogue):
    query = Query.get("khai sinh")
    today = datetime.datetime.now(datetime.UTC).date()
    QueryDailyHits.objects.create(query=query, date=today, hits=5)
    noon = datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC).timestamp()
    querylog.log_query("khai sinh", ["khai", "sinh"], now=noon)
    querylog.flush(now=noon + LATER)
    assert QueryDailyHits.objects.get(query=query).hits == 6  # Wagtail's days are UTC days


def test_a_failed_flush_writes_nothing_and_the_next_one_writes_all(catalogue, monkeypatch):
    now = time.time()
    for query in ("khai sinh", "ket hon", "khai sinh"):
        querylog.log_query(query, query.split(), now=now)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(querylog.QueryDailyHits.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        querylog.flush(now=now + LATER)
    assert not QueryDailyHits.objects.exists()
    monkeypatch.undo()
    assert querylog.flush(now=now + LATER)["hits"] == 3
    assert (hits("khai sinh"), hits("ket hon")) == (2, 1)


def test_a_crash_loses_at_most_what_the_cache_lost(catalogue):
    """The web worker keeps nothing in its own memory: counts are in the
    shared cache (or the journal's file) the moment the request counted
    them. If the cache loses a key, only that count is lost."""
    now = time.time()
    for query in ("khai sinh", "khai sinh", "ket hon", "khai tu"):
        querylog.log_query(query, query.split(), now=now)
    bucket = querylog.bucket_of(now)
    if querylog.journal() is not None:  # a file cache: nothing is evicted from the journal
        assert querylog.pending_counts(bucket) == {"khai sinh": 2, "ket hon": 1, "khai tu": 1}
        assert querylog.flush(now=now + LATER) == {"buckets": 1, "queries": 3, "hits": 4}
        assert (hits("khai sinh"), hits("ket hon"), hits("khai tu")) == (2, 1, 1)
        return
    base = f"{querylog.PREFIX}:{bucket}"
    querylog.shared_cache().delete(f"{base}:c:{querylog._digest('ket hon')}")  # evicted
    written = querylog.flush(now=now + LATER)
    assert written == {"buckets": 1, "queries": 2, "hits": 3}
    assert (hits("khai sinh"), hits("ket hon"), hits("khai tu")) == (2, 0, 1)


def test_a_full_file_cache_loses_no_count_and_no_catalogue_version(client, catalogue):
    """A file cache culls a third of its files at random beyond
    MAX_ENTRIES: the query log and the catalogue version are kept out of
    its reach (a cull must not pass for a catalogue change)."""
    shared = querylog.shared_cache()
    if querylog.journal() is None:
        pytest.skip("the shared cache is not a file cache")
    from search import memo

    client.get("/api/v1/procedures/search", {"q": "khai sinh"})
    version = memo.catalogue_version()
    builds = memo.BUILDS.get("vocabulary", 0)
    for n in range(700):  # more than twice MAX_ENTRIES (300)
        shared.set(f"filler:{n}", n)
    now = time.time()
    for n in range(120):
        querylog.log_query(f"khai sinh {n}", ["khai", "sinh", str(n)], now=now)
    assert memo.catalogue_version() == version
    assert client.get("/api/v1/procedures/search", {"q": "ket hon"}).status_code == 200
    assert memo.BUILDS.get("vocabulary", 0) == builds  # nothing rebuilt
    assert querylog.flush(now=now + LATER)["queries"] >= 120


@pytest.mark.parametrize(
    "raw",
    ["<script>alert(1)</script> khai sinh", "khai\x00 sinh", "khai sinh " * 200, "   ", "a", "!!!"],
)
def test_hostile_queries_never_break_a_search_nor_the_flush(client, catalogue, raw):
    response = client.get("/tim-kiem/", {"q": raw})
    assert response.status_code == 200
    api = client.get("/api/v1/procedures/search", {"q": raw})
    assert api.status_code in (200, 400, 422)
    querylog.flush(now=time.time() + LATER)
    for query in Query.objects.filter(daily_hits__isnull=False):
        assert "\x00" not in query.query_string
        assert len(query.query_string) <= 255


def test_the_beat_runs_the_flush_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["search-flush-query-log"]
    assert entry["task"] == "search.flush_query_log"
    assert entry["schedule"] == settings.SEARCH_QUERYLOG_FLUSH_SECONDS == 60
    assert not QueryLogWatermark.objects.exists()
