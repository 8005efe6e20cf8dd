"""The search page and the procedures API as a citizen or a client sees them."""

import time

import pytest
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from search import querylog

from .conftest import add_procedure, database_backend_only

pytestmark = pytest.mark.django_db


def page_text(response):
    """What the citizen reads: the page without tags."""
    import re

    return re.sub(r"<[^>]+>", "", response.content.decode())


def titles(response):
    return [item["name"] for item in response.json()["results"]]


def test_every_spelling_finds_the_procedure_first(client, catalogue):
    for q in [
        "dang ky ket hon",
        "đăng ký kết hôn",
        "DANG KY KET HON",
        "dăng ky ket hon",
        "Đăng Ký Kết Hôn",
        "dang ki ket hon",
    ]:
        response = client.get("/api/v1/procedures/search", {"q": q})
        assert response.status_code == 200, q
        assert titles(response)[0] == "Đăng ký kết hôn", q
        page = client.get("/tim-kiem/", {"q": q})
        assert page_text(page).index("Đăng ký kết hôn") < page_text(page).index("Đăng ký kết hôn có yếu tố"), q


def test_exact_code_ranks_first(client, catalogue):
    response = client.get("/api/v1/procedures/search", {"q": "1.001612"})
    assert titles(response)[0] == "Đăng ký kết hôn có yếu tố nước ngoài"


def test_citizens_synonyms_find_the_procedure(client, catalogue):
    assert (
        "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp"
        in titles(client.get("/api/v1/procedures/search", {"q": "bang lai"}))[:2]
    )


def test_name_weighs_more_than_body_text(client, catalogue, home_page):
    from content.models import ProcedureIndexPage

    index = ProcedureIndexPage.objects.get()
    add_procedure(
        index,
        "2.000001",
        "Cấp bản sao trích lục hộ tịch",
        summary="Dùng khi cần bản sao giấy tờ khai sinh, khai sinh, khai sinh.",
    )
    assert titles(client.get("/api/v1/procedures/search", {"q": "khai sinh"}))[0] == "Đăng ký khai sinh"


def test_diacritics_in_the_query_prefer_exact_matches(client, catalogue, home_page):
    from content.models import ProcedureIndexPage

    index = ProcedureIndexPage.objects.get()
    add_procedure(index, "2.000002", "Cấp phép bán lẻ", summary="x")
    add_procedure(index, "2.000003", "Cấp phép bản lề", summary="x")
    assert titles(client.get("/api/v1/procedures/search", {"q": "bản lề"}))[0] == "Cấp phép bản lề"
    assert titles(client.get("/api/v1/procedures/search", {"q": "bán lẻ"}))[0] == "Cấp phép bán lẻ"


def test_typo_gets_a_suggestion_and_corrected_results(client, catalogue):
    response = client.get("/tim-kiem/", {"q": "khai sihn"})
    assert response.status_code == 200
    html = page_text(response)
    assert "Có phải Ông/Bà muốn tìm:" in html
    assert "Đăng ký khai sinh" in html
    data = client.get("/api/v1/procedures/search", {"q": "khai sihn"}).json()
    assert data["corrected_query"] == "khai sinh"
    assert data["results"][0]["name"] == "Đăng ký khai sinh"


