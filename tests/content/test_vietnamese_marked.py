"""WCAG 3.1.2 (language of parts): on the English pages of the catalogue
every Vietnamese name or text (procedure titles, fields, agencies, fees,
legal bases, facets, news and guides) carries ``lang="vi"``, so that a screen
reader switches to a Vietnamese voice for it; the Vietnamese pages need no
marking at all."""

import datetime as dt

import pytest

from content.models import NewsIndexPage, NewsPage, ProcedurePage
from tests.english_pages import unmarked_vietnamese

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(catalogue):
    index = NewsIndexPage.objects.first()
    if index is None:
        index = catalogue["home"].add_child(instance=NewsIndexPage(title="Tin tức, thông báo", slug="tin-tuc-thu"))
    page = index.add_child(
        instance=NewsPage(
            title="Giảm 50% lệ phí đối với hồ sơ nộp trực tuyến",
            slug="giam-le-phi",
            date=dt.date(2026, 11, 2),
            intro="HĐND tỉnh quyết định giảm một số khoản phí, lệ phí.",
        )
    )
    return page


def english(client, url):
    response = client.get(url + ("&" if "?" in url else "?") + "lang=en")
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="en"' in html
    return html


def test_catalogue_pages_in_english_mark_every_vietnamese_text(client, catalogue, news):
    procedure = ProcedurePage.objects.get(code="1.001193")
    urls = [
        "/",
        "/thu-tuc/",
        "/thu-tuc/?field=" + (procedure.field.code if procedure.field else ""),
        procedure.url,
        "/tim-kiem/?q=khai+sinh",
        "/tim-kiem/",
        "/tim-kiem/?q=khai+sinnh+zzqx",
        "/co-quan/",
        procedure.agency.url,
        "/linh-vuc/",
        procedure.field.url,
        news.get_parent().url,
        news.url,
        "/nop-ho-so/1.001193/",
    ]
    problems = [f"{url}: {text}" for url in urls for text in unmarked_vietnamese(english(client, url))]
    assert not problems, "\n".join(problems)


def test_vietnamese_pages_carry_no_lang_marks(client, catalogue):
    procedure = ProcedurePage.objects.get(code="1.001193")
    html = client.get(procedure.url).content.decode()
    assert '<html lang="vi"' in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'lang="vi"' not in main
