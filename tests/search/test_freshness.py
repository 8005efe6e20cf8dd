"""Freshness on every web worker: a published, unpublished, deleted or
imported procedure is found or gone on the next request of any process,
because the per-process memos follow the catalogue version kept in the
shared cache; rebuilding a memo is single-flight."""

import threading
import time

import pytest

from search import memo
from search.services import search_procedures

from .conftest import add_procedure

pytestmark = pytest.mark.django_db


def codes(query):
    return [hit.page.code for hit in search_procedures(query).hits]


class OtherWorker:
    """Another web worker's per-process memo: a snapshot of this process's
    memos, put back in place to search as that worker would (the signals
    of a change only reach the shared cache, never another process's
    memory)."""

    def __init__(self):
        self.memos = dict(memo._MEMO)

    def __enter__(self):
        self.mine = dict(memo._MEMO)
        memo._MEMO.clear()
        memo._MEMO.update(self.memos)
        return self

    def __exit__(self, *exc):
        self.memos = dict(memo._MEMO)
        memo._MEMO.clear()
        memo._MEMO.update(self.mine)


def test_publish_unpublish_delete_reach_another_worker(catalogue):
    from content.models import ProcedureIndexPage, ProcedurePage

    assert codes("giam ho") == []
    other = OtherWorker()  # has served searches before the change
    with other:
        assert codes("giam ho") == []
    index = ProcedureIndexPage.objects.get()
    page = add_procedure(index, "1.004837", "Đăng ký giám hộ", live=False)
    page.get_latest_revision().publish()  # this worker publishes
    assert codes("giam ho") == ["1.004837"]
    with other:
        assert codes("giam ho") == ["1.004837"]
    ProcedurePage.objects.get(code="1.004837").unpublish()
    with other:
        assert codes("giam ho") == []
    ProcedurePage.objects.get(code="1.004837").delete()
    with other:
        assert codes("giam ho") == []
        assert codes("khai sinh")[0] == "1.001193"


def test_a_bulk_import_reaches_another_worker(catalogue):
    from content.bulk import bulk_load_procedures
    from content.demo_catalogue import PROCEDURES_PATH
    from content.demo_loader import _read_json
    from content.models import ProcedureIndexPage

    other = OtherWorker()
    with other:
        assert codes("tach thua") == []
    records = [r for r in _read_json(PROCEDURES_PATH, "procedures") if r["name"].startswith("Tách thửa")]
    records = [{**r, "field": "", "agency": "", "coordinating_agencies": []} for r in records]
    figures = bulk_load_procedures(records, ProcedureIndexPage.objects.get())
    assert figures["created"] == 1, figures
    with other:
        assert codes("tach thua") == [records[0]["code"]]


def test_rebuilding_a_memo_is_single_flight():
    builds, release = [], threading.Event()

    def slow_build():
        builds.append(1)
        release.wait(5)
        return len(builds)

    memo.bump_catalogue_version()
    results = []
    threads = [threading.Thread(target=lambda: results.append(memo.memo("test-slow", slow_build))) for _ in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    release.set()
    for thread in threads:
        thread.join(5)
    assert builds == [1]  # one build, the others waited for it
    assert results == [1] * 6

    # A new version: one thread rebuilds, the others keep serving the
    # previous value instead of waiting or building it too.
    memo.bump_catalogue_version()
    release.clear()
    served = []
    builder = threading.Thread(target=lambda: served.append(("builder", memo.memo("test-slow", slow_build))))
    builder.start()
    deadline = time.monotonic() + 5  # the builder is inside its build (not merely started)
    while len(builds) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    others = [memo.memo("test-slow", slow_build) for _ in range(5)]
    assert time.monotonic() - started < 1
    assert others == [1] * 5
    release.set()
    builder.join(5)
    assert served == [("builder", 2)]
    assert builds == [1, 1]
    assert memo.memo("test-slow", slow_build) == 2


def test_the_autocomplete_box_follows_publishing_renaming_and_deleting(catalogue, client):
    """What the box suggests comes from the engine's name index (on SQLite a
    name-only full-text table kept by triggers on the index table): a new
    name is suggested at once, a renamed one only under its new name, a
    deleted one no more."""
    from content.models import ProcedureIndexPage, ProcedurePage

    def suggested(prefix):
        response = client.get("/api/v1/procedures/autocomplete", {"q": prefix})
        assert response.status_code == 200
        return [item["code"] for item in response.json()["results"]]

    assert "1.004837" not in suggested("giam h")
    index = ProcedureIndexPage.objects.get()
    page = add_procedure(index, "1.004837", "Đăng ký giám hộ", live=False)
    page.get_latest_revision().publish()
    assert "1.004837" in suggested("giam h")
    assert "1.004837" in suggested("dang ky giam")

    page = ProcedurePage.objects.get(code="1.004837")
    page.title = "Đăng ký người đỡ đầu"
    page.save_revision().publish()
    assert "1.004837" in suggested("nguoi do d")
    assert "1.004837" not in suggested("dang ky giam")

    ProcedurePage.objects.get(code="1.004837").delete()
    assert "1.004837" not in suggested("nguoi do d")
    assert "1.004837" not in suggested("giam h")