def test_results_page_shows_count_highlights_facets(client, catalogue):
    response = client.get("/tim-kiem/", {"q": "dang ky"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tìm thấy 4 thủ tục" in html
    assert "<mark>Đăng</mark> <mark>ký</mark> kết hôn" in html
    assert 'name="field" value="ho-tich"' in html
    assert '<span class="facet-count">4</span>' in html
    assert "1.999001" not in html  # the draft


def test_facet_filter_by_get(client, catalogue):
    response = client.get("/tim-kiem/", {"q": "dang ky", "level": "province"})
    html = page_text(response)
    assert "Tìm thấy 1 thủ tục" in html
    assert "Đăng ký kết hôn có yếu tố nước ngoài" in html
    assert "Đăng ký khai tử" not in html
    # The level facet still offers the other level with its count.
    assert 'name="level" value="commune"' in response.content.decode()
    data = client.get("/api/v1/procedures/search", {"q": "dang ky", "online_level": "full"}).json()
    assert data["total"] == 2
    assert {f["value"]: f["count"] for f in data["facets"]["online_level"]} == {"full": 2, "partial": 2}


def test_pagination(client, catalogue, home_page):
    from content.models import ProcedureIndexPage

    index = ProcedureIndexPage.objects.get()
    for n in range(25):
        add_procedure(index, f"3.{n:06d}", f"Thủ tục thử nghiệm số {n}")
    data = client.get("/api/v1/procedures/search", {"q": "thu nghiem", "page": "2"}).json()
    assert (data["total"], data["page"], data["pages"], len(data["results"])) == (25, 2, 2, 5)
    html = client.get("/tim-kiem/", {"q": "thu nghiem"}).content.decode()
    assert 'rel="next"' in html and "page=2" in html
    # A page beyond the end shows the last page rather than an error.
    assert client.get("/tim-kiem/", {"q": "thu nghiem", "page": "99"}).status_code == 200


def test_a_page_of_hits_reads_no_field_per_hit(client, catalogue, home_page):
    """A page of 20 hits costs the same queries as a page of 5: each hit's
    field, agency, level and link come with the page of hits (its sheet
    is never loaded)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from content.models import ProcedureIndexPage

    index = ProcedureIndexPage.objects.get()
    for n in range(25):
        add_procedure(index, f"3.{n:06d}", f"Thủ tục thử nghiệm số {n}", summary=f"Tóm tắt thử nghiệm {n}")

    def queries(url, page):
        client.get(url, {"q": "thu nghiem", "page": page})  # the search's own caches filled
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"q": "thu nghiem", "page": page, "x": "y"})
        assert response.status_code == 200
        return len(captured), response

    for url in ("/tim-kiem/", "/api/v1/procedures/search"):
        full, response = queries(url, "1")
        short, _ = queries(url, "2")
        assert full == short, url
    # What each hit shows is there: name, summary, field and level.
    html = page_text(client.get("/tim-kiem/", {"q": "thu nghiem"}))
    assert "Thủ tục thử nghiệm số 0" in html and "Tóm tắt thử nghiệm 0" in html
    first = response.json()["results"][0]
    assert first["url"].startswith("/") and first["level_label"] and "<mark>thử</mark>" in first["summary_highlighted"]


def test_no_results_page_helps(client, catalogue):
    from content.models import HomePage, HomePageFeaturedProcedure

    home = HomePage.objects.get()
    HomePageFeaturedProcedure.objects.create(page=home, procedure=catalogue["khai_sinh"])
    html = client.get("/tim-kiem/", {"q": "qwertyuiop"}).content.decode()
    assert "Không tìm thấy thủ tục nào cho “qwertyuiop”" in html
    assert "Thủ tục được dùng nhiều" in html
    assert "Đăng ký khai sinh" in html
    assert "1900 1234" in html


def test_queries_are_logged_with_daily_hits_but_not_garbage(client, catalogue):
    client.get("/tim-kiem/", {"q": "Đăng ký kết hôn"})
    client.get("/tim-kiem/", {"q": "đăng ký kết hôn"})
    client.get("/api/v1/procedures/search", {"q": "khai sinh"})
    client.get("/tim-kiem/", {"q": "!!!"})
    client.get("/tim-kiem/", {"q": ""})
    client.get("/api/v1/procedures/autocomplete", {"q": "khai"})
    # Narrowing a search down by a facet is not a new search.
    client.get("/tim-kiem/", {"q": "đăng ký kết hôn", "online_level": "full"})
    client.get("/api/v1/procedures/search", {"q": "khai sinh", "online_level": "full"})
    querylog.flush(now=time.time() + 2 * querylog.BUCKET_SECONDS)  # the periodic task
    assert Query.get("đăng ký kết hôn").hits == 2
    assert Query.get("khai sinh").hits == 1
    assert set(Query.objects.filter(daily_hits__isnull=False).values_list("query_string", flat=True)) == {
        "đăng ký kết hôn",
        "khai sinh",
    }
    assert QueryDailyHits.objects.count() == 2


def test_promoted_procedure_comes_first(client, catalogue):
    query = Query.get("kết hôn")
    SearchPromotion.objects.create(query=query, page=catalogue["ket_hon_nn"], sort_order=0)
    for q in ("kết hôn", "ket hon"):
        data = client.get("/api/v1/procedures/search", {"q": q}).json()
        assert data["results"][0]["name"] == "Đăng ký kết hôn có yếu tố nước ngoài"
        assert data["results"][0]["promoted"] is True
    html = client.get("/tim-kiem/", {"q": "ket hon"}).content.decode()
    assert "Được đề xuất" in html


# --- the index follows publishing ------------------------------------------------


def _found(client, q, code):
    data = client.get("/api/v1/procedures/search", {"q": q}).json()
    suggestions = client.get("/api/v1/procedures/autocomplete", {"q": q}).json()["results"]
    return code in [r["code"] for r in data["results"]] or code in [s["code"] for s in suggestions]


def test_draft_only_procedure_never_appears(client, catalogue):
    assert not _found(client, "chua xuat ban", "1.999001")
    assert client.get("/api/v1/procedures/1.999001").status_code == 404


def test_unpublished_procedure_disappears(client, catalogue):
    assert _found(client, "khai tu", "1.000656")
    catalogue["khai_tu"].unpublish()
    assert not _found(client, "khai tu", "1.000656")
    assert client.get("/api/v1/procedures/1.000656").status_code == 404


@database_backend_only
def test_deleted_procedure_disappears_from_the_index(client, catalogue):
    from wagtail.models import Page
    from wagtail.search.models import IndexEntry

    pk = catalogue["khai_tu"].pk
    assert IndexEntry.objects.filter(object_id=str(pk)).exists()
    Page.objects.get(pk=pk).delete()
    assert not IndexEntry.objects.filter(object_id=str(pk)).exists()
    assert not _found(client, "khai tu", "1.000656")


def test_unpublished_draft_changes_are_not_searchable(client, catalogue):
    page = catalogue["khai_tu"].specific
    page.title = "Tên nháp bí mật"
    page.save_revision()
    assert not _found(client, "bi mat", "1.000656")
    assert _found(client, "khai tu", "1.000656")
    page.get_latest_revision().publish()
    assert _found(client, "bi mat", "1.000656")


@database_backend_only
def test_update_index_rebuilds(client, catalogue):
    from django.core.management import call_command
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.all().delete()
    assert not _found(client, "khai sinh", "1.001193")
    call_command("update_index", stdout=open("/dev/null", "w"))
    assert _found(client, "khai sinh", "1.001193")


# --- autocomplete -------------------------------------------------------------------


def test_autocomplete_word_prefixes(client, catalogue):
    for q in ["dang ky k", "đăng ký k", "ĐĂNG KÝ KẾ", "dang ki ket", "ket h"]:
        response = client.get("/api/v1/procedures/autocomplete", {"q": q})
        assert response.status_code == 200, q
        names = [s["name"] for s in response.json()["results"]]
        assert "Đăng ký kết hôn" in names, q
        assert len(names) <= 8
        first = response.json()["results"][0]
        assert set(first) == {"code", "name", "url"}
        assert first["url"].startswith("/thu-tuc/")


def test_autocomplete_by_code_and_limit(client, catalogue, home_page):
    from content.models import ProcedureIndexPage

    index = ProcedureIndexPage.objects.get()
    for n in range(12):
        add_procedure(index, f"3.{n:06d}", f"Cấp giấy phép thử {n}")
    assert len(client.get("/api/v1/procedures/autocomplete", {"q": "cap giay"}).json()["results"]) == 8
    codes = [s["code"] for s in client.get("/api/v1/procedures/autocomplete", {"q": "1.0016"}).json()["results"]]
    assert codes == ["1.001612"]


def test_autocomplete_is_cached_per_folded_prefix(client, catalogue, django_assert_max_num_queries):
    client.get("/api/v1/procedures/autocomplete", {"q": "đăng ký"})
    with django_assert_max_num_queries(0):
        response = client.get("/api/v1/procedures/autocomplete", {"q": "DANG KY"})
    assert response.json()["results"]


# --- list and detail ----------------------------------------------------------------


def test_list_with_filters(client, catalogue):
    data = client.get("/api/v1/procedures/", {"field": "duong-bo"}).json()
    assert data["total"] == 2
    assert {r["code"] for r in data["results"]} == {"3.000347", "3.000348"}
    assert client.get("/api/v1/procedures/").json()["total"] == 7


def test_detail(client, catalogue):
    data = client.get("/api/v1/procedures/1.000894").json()
    assert data["name"] == "Đăng ký kết hôn"
    assert data["components"][0]["name"] == "Tờ khai đăng ký kết hôn"
    assert data["field"] == {"code": "ho-tich", "name": "Hộ tịch"}
    assert data["online_level_label"] == "Dịch vụ công trực tuyến một phần"
    for key in ("methods", "legal_bases", "fee_vnd", "steps"):
        assert key in data


def test_search_hits_carry_level_labels_in_the_visitors_language(client, catalogue):
    """The labels are translated once per language, never frozen in the
    language of the first request."""
    from django.utils import translation

    vi = client.get("/api/v1/procedures/search", {"q": "đăng ký kết hôn"}).json()["results"][0]
    en = client.get("/api/v1/procedures/search", {"q": "đăng ký kết hôn", "lang": "en"}).json()["results"][0]
    again = client.get("/api/v1/procedures/search", {"q": "đăng ký kết hôn", "lang": "vi"}).json()["results"][0]
    assert vi["code"] == en["code"] == "1.000894"
    assert vi["online_level_label"] == again["online_level_label"] == "Dịch vụ công trực tuyến một phần"
    with translation.override("en"):
        assert en["online_level_label"] == translation.gettext("Dịch vụ công trực tuyến một phần")
    assert en["online_level_label"].startswith("Partial online")
    assert vi["level_label"].startswith("Cấp") and not en["level_label"].startswith("Cấp")


def test_openapi_documents_the_responses(client):
    schema = client.get("/api/v1/schema/").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/procedures/",
        "/api/v1/procedures/search",
        "/api/v1/procedures/autocomplete",
        "/api/v1/procedures/{code}",
    ):
        assert path in paths
    components = schema["components"]["schemas"]
    for name in ("SearchResponse", "SearchHit", "Facets", "AutocompleteResponse", "ProcedureDetail", "Error"):
        assert name in components
    assert "400" in paths["/api/v1/procedures/search"]["get"]["responses"]


def test_page_in_english(client, catalogue):
    text = page_text(client.get("/tim-kiem/", {"q": "khai sinh", "lang": "en"}))
    assert "Found 1 procedure for “khai sinh”." in text
    assert "Filter results" in text
    text = page_text(client.get("/tim-kiem/", {"q": "khai sihn", "lang": "en"}))
    assert "Did you mean:" in text


def test_a_name_matching_the_first_words_beats_a_body_repeating_the_last(catalogue):
    """Known miss: a query whose first words are a name exactly lost to a
    procedure that merely repeats its last word in the body."""
    from content.models import ProcedureIndexPage
    from search.services import search_procedures

    index = ProcedureIndexPage.objects.get()
    add_procedure(
        index,
        "1.000990",
        "Đăng ký hoạt động tín ngưỡng",
        summary="Đăng ký khai sinh nhanh, nhanh, nhanh: nơi sinh hoạt tín ngưỡng nhanh chóng.",
    )
    outcome = search_procedures("dang ky khai sinh nhanh")
    assert [hit.page.code for hit in outcome.hits][:1] == ["1.001193"]
    # A query matching only some words: names holding them first.
    outcome = search_procedures("khai sinh lưu động")
    assert outcome.hits[0].page.code == "1.001193"


def test_dossiers_submitted_break_ties(catalogue):
    """Two procedures equally far from the query: the one citizens submit
    most comes first; popularity never beats a better name."""
    from content.models import ProcedureIndexPage
    from search.memo import bump_catalogue_version
    from search.services import search_procedures
    from tests.eforms.factories import DossierFactory

    index = ProcedureIndexPage.objects.get()
    pair = {
        "1.000981": add_procedure(index, "1.000981", "Cấp giấy phép hoạt động bến xe", summary="Bến xe."),
        "1.000982": add_procedure(index, "1.000982", "Cấp giấy phép hoạt động bến tàu", summary="Bến tàu."),
    }

    def first(query):
        return search_procedures(query).hits[0].page.code

    leader = first("giay phep hoat dong ben")
    assert leader in pair
    (quiet,) = [code for code in pair if code != leader]
    for _ in range(3):
        DossierFactory(procedure=pair[quiet])
    bump_catalogue_version()  # popularity is re-read with the catalogue version (or after POPULARITY_MAX_AGE)
    assert first("giay phep hoat dong ben") == quiet
    assert first(f"giay phep hoat dong {'ben xe' if leader == '1.000981' else 'ben tau'}") == leader


def test_facet_counts_cover_procedures_published_after_the_live_rows_were_read(catalogue):
    """Counting by combination (one pass) gives the same counts as counting
    each facet, also for a procedure the process has not read yet."""
    from collections import Counter

    from search import candidates
    from search.facets import FACET_NAMES, Filters, facets

    rows = list(candidates.live_rows().values())
    newcomer = (10**9, rows[0][1], rows[0][2], rows[0][3], rows[0][4])
    found = facets([*rows, newcomer], Filters())
    for index, name in enumerate(FACET_NAMES, start=1):
        expected = Counter(row[index] for row in [*rows, newcomer] if row[index] not in (None, ""))
        counted = {value.value: value.count for value in found[name]}
        if name in ("level", "online_level"):
            assert counted == dict(expected), name
        else:  # fields and agencies are shown by code
            assert sum(counted.values()) == sum(expected.values()), name
