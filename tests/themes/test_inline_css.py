"""Issue #14, first text on a slow phone: the public theme's stylesheets are
written into the anonymous public pages, so their first paint needs no
render-blocking request; the Content-Security-Policy allows exactly those
blocks by their SHA-256 and still no other inline style; fonts named by the
inlined CSS keep their static URLs. Answers sent uncompressed and never
cached (e-form steps, a visitor with a session) link the stylesheets instead,
which the browser keeps; a ``?lang=`` link is not cached (it sets the
language cookie) but is compressed, so it carries them inline."""

import base64
import hashlib
import re

import pytest

from tests.eforms.factories import procedure_page
from tests.eforms.helpers import start, step_url
from themes.inline import inline_style

STYLE_RE = re.compile(r"<style>(.*?)</style>", re.S)
BLOCKING_LINK_RE = re.compile(r"<link\b[^>]*rel=\"stylesheet\"[^>]*>")

pytestmark = pytest.mark.django_db


def style_src(response):
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return policy["style-src"].split()


def sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def assert_styles_inline_and_allowed(response):
    assert response.status_code == 200
    html = response.content.decode()
    blocks = STYLE_RE.findall(html)
    assert blocks, "no inline stylesheet"
    allowed = style_src(response)
    assert allowed[0] == "'self'"
    assert "'unsafe-inline'" not in allowed
    assert sorted(allowed[1:]) == sorted({sha256(block) for block in blocks})
    blocking = [link for link in BLOCKING_LINK_RE.findall(html) if 'media="print"' not in link]
    assert blocking == []
    return html


@pytest.fixture
def procedure(home_page):
    return procedure_page(home_page, title="Cấp bản sao trích lục hộ tịch", online_level="full")


def test_public_pages_carry_their_styles_inline(client, home_page, procedure):
    for url in ("/", "/thu-tuc/", procedure.url, "/tim-kiem/?q=khai+sinh"):
        html = assert_styles_inline_and_allowed(client.get(url))
        assert "--red: #a4161a" in html, url  # portal.css
        assert "/*" not in "".join(STYLE_RE.findall(html)), url  # comments dropped

    html = client.get("/").content.decode()
    prefetched = re.search(r'data-prefetch="([^"]+)"', html).group(1).split()
    assert [url.rsplit("/", 1)[1] for url in prefetched] == ["portal.css", "eforms.css"]


def assert_styles_linked(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert "<style>" not in html
    assert style_src(response) == ["'self'"]
    assert "data-prefetch" not in html
    return [re.search(r'href="([^"]+)"', link).group(1) for link in BLOCKING_LINK_RE.findall(html)]


def test_private_and_uncompressed_answers_link_their_styles(client, procedure):
    links = assert_styles_linked(client.get("/nop-ho-so/" + procedure.code + "/"))
    assert "/static/css/portal.css" in links and "/static/css/eforms.css" in links
    draft = start(client, procedure)
    assert "/static/css/eforms.css" in assert_styles_linked(client.get(step_url(procedure, draft, 1)))


def test_a_language_link_carries_its_styles_inline(client, procedure):
    # a ?lang= link sets the language cookie: not cached, but compressed, so inlined
    english = client.get("/tim-kiem/?q=khai+sinh&lang=en")
    assert english.status_code == 200
    html = english.content.decode()
    assert [link for link in BLOCKING_LINK_RE.findall(html) if 'media="print"' not in link] == []
    assert STYLE_RE.search(html)


def test_inlined_urls_point_at_the_static_files(client, home_page):
    css = inline_style("css/portal.css").css
    fonts = re.findall(r'url\("([^"]+)"\)', css)
    assert fonts and all(font.startswith("/static/fonts/be-vietnam-pro-") for font in fonts), fonts
    html = client.get("/").content.decode()
    preload = re.search(r'<link rel="preload" href="([^"]+)" as="font"', html).group(1)
    assert preload in fonts  # the preloaded file is the one the inlined @font-face asks for


def test_pages_without_inline_styles_keep_the_strict_policy(client, db):
    response = client.get("/healthz")
    assert style_src(response) == ["'self'"]


def test_a_stylesheet_that_would_close_the_style_element_is_refused(tmp_path, settings):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "evil.css").write_text("p { color: red } </style><script>alert(1)</script>")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, tmp_path]
    with pytest.raises(ValueError, match="cannot be inlined"):
        inline_style("css/evil.css")
