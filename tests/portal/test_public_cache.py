"""Anonymous public pages are cacheable by a reverse proxy (issue #17):
``Cache-Control: public``, an ETag answered by ``304``, gzip; staff pages,
e-form steps and tracking with a code and secret stay ``private, no-store``
and are never compressed (BREACH)."""

import gzip

import pytest
from django.conf import settings
from django.test import override_settings

from tests.eforms.factories import DossierFactory, OfficerFactory, agency_page, login, procedure_page
from tests.eforms.helpers import start, step_url

pytestmark = pytest.mark.django_db


def directives(response):
    return {part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def vary(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def assert_private(response):
    assert {"private", "no-store"} <= directives(response), response.get("Cache-Control")
    assert "public" not in directives(response)
    assert response.get("Content-Encoding") != "gzip"


@override_settings(PORTAL_CACHE_MAX_AGE=60, PORTAL_CACHE_S_MAXAGE=300)
def test_home_is_public_with_etag_and_304(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=300"
    assert response.has_header("ETag")
    assert not response.cookies  # no session, CSRF or language cookie
    assert "cookie" in vary(response)  # the (absent) language cookie chose Vietnamese
    again = client.get("/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_home_is_gzipped_when_asked(client, home_page):
    plain = client.get("/")
    packed = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(packed)
    assert gzip.decompress(packed.content) == plain.content
    assert "public" in directives(packed)
    # the compressed copy's (weak) ETag still gives a 304
    assert client.get("/", HTTP_IF_NONE_MATCH=packed["ETag"], HTTP_ACCEPT_ENCODING="gzip").status_code == 304


def test_catalogue_procedure_and_search_are_public(client, home_page):
    procedure = procedure_page(home_page)
    for url in ("/thu-tuc/", "/thu-tuc/?linh_vuc=x", procedure.url, "/tim-kiem/?q=khai+sinh"):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, url
        assert "public" in directives(response), url
        assert not response.cookies, url


def test_language_link_sets_a_cookie_so_is_private(client, home_page):
    response = client.get("/?lang=en")
    assert settings.LANGUAGE_COOKIE_NAME in response.cookies
    assert_private(response)


def test_language_link_is_private_but_compressed(client, home_page):
    """The language cookie is a header naming a language, not a secret in the
    body: the English first visit is compressed, yet never shared."""
    plain = client.get("/?lang=en")
    packed = client.get("/?lang=en", HTTP_ACCEPT_ENCODING="gzip")
    assert settings.LANGUAGE_COOKIE_NAME in packed.cookies
    assert {"private", "no-store"} <= directives(packed) and "public" not in directives(packed)
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert "Trang chủ" not in plain.content.decode() or "Home" in plain.content.decode()


def test_language_link_of_a_signed_in_officer_is_not_compressed(client, home_page):
    login(client, OfficerFactory(agency=agency_page(home_page)))
    response = client.get("/?lang=en", HTTP_ACCEPT_ENCODING="gzip")
    assert_private(response)


def test_staff_pages_are_private_and_uncompressed(client, home_page):
    login(client, OfficerFactory(agency=agency_page(home_page)))
    response = client.get("/can-bo/", HTTP_ACCEPT_ENCODING="gzip", follow=True)
    assert response.status_code == 200
    assert_private(response)
    # a signed-in officer's view of a public page is not shared either
    assert_private(client.get("/", HTTP_ACCEPT_ENCODING="gzip"))


def test_eform_step_is_private_and_uncompressed(client, home_page):
    procedure = procedure_page(home_page)
    draft = start(client, procedure)
    response = client.get(step_url(procedure, draft, 1), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert_private(response)
    assert not response.has_header("ETag")


def test_tracking_with_code_and_secret_is_private_and_uncompressed(client, home_page):
    procedure = procedure_page(home_page)
    dossier = DossierFactory(procedure=procedure, submitted=True)
    response = client.get(
        "/tra-cuu-ho-so/", {"ma": dossier.code, "mtc": dossier.lookup_secret}, HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response.status_code == 200
    assert dossier.code in response.content.decode()
    assert_private(response)


def test_post_and_errors_are_not_made_public(client, home_page):
    missing = client.get("/khong-co-trang-nay/", HTTP_ACCEPT_ENCODING="gzip")
    assert missing.status_code == 404
    assert "public" not in directives(missing)
    assert missing.get("Content-Encoding") != "gzip"
