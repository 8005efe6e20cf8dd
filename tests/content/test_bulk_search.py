"""The bulk load's set-based search index pass (content/bulk_search.py, issue
17) leaves exactly the index rows Wagtail's own PostgreSQL indexing writes,
and the same searches give the same ranked procedures afterwards."""

import pytest
from django.core.cache import cache
from django.db import connection
from modelsearch.backends.database.postgres.postgres import IndexEntry
from wagtail.search.backends import get_search_backend

from content import bulk, bulk_search
from content.bulk import bulk_load_procedures
from content.demo_catalogue.synthetic import generate_procedures
from content.models import ProcedurePage
from content.signals import catalogue_changed
from search.services import search_procedures

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based pass is PostgreSQL's"),
]

TABLE = IndexEntry._meta.db_table
QUERIES = [
    "đăng ký khai sinh",
    "dang ky ket hon",
    "giấy phép xây dựng",
    "ho tro tro cap",
    "căn cước",
    "lý lịch tư pháp",
    "1.001193",
    "Sở Tư pháp",
    "cấp lại giấy chứng nhận",
    "doanh nghiệp",
]


@pytest.fixture
def loaded(catalogue):
    """The five fixture procedures and 200 synthetic ones, bulk loaded."""
    records = generate_procedures(
        200, seed=17, field_codes=["ho-tich", "ly-lich-tu-phap", "xay-dung"], agency_codes=["stp", "sxd"]
    )
    figures = bulk_load_procedures(records, catalogue["thu-tuc"])
    assert figures["created"] == 200
    return catalogue


def index_rows():
    """``{object id: the row's columns as text}`` of the procedures' entries."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id, title::text, autocomplete::text, body::text, title_norm, title_text, body_text "
            f"FROM {TABLE} WHERE content_type_id = ("
            "SELECT id FROM django_content_type WHERE app_label = 'content' AND model = 'procedurepage')"
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def gin_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexdef LIKE '%%USING gin%%' ORDER BY 1",
            [TABLE],
        )
        return cursor.fetchall()


def forget_procedure_entries():
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE content_type_id = ("
            "SELECT id FROM django_content_type WHERE app_label = 'content' AND model = 'procedurepage')"
        )


def index_normally():
    """What ``update_index`` does for procedures: modelsearch's add_bulk over
    the pages as read by the ORM (no shortcuts)."""
    forget_procedure_entries()
    get_search_backend().add_bulk(ProcedurePage, list(ProcedurePage.objects.order_by("pk")))


def index_in_bulk():
    forget_procedure_entries()
    ids = list(ProcedurePage.objects.order_by("pk").values_list("pk", flat=True))
    bulk.update_search_index(ProcedurePage, ids)


def ranked(query):
    """The backend's ranking and the site's search, fresh (no memo)."""
    catalogue_changed.send(sender=ProcedurePage, ids=[])
    cache.clear()
    backend = get_search_backend()
    scored = backend.search(query, ProcedurePage, operator="or").annotate_score("_score")[:50]
    raw = [(page.pk, round(page._score, 9)) for page in scored]
    site = [hit.page.pk for hit in search_procedures(query, per_page=50).hits]
    return raw, site


def test_bulk_pass_writes_the_rows_normal_indexing_writes(loaded):
    index_normally()
    normal = index_rows()
    assert len(normal) == 205
    index_in_bulk()
    assert index_rows() == normal


def test_bulk_load_rows_equal_normal_indexing_rows(loaded):
    """The rows the bulk load itself left (its pass ran in batches over the
    new pages only) equal those of indexing every procedure normally."""
    after_load = index_rows()
    index_normally()
    normal = index_rows()
    # title_norm depends on the average title length of the table when the
    # row was written: the load's 200 rows and the fixture's 5 were written
    # at different moments, so compare it apart from the vectors and texts.
    assert {key: row[:3] + row[4:] for key, row in after_load.items()} == {
        key: row[:3] + row[4:] for key, row in normal.items()
    }


def test_searches_rank_the_same_after_a_bulk_pass(loaded):
    index_normally()
    expected = {query: ranked(query) for query in QUERIES}
    assert any(raw for raw, _site in expected.values())
    index_in_bulk()
    assert {query: ranked(query) for query in QUERIES} == expected


def test_large_pass_rebuilds_the_gin_indexes(loaded, monkeypatch):
    before = gin_indexes()
    assert len(before) == 3
    index_normally()
    normal = index_rows()
    monkeypatch.setattr(bulk_search, "REBUILD_INDEXES_FROM", 10)
    index_in_bulk()
    assert gin_indexes() == before
    assert index_rows() == normal


def test_failed_pass_leaves_rows_and_indexes_as_they_were(loaded, monkeypatch):
    index_normally()
    normal, before = index_rows(), gin_indexes()
    monkeypatch.setattr(bulk_search, "REBUILD_INDEXES_FROM", 10)
    monkeypatch.setattr(bulk, "BATCH", 50)
    calls = []
    original = bulk_search.BulkIndexPass.add

    def fail_on_third_batch(self, model, objects):
        calls.append(len(objects))
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        return original(self, model, objects)

    monkeypatch.setattr(bulk_search.BulkIndexPass, "add", fail_on_third_batch)
    ids = list(ProcedurePage.objects.order_by("pk").values_list("pk", flat=True))
    with pytest.raises(RuntimeError):
        bulk.update_search_index(ProcedurePage, ids)
    assert gin_indexes() == before
    assert index_rows() == normal


def test_hostile_texts_are_parameters_not_sql(loaded):
    page = ProcedurePage.objects.order_by("pk").first()
    page.title = "Thủ tục'); DROP TABLE modelsearch_indexentry; -- <script>alert(1)</script>"
    page.keywords = "a' || 'b, \\x, %s %(x)s"
    page.save_revision().publish()
    index_normally()
    normal = index_rows()
    index_in_bulk()
    assert index_rows() == normal
    assert "drop" in normal[str(page.pk)][0]
