"""Rich text from outside the editor (``conditions`` of an import, a script)
is cleaned with nh3 when stored and again when the public sheet renders it."""

import json
import re

import pypdfium2
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


# --- issue 12: every other rich text field and the body's paragraph blocks ---

START, END = "ĐẦU-ĐOẠN-THỬ", "CUỐI-ĐOẠN-THỬ"
FIELD_HOSTILE = f"<p>{START}</p>{HOSTILE}<p>{END}</p>"


def _fields(catalogue):
    """(page, field name, is a StreamField) of every rich text on a public page."""
    from content.models import AgencyPage, NewsPage

    news = NewsPage(title="Tin thử", slug="tin-thu", intro="Tóm tắt.")
    catalogue["tin-tuc"].add_child(instance=news)
    return [
        (catalogue["home"], "body", False),
        (catalogue["thu-tuc"], "intro", False),
        (catalogue["co-quan"], "intro", False),
        (catalogue["linh-vuc"], "intro", False),
        (catalogue["tin-tuc"], "intro", False),
        (AgencyPage.objects.live().first(), "description", False),
        (catalogue["huong-dan"], "body", True),
        (news, "body", True),
    ]


FIELD_IDS = ["home.body", "thu-tuc.intro", "co-quan.intro", "linh-vuc.intro", "tin-tuc.intro", "agency.description"]
FIELD_IDS += ["standard.body", "news.body"]


def _set(page, name, stream, html):
    setattr(page, name, [("paragraph", html)] if stream else html)


def _stored(page, name, stream):
    value = getattr(page, name)
    if stream:
        return "".join(block.value.source for block in value if block.block_type == "paragraph")
    return value


def _rendered(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index(START)
    return html[start : html.index(END, start)]


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(len(FIELD_IDS)), ids=FIELD_IDS)
def test_hostile_rich_text_is_cleaned_when_saved_and_on_the_page(catalogue, client, index):
    page, name, stream = _fields(catalogue)[index]
    page = page.specific
    _set(page, name, stream, FIELD_HOSTILE)
    revision = page.save_revision()
    revision_html = revision.content[name]
    if stream:
        revision_html = "".join(block["value"] for block in json.loads(revision_html))
    assert "thường trú" in revision_html and not DANGER.search(revision_html), revision_html
    revision.publish()
    page = type(page).objects.get(pk=page.pk)
    stored = _stored(page, name, stream)
    assert "<b>thường trú</b>" in stored and '<a href="https://dichvucong.gov.vn/">Cổng</a>' in stored
    assert not DANGER.search(stored), stored
    section = _rendered(client, page)
    assert "thường trú" in section and "https://dichvucong.gov.vn/" in section
    assert not DANGER.search(section), section


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(len(FIELD_IDS)), ids=FIELD_IDS)
def test_plain_save_cleans_too(catalogue, index):
    page, name, stream = _fields(catalogue)[index]
    page = page.specific
    _set(page, name, stream, FIELD_HOSTILE)
    page.save()
    stored = _stored(type(page).objects.get(pk=page.pk), name, stream)
    assert "thường trú" in stored and not DANGER.search(stored), stored


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(len(FIELD_IDS)), ids=FIELD_IDS)
def test_raw_html_in_the_database_is_cleaned_on_render(catalogue, client, index):
    page, name, stream = _fields(catalogue)[index]
    raw = [{"type": "paragraph", "value": FIELD_HOSTILE, "id": "x1"}] if stream else FIELD_HOSTILE
    type(page.specific).objects.filter(pk=page.pk).update(**{name: raw})  # bypasses save()
    section = _rendered(client, page)
    assert "thường trú" in section and not DANGER.search(section), section


@pytest.fixture
def image(settings, tmp_path):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = str(tmp_path)
    return get_image_model().objects.create(title="Sơ đồ", file=get_test_image_file())


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(len(FIELD_IDS)), ids=FIELD_IDS)
def test_wagtail_links_and_image_embeds_survive(catalogue, client, procedure_page, image, index):
    page, name, stream = _fields(catalogue)[index]
    page = page.specific
    link = f'<a linktype="page" id="{procedure_page.pk}">thủ tục</a>'
    embed = f'<embed alt="Sơ đồ" embedtype="image" format="fullwidth" id="{image.pk}"/>'
    _set(page, name, stream, f"<p>{START} {link}</p>{embed}<p>{END}</p>")
    page.save_revision().publish()
    stored = _stored(type(page).objects.get(pk=page.pk), name, stream)
    assert link in stored and embed in stored, stored
    section = _rendered(client, page)
    assert f'href="{procedure_page.url}"' in section, section
    assert re.search(r'<img [^>]*src="[^"]+"', section) and 'alt="Sơ đồ"' in section, section


@pytest.mark.django_db
def test_the_procedure_pdf_holds_no_script_text(client, procedure_page):
    from content.models import ProcedurePage

    hostile = HOSTILE + "<style>p{color:red}</style>"
    ProcedurePage.objects.filter(pk=procedure_page.pk).update(conditions=hostile)  # bypasses save()
    response = client.get(procedure_page.url + "pdf/")
    assert response.status_code == 200
    pdf = pypdfium2.PdfDocument(b"".join(response.streaming_content) if response.streaming else response.content)
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    assert "thường trú" in text and "Cổng" in text
    assert "alert" not in text and "color:red" not in text
