"""The home page's figures and the catalogue's counts are kept per catalogue
version (content/catalogue_cache.py, issue 17): a page served from the cache
equals the fresh render, and publishing, unpublishing or a bulk import change
what the next visitor sees."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from content import catalogue_cache
from content.bulk import bulk_load_procedures
from content.demo_catalogue.synthetic import generate_procedures
from content.models import FieldPage, ProcedurePage

pytestmark = pytest.mark.django_db

PATHS = [
    "/",
    "/thu-tuc/",
    "/thu-tuc/?field=ho-tich",
    "/thu-tuc/?field=ho-tich&online=full",
    "/thu-tuc/?q=khai+sinh&sort=code",
    "/thu-tuc/?level=province&page=2",
    "/?lang=en",
    "/thu-tuc/?lang=en&agency=stp",
]


def get(path):
    """As a new anonymous visitor (no language cookie from an earlier page)."""
    return Client().get(path)


def stat_values(html):
    return re.findall(r'<span class="stat__value">(\d+)</span>', html)


def facet_count(html, param, value):
    match = re.search(
        rf'name="{param}" value="{re.escape(value)}"[^>]*>[^<]*</span> <span class="facet-count">(\d+)</span>', html
    )
    return int(match.group(1)) if match else None


def field_tile_count(html, code):
    match = re.search(rf'href="/thu-tuc/\?field={code}">.*?<span class="tile__count">(\d+) thủ tục', html)
    return int(match.group(1)) if match else None


def test_pages_from_the_cache_equal_the_fresh_render(catalogue, monkeypatch):
    first = {path: get(path) for path in PATHS}
    again = {path: get(path) for path in PATHS}
    monkeypatch.setattr(catalogue_cache, "cached", lambda name, parts, build: build())
    fresh = {path: get(path) for path in PATHS}
    for path in PATHS:
        assert first[path].status_code == 200, path
        assert first[path].content == again[path].content == fresh[path].content, path


def test_second_visit_does_not_count_the_catalogue_again(catalogue):
    for path in ("/", "/thu-tuc/", "/thu-tuc/?field=ho-tich"):
        get(path)
        with CaptureQueriesContext(connection) as queries:
            assert get(path).status_code == 200
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        assert counts == [], (path, counts)


def test_publishing_and_unpublishing_change_the_counts(catalogue):
    html = get("/").content.decode()
    assert stat_values(html)[:3] == ["5", "4", "2"]
    assert field_tile_count(html, "ho-tich") == 3
    assert facet_count(get("/thu-tuc/").content.decode(), "field", "ho-tich") == 3

    page = ProcedurePage.objects.get(code="1.000894")  # Đăng ký kết hôn, partial
    page.online_level = "full"
    page.save_revision().publish()
    html = get("/").content.decode()
    assert stat_values(html)[:3] == ["5", "4", "3"]
    catalogue_html = get("/thu-tuc/").content.decode()
    assert facet_count(catalogue_html, "online", "full") == 3

    page.unpublish()
    html = get("/").content.decode()
    assert stat_values(html)[:3] == ["4", "3", "2"]
    assert field_tile_count(html, "ho-tich") == 2
    catalogue_html = get("/thu-tuc/").content.decode()
    assert "4 thủ tục" in catalogue_html
    assert facet_count(catalogue_html, "field", "ho-tich") == 2
    assert facet_count(get("/thu-tuc/?online=full").content.decode(), "field", "ho-tich") == 1


def test_a_bulk_import_changes_the_counts(catalogue):
    assert stat_values(get("/").content.decode())[0] == "5"
    assert "5 thủ tục" in get("/thu-tuc/?lang=vi").content.decode()
    records = generate_procedures(12, seed=3, field_codes=["xay-dung"], agency_codes=["sxd"])
    assert bulk_load_procedures(records, catalogue["thu-tuc"])["created"] == 12
    assert stat_values(get("/").content.decode())[0] == "17"
    html = get("/thu-tuc/").content.decode()
    assert "17 thủ tục" in html
    assert facet_count(html, "field", "xay-dung") == 13


def test_renaming_a_field_shows_on_the_next_visit(catalogue):
    assert "Hộ tịch" in get("/thu-tuc/").content.decode()
    field = FieldPage.objects.get(code="ho-tich")
    field.title = "Hộ tịch và chứng thực"
    field.save_revision().publish()
    assert "Hộ tịch và chứng thực" in get("/thu-tuc/").content.decode()
    assert "Hộ tịch và chứng thực" in get("/").content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?field=%3Cscript%3Ealert(1)%3C/script%3E",
        "?field=ho-tich%00&q=kh%00ai",
        "?q=" + "khai+sinh+" * 200,
        "?agency=" + "x" * 5000 + "&level=nowhere&online=",
        "?page=-1&sort=%27;DROP",
        "?field=ho-tich&field=ho-tich&field=" + "&field=".join(str(n) for n in range(100)),
    ],
)
def test_hostile_catalogue_parameters_are_counted_safely(catalogue, query):
    for _ in range(2):  # fresh, then from the cache
        response = get("/thu-tuc/" + query)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>alert(1)" not in html
        assert "thủ tục" in html


def test_procedure_sheet_reads_its_rows_once_and_renders_the_same(client, procedure_page, monkeypatch):
    from wagtail.models import Page

    with CaptureQueriesContext(connection) as queries:
        html = Client().get(procedure_page.url).content
    fee_reads = [q for q in queries.captured_queries if 'FROM "content_procedurefee"' in q["sql"]]
    assert len(fee_reads) == 1
    monkeypatch.setattr(ProcedurePage, "get_context", Page.get_context)
    assert Client().get(procedure_page.url).content == html


def test_preview_shows_the_rows_being_edited(procedure_page):
    from content.models import ProcedureComponent

    page = ProcedurePage.objects.get(pk=procedure_page.pk)
    page.components = [ProcedureComponent(name="Giấy tờ đang soạn, chưa xuất bản", originals=1, copies=0)]
    response = page.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Giấy tờ đang soạn, chưa xuất bản" in html
    assert "Tờ khai đăng ký khai sinh" not in html
    assert "Tờ khai đăng ký khai sinh" in Client().get(procedure_page.url).content.decode()


def test_a_page_reads_the_version_once_and_a_flush_or_a_change_elsewhere_is_seen(catalogue, monkeypatch):
    """However many figures a page shows, it reads the catalogue version
    once; the figures this process keeps in memory are never served after
    the version changed (a publication in another process) or the cache of
    values was flushed."""
    from django.core.cache import cache

    reads = []
    read = catalogue_cache._read_version
    monkeypatch.setattr(catalogue_cache, "_read_version", lambda: reads.append(1) or read())
    assert facet_count(get("/thu-tuc/").content.decode(), "field", "ho-tich") == 3
    assert len(reads) == 1
    # another process publishes: the shared version changes, not this process's memory
    ProcedurePage.objects.filter(code="1.000894").update(field=FieldPage.objects.get(code="xay-dung"))
    assert facet_count(get("/thu-tuc/").content.decode(), "field", "ho-tich") == 3  # nothing announced it yet
    catalogue_cache._version_store().set(catalogue_cache.VERSION_KEY, "elsewhere", None)
    assert facet_count(get("/thu-tuc/").content.decode(), "field", "ho-tich") == 2
    ProcedurePage.objects.filter(code="1.000894").update(field=FieldPage.objects.get(code="ho-tich"))
    cache.clear()
    assert facet_count(get("/thu-tuc/").content.decode(), "field", "ho-tich") == 3
