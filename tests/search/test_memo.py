"""Catalogue-wide search data is rebuilt once per catalogue version, by one
thread, and never on a timer while nothing changed."""

import gc
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connections

from search import memo
from search.services import search_procedures

pytestmark = pytest.mark.django_db

HOUR = 3600


def other_process_bumps():
    """What a publication in another process (a second gunicorn worker, the
    Celery worker, a management command) leaves behind: a new token in the
    cache every process reads, none in this process's memory."""
    store = memo._shared() or cache
    store.set(memo.VERSION_KEY, "elsewhere" + str(time.monotonic_ns()), None)


def search_in_threads(count, query="dang ky khai sinh"):
    barrier = threading.Barrier(count)
    found, errors = [], []
    # The threads use the test's connection: the catalogue lives in its
    # transaction, which another connection would not see.
    shared = connections["default"]
    shared.inc_thread_sharing()

    def run():
        connections["default"] = shared
        try:
            barrier.wait(5)
            found.append([hit.page.code for hit in search_procedures(query).hits][:1])
        except Exception as error:  # noqa: BLE001 - shown by the assert below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    shared.dec_thread_sharing()
    assert errors == []
    return found


def test_eight_threads_after_a_change_rebuild_the_vocabulary_once(catalogue):
    assert search_procedures("dang ky khai sinh").hits  # built once for this version
    before = memo.BUILDS.get("vocabulary", 0)
    memo.bump_catalogue_version()
    found = search_in_threads(8)
    assert found == [["1.001193"]] * 8
    assert memo.BUILDS["vocabulary"] == before + 1
    assert memo.BUILDS["live-rows"] >= 1


def test_nothing_changed_for_hours_nothing_is_rebuilt(catalogue, monkeypatch):
    search_procedures("dang ky ket hon")
    before = dict(memo.BUILDS)
    real = time.monotonic
    monkeypatch.setattr(memo.time, "monotonic", lambda: real() + 6 * HOUR)
    search_in_threads(4, "dang ky ket hon")
    search_procedures("khai tu")
    for name in ("vocabulary", "live-rows", "promotions", "profiles", "outcomes"):
        assert memo.BUILDS.get(name) == before.get(name), name
    # Dossiers per procedure (no catalogue event) were counted again, found
    # unchanged, and nothing derived from them was thrown away.
    assert memo.BUILDS["popularity"] == before["popularity"] + 1


def test_a_change_made_by_another_process_is_followed(catalogue):
    search_procedures("dang ky ket hon")
    before = memo.BUILDS["vocabulary"]
    search_procedures("dang ky khai tu")
    assert memo.BUILDS["vocabulary"] == before  # same version: same data
    other_process_bumps()
    search_procedures("dang ky ket hon")
    assert memo.BUILDS["vocabulary"] == before + 1


def test_threads_waiting_for_nothing_while_one_rebuilds():
    """With a previous value, no thread waits for the rebuild another thread
    started; without one, they wait for that single build."""
    release = threading.Event()
    builds = []

    def slow_build():
        builds.append(1)
        release.wait(5)
        return len(builds)

    memo.bump_catalogue_version()
    first = [threading.Thread(target=memo.memo, args=("test-once", slow_build)) for _ in range(6)]
    for thread in first:
        thread.start()
    time.sleep(0.2)
    release.set()
    for thread in first:
        thread.join(5)
    assert builds == [1]

    release.clear()
    memo.bump_catalogue_version()
    builder = threading.Thread(target=memo.memo, args=("test-once", slow_build))
    builder.start()
    deadline = time.monotonic() + 5  # the builder is inside its build (not merely started)
    while len(builds) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    served = [memo.memo("test-once", slow_build) for _ in range(20)]
    assert time.monotonic() - started < 1
    assert served == [1] * 20
    release.set()
    builder.join(5)
    assert builds == [1, 1]
    assert memo.memo("test-once", slow_build) == 2


def test_a_request_reads_the_catalogue_version_once_and_the_next_request_sees_a_change(catalogue, client):
    """The shared token is read once per request (a search touches a dozen
    memos and a page of hits needs the site root paths for every URL), and
    a publication elsewhere is still seen by the very next request."""
    reads = []
    real = memo._read_catalogue_version

    def counting():
        reads.append(1)
        return real()

    memo._read_catalogue_version = counting
    try:
        assert client.get("/api/v1/procedures/search", {"q": "dang ky khai sinh"}).status_code == 200
        assert len(reads) == 1
        before = memo.BUILDS["vocabulary"]
        other_process_bumps()
        response = client.get("/api/v1/procedures/search", {"q": "dang ky ket hon"})
        assert response.status_code == 200
        assert len(reads) == 2
        assert memo.BUILDS["vocabulary"] == before + 1
    finally:
        memo._read_catalogue_version = real
    # Outside a request every call reads the shared cache.
    first = memo.catalogue_version()
    other_process_bumps()
    assert memo.catalogue_version() != first


def test_a_change_made_during_a_request_is_seen_by_that_request():
    memo.begin_request()
    try:
        first = memo.catalogue_version()
        assert memo.catalogue_version() == first
        memo.bump_catalogue_version()
        assert memo.catalogue_version() != first
    finally:
        memo.end_request()


def test_catalogue_wide_data_is_kept_out_of_the_collectors_full_passes(catalogue):
    """A full garbage collection walks every tracked object: with the
    vocabulary and the profiles of 20,000 procedures that took 0.7–1 s, a
    stall of the whole process. Once built, they are frozen out of it."""
    gc.unfreeze()
    memo.bump_catalogue_version()
    search_procedures("dang ky khai sinh")
    assert gc.get_freeze_count() > 0
    vocabulary = memo._MEMO["vocabulary"][4][0]
    assert all(obj is not vocabulary for obj in gc.get_objects(generation=2))
