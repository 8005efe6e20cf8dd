"""Vietnamese alphabetical order of names (Đ after D, tones breaking ties)
in the catalogue's name sort, the directories and the facet lists."""

import re

import pytest

from content.collation import by_name
from content.text import collation_key

ORDER = [
    "An toàn",
    "Ăn uống",
    "Âm nhạc",
    "ba",
    "bà",
    "bả",
    "bã",
    "bá",
    "bạ",
    "bác",
    "Dân tộc",
    "Đăng ký kết hôn",
    "Đăng ký kết hôn có yếu tố nước ngoài",
    "Đất đai",
    "Điện",
    "Ôn",
    "Ơn",
    "Uy",
    "Ưu",
]


def test_collation_key_is_the_vietnamese_alphabetical_order():
    shuffled = ORDER[1::2] + ORDER[::2]
    assert sorted(shuffled, key=collation_key) == ORDER
    assert sorted(ORDER, key=collation_key) == ORDER
    # Code-point order, for contrast, puts Đ after every other letter.
    assert sorted(["Đất đai", "Điện", "Dân tộc", "Xây dựng"]) != ["Dân tộc", "Đất đai", "Điện", "Xây dựng"]
    assert by_name(["Điện", "Xây dựng", "Đất đai", "Dân tộc"], str) == ["Dân tộc", "Đất đai", "Điện", "Xây dựng"]


def test_collation_key_ignores_case_and_normal_form():
    import unicodedata

    assert collation_key("ĐẤT ĐAI") == collation_key("đất đai")
    assert collation_key(unicodedata.normalize("NFD", "Đất đai")) == collation_key("Đất đai")
    assert collation_key("") == collation_key(None) == ""


@pytest.fixture
def lettered_catalogue(home_page):
    from tests.search.conftest import add_agency, add_field, add_procedure, make_catalogue

    fields, agencies, procedures = make_catalogue(home_page)
    dat = add_field(fields, "dat-dai", "Đất đai")
    field_pages = [add_field(fields, "dan-toc", "Dân tộc"), add_field(fields, "dien", "Điện"), dat]
    field_pages.append(add_field(fields, "xay-dung", "Xây dựng"))
    agency_pages = [add_agency(agencies, "so-xd", "Sở Xây dựng"), add_agency(agencies, "so-dt", "Sở Đào tạo")]
    agency_pages.append(add_agency(agencies, "so-dl", "Sở Du lịch"))
    for number, title in enumerate(
        ["Điện lực cấp phép", "Đất đai giao đất", "Dân tộc hỗ trợ", "Xây dựng nhà", "Đăng ký đất"], start=1
    ):
        add_procedure(
            procedures,
            f"1.90000{number}",
            title,
            field=field_pages[number % 4],
            agency=agency_pages[number % 3],
        )
    return procedures


PROCEDURES = ["Dân tộc hỗ trợ", "Đăng ký đất", "Đất đai giao đất", "Điện lực cấp phép", "Xây dựng nhà"]


def _appearance(text, names):
    """``names`` in the order they first appear in ``text``."""
    found = re.findall("|".join(re.escape(name) for name in names), text)
    return list(dict.fromkeys(found))


@pytest.mark.django_db
def test_catalogue_name_sort_and_facet_lists(client, lettered_catalogue):
    from django.http import QueryDict

    from content.filters import parse_query
    from content.models import ProcedureIndexPage

    response = client.get("/thu-tuc/", {"sort": "name"})
    assert response.status_code == 200
    assert _appearance(response.content.decode(), PROCEDURES) == PROCEDURES
    facets = {
        f["name"]: [o["label"] for o in f["options"]]
        for f in ProcedureIndexPage.objects.get().facet_options(parse_query(QueryDict()))
    }
    assert facets["field"] == ["Dân tộc", "Đất đai", "Điện", "Xây dựng"]
    assert facets["agency"] == ["Sở Du lịch", "Sở Đào tạo", "Sở Xây dựng"]


@pytest.mark.django_db
def test_directories_and_a_fields_procedures_in_vietnamese_order(client, lettered_catalogue):
    fields = ["Dân tộc", "Đất đai", "Điện", "Xây dựng"]
    agencies = ["Sở Du lịch", "Sở Đào tạo", "Sở Xây dựng"]
    assert _appearance(client.get("/linh-vuc/").content.decode(), fields) == fields
    assert _appearance(client.get("/co-quan/").content.decode(), agencies) == agencies
    response = client.get("/linh-vuc/dien/")
    assert response.status_code == 200
    assert _appearance(response.content.decode(), ["Đăng ký đất", "Điện lực cấp phép"]) == [
        "Đăng ký đất",
        "Điện lực cấp phép",
    ]


@pytest.mark.django_db
def test_search_facets_with_equal_counts_in_vietnamese_order(lettered_catalogue):
    from search.services import search_procedures

    outcome = search_procedures("cap phep dat dan toc xay dien")
    labels = [v.label for v in outcome.facets["agency"] if v.count == 1]
    assert labels == sorted(labels, key=collation_key)


@pytest.mark.django_db
def test_refresh_folded_names_rewrites_stale_rows(lettered_catalogue):
    from io import StringIO

    from django.core.management import call_command

    from content.models import ProcedurePage

    ProcedurePage.objects.update(folded_name="stale")
    out = StringIO()
    call_command("refresh_folded_names", stdout=out)
    assert "5 folded names updated" in out.getvalue()
    page = ProcedurePage.objects.get(code="1.900001")
    assert page.folded_name.startswith(collation_key("Điện lực cấp phép"))
    call_command("refresh_folded_names", stdout=out)
    assert "0 folded names updated" in out.getvalue()
