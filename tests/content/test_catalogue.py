"""The catalogue page /thu-tuc/: filters, counts per facet, sorting,
pagination and bad parameters."""

import re

import pytest


def facet_count(html, param, value):
    match = re.search(
        rf'name="{param}" value="{re.escape(value)}"[^>]*>[^<]*</span> <span class="facet-count">(\d+)</span>', html
    )
    return int(match.group(1)) if match else None


def result_codes(html):
    return re.findall(r'<span class="procedure-code">([^<]+)</span>', html)


@pytest.mark.django_db
def test_catalogue_lists_every_live_procedure_with_counts(client, catalogue):
    response = client.get("/thu-tuc/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "5 thủ tục" in html
    assert facet_count(html, "field", "ho-tich") == 3
    assert facet_count(html, "agency", "stp") == 1
    assert facet_count(html, "level", "province") == 2
    assert facet_count(html, "online", "full") == 2


@pytest.mark.django_db
def test_filters_combine_and_counts_reflect_the_other_filters(client, catalogue):
    response = client.get("/thu-tuc/", {"field": "ho-tich", "online": "full"})
    html = response.content.decode()
    assert result_codes(html) == ["1.001193"]
    assert "1 thủ tục" in html
    # The field facet is counted under the online filter only ...
    assert facet_count(html, "field", "ho-tich") == 1
    assert facet_count(html, "field", "ly-lich-tu-phap") == 1
    # ... and the online facet under the field filter only.
    assert facet_count(html, "online", "full") == 1
    assert facet_count(html, "online", "partial") == 1
    assert facet_count(html, "online", "information") == 1
    # Checked boxes stay checked; the active filter can be removed by a link.
    assert re.search(r'name="online" value="full" checked', html)
    assert "Bỏ tất cả bộ lọc" in html


@pytest.mark.django_db
def test_repeated_values_of_one_facet_are_alternatives(client, catalogue):
    html = client.get("/thu-tuc/?agency=stp&agency=sxd").content.decode()
    assert sorted(result_codes(html)) == ["1.009994", "3.000333"]


@pytest.mark.django_db
def test_field_and_agency_accept_page_ids_too(client, catalogue):
    from content.models import AgencyPage

    stp = AgencyPage.objects.get(code="stp")
    html = client.get(f"/thu-tuc/?agency={stp.pk}").content.decode()
    assert result_codes(html) == ["3.000333"]


@pytest.mark.django_db
def test_text_filter_ignores_diacritics_and_matches_code(client, catalogue):
    html = client.get("/thu-tuc/", {"q": "dang ky KHAI"}).content.decode()
    assert sorted(result_codes(html)) == ["1.000656", "1.001193"]
    html = client.get("/thu-tuc/", {"q": "3.000333"}).content.decode()
    assert result_codes(html) == ["3.000333"]
    html = client.get("/thu-tuc/", {"q": "giấy khai sinh"}).content.decode()  # keywords
    assert result_codes(html) == ["1.001193"]


@pytest.mark.django_db
def test_sorting_by_name_code_and_processing_time(client, catalogue):
    by_name = result_codes(client.get("/thu-tuc/?sort=name").content.decode())
    assert by_name == ["1.009994", "3.000333", "1.000894", "1.001193", "1.000656"]
    by_code = result_codes(client.get("/thu-tuc/?sort=code").content.decode())
    assert by_code == sorted(by_code)
    by_time = result_codes(client.get("/thu-tuc/?sort=time").content.decode())
    assert by_time == ["1.000656", "1.000894", "3.000333", "1.009994", "1.001193"]


def test_catalogue_shows_twenty_procedures_per_page():
    from content import filters

    assert filters.PAGE_SIZE == 20


@pytest.mark.django_db
def test_pagination_keeps_filters(client, catalogue, monkeypatch):
    import content.models.catalogue_index as catalogue_module

    monkeypatch.setattr(catalogue_module, "PAGE_SIZE", 2)
    first = client.get("/thu-tuc/?field=ho-tich").content.decode()
    assert len(result_codes(first)) == 2
    assert "3 thủ tục" in first
    assert "field=ho-tich&amp;page=2" in first
    second = client.get("/thu-tuc/?field=ho-tich&page=2").content.decode()
    assert len(result_codes(second)) == 1
    assert set(result_codes(first)).isdisjoint(result_codes(second))
    # Out of range and malformed pages fall back to a real page.
    assert len(result_codes(client.get("/thu-tuc/?field=ho-tich&page=999").content.decode())) == 1
    assert len(result_codes(client.get("/thu-tuc/?field=ho-tich&page=x").content.decode())) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-5",
        "page=99999999999999999999999999",
        "page=" + "9" * 500,
        "sort=drop table",
        "field=khong-ton-tai&agency=999999999999999999999",
        "level=galaxy&online=%00",
        "q=" + "x" * 5000,
        "q=%25%27%22<script>",
        "q=%00kh%00ai&field=ho-tich%00",
        "field=" + "&field=".join(["ho-tich"] * 300),
    ],
)
def test_bad_parameters_never_fail(client, catalogue, query):
    response = client.get("/thu-tuc/?" + query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


@pytest.mark.django_db
def test_no_result_explains_and_offers_a_way_out(client, catalogue):
    html = client.get("/thu-tuc/?q=khongcogi").content.decode()
    assert "Không tìm thấy thủ tục nào phù hợp" in html
    assert "Xem toàn bộ danh mục" in html


@pytest.mark.django_db
def test_catalogue_in_english(client, catalogue):
    html = client.get("/thu-tuc/?lang=en").content.decode()
    assert "Filter procedures" in html
    assert "Implementing agency" in html


@pytest.mark.django_db
def test_draft_procedures_are_not_listed(client, catalogue):
    from content.models import ProcedurePage

    ProcedurePage.objects.get(code="1.000656").unpublish()
    html = client.get("/thu-tuc/").content.decode()
    assert "1.000656" not in result_codes(html)
    assert "4 thủ tục" in html


@pytest.mark.django_db
def test_a_list_of_procedures_reads_no_column_per_procedure(client, catalogue):
    """The catalogue and a field's page cost the same queries for five
    procedures as for one (each item's code, name, agency, level, field and
    time come with the list; the sheet's long columns are never loaded), and
    still show all of them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        client.get(url)  # the catalogue-wide counts cached
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    five, html = queries("/thu-tuc/")
    one, _ = queries("/thu-tuc/?q=khai+sinh")
    assert len(result_codes(html)) == 5 and five == one
    item = html[html.index('<span class="procedure-code">1.001193</span>') :].split("</li>", 1)[0]
    for shown in ("Đăng ký khai sinh", "UBND phường Xuân Hương - Đà Lạt", "Lĩnh vực: Hộ tịch", 'href="/thu-tuc/'):
        assert shown in item, shown
    field_url = catalogue["linh-vuc"].get_children().live().get(title="Hộ tịch").url
    field_html = client.get(field_url).content.decode()
    assert "Đăng ký khai sinh" in field_html and "Thời hạn" in field_html
    before = len(result_codes(field_html))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(field_url).status_code == 200
    assert before >= 3 and not [q for q in captured.captured_queries if '"content_procedurepage"."steps"' in q["sql"]]
