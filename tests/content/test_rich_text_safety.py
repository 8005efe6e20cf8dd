"""Rich text from outside the editor (``conditions`` of an import, a script)
is cleaned with nh3 when stored and again when the public sheet renders it."""

import re

import pytest

from .conftest import procedure, write_json

HOSTILE = (
    '<p onclick="alert(1)">Có hộ khẩu <b>thường trú</b>.</p>'
    "<script>alert(2)</script>"
    '<p><a href="javascript:alert(3)">bấm</a> <a href="https://dichvucong.gov.vn/">Cổng</a></p>'
    '<img src="x" onerror="alert(4)"><iframe src="https://evil.example/"></iframe>'
    '<ul><li style="color:red">Một</li></ul><h3>Lưu ý</h3>'
)
DANGER = re.compile(r"onclick|onerror|<script|javascript:|<iframe|alert\(|style=", re.IGNORECASE)


def conditions_section(html):
    start = html.index('id="s-conditions"')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
def test_imported_conditions_are_cleaned_in_the_stored_value_and_on_the_page(catalogue, tmp_path, client):
    from content.catalogue_io import import_procedures
    from content.models import ProcedurePage

    report = import_procedures(write_json(tmp_path, [procedure("1.242424", "Điều kiện độc", conditions=HOSTILE)]))
    assert report.ok, report.lines()
    page = ProcedurePage.objects.get(code="1.242424")
    assert not DANGER.search(page.conditions), page.conditions
    assert "<b>thường trú</b>" in page.conditions and '<a href="https://dichvucong.gov.vn/">Cổng</a>' in page.conditions
    assert "<h3>Lưu ý</h3>" in page.conditions and "<li>Một</li>" in page.conditions
    assert not DANGER.search(page.get_latest_revision().content["conditions"])
    section = conditions_section(client.get(page.url).content.decode())
    assert "thường trú" in section and not DANGER.search(section), section

    again = import_procedures(write_json(tmp_path, [procedure("1.242424", "Điều kiện độc", conditions=HOSTILE)]))
    assert again.unchanged == ["1.242424"]  # cleaning is stable: no new revision


@pytest.mark.django_db
def test_raw_html_already_in_the_database_is_cleaned_when_rendered(client, procedure_page):
    from content.models import ProcedurePage

    ProcedurePage.objects.filter(pk=procedure_page.pk).update(conditions=HOSTILE)  # bypasses save()
    section = conditions_section(client.get(procedure_page.url).content.decode())
    assert "thường trú" in section and "https://dichvucong.gov.vn/" in section
    assert not DANGER.search(section), section


@pytest.mark.django_db
def test_saving_a_revision_cleans_conditions(procedure_page):
    page = procedure_page.specific
    page.conditions = HOSTILE
    revision = page.save_revision()
    assert not DANGER.search(revision.content["conditions"])
    revision.publish()
    page.refresh_from_db()
    assert not DANGER.search(page.conditions) and "thường trú" in page.conditions


def test_wagtail_stored_form_survives_and_cleaning_is_idempotent():
    from content.models.richtext import sanitise_rich_text

    stored = (
        '<p>Xem <a linktype="page" id="3">trang</a> và <a href="mailto:stp@lamdong.gov.vn">thư</a>.<br/></p>'
        '<embed alt="Sơ đồ" embedtype="image" format="fullwidth" id="7"/>'
        '<table><thead><tr><th colspan="2">A</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>'
    )
    cleaned = sanitise_rich_text(stored)
    assert '<a linktype="page" id="3">trang</a>' in cleaned
    assert '<embed alt="Sơ đồ" embedtype="image" format="fullwidth" id="7"/>' in cleaned
    assert '<th colspan="2">A</th>' in cleaned and 'href="mailto:stp@lamdong.gov.vn"' in cleaned
    assert sanitise_rich_text(cleaned) == cleaned


@pytest.mark.django_db
def test_internal_links_still_render(procedure_page):
    from content.templatetags.catalogue_tags import safe_richtext

    html = safe_richtext(f'<p><a linktype="page" id="{procedure_page.pk}" onclick="x()">thủ tục</a></p>')
    assert f'href="{procedure_page.url}"' in html and "onclick" not in html
