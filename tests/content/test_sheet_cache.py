"""The rendered procedure sheet is kept per catalogue version
(content/sheet_cache.py, issue 17): an anonymous visitor gets the same page,
with its inline styles still allowed, without the sheet's queries; a
publication, another language, a signed-in visitor or a query string get a
fresh render."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from content.models import ProcedurePage
from tests.eforms.factories import OfficerFactory, agency_page, login, procedure_page

pytestmark = pytest.mark.django_db

SHEET_TABLES = ("content_procedurecomponent", "content_procedurefee", "content_procedurelegalbasis")


@pytest.fixture
def procedure(home_page):
    return procedure_page(home_page, title="Đăng ký khai sinh thử nghiệm")


def sheet_queries(queries):
    return [q["sql"] for q in queries if any(table in q["sql"] for table in SHEET_TABLES)]


def test_a_second_visitor_gets_the_same_sheet_without_its_queries(procedure):
    first = Client().get(procedure.url)
    with CaptureQueriesContext(connection) as queries:
        again = Client().get(procedure.url)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert "Đăng ký khai sinh thử nghiệm" in again.content.decode()
    assert sheet_queries(queries.captured_queries) == []
    # the inline styles stay allowed on the cached answer
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "'sha256-" in again["Content-Security-Policy"]
    assert "public" in again["Cache-Control"]


def test_publishing_a_change_shows_at_once(procedure):
    assert "Đăng ký khai sinh thử nghiệm" in Client().get(procedure.url).content.decode()
    page = ProcedurePage.objects.get(pk=procedure.pk)
    page.title = "Đăng ký khai sinh đã sửa"
    page.save_revision().publish()
    body = Client().get(procedure.url).content.decode()
    assert "Đăng ký khai sinh đã sửa" in body and "thử nghiệm" not in body


def test_each_language_has_its_own_sheet(procedure, settings):
    vietnamese = Client().get(procedure.url).content.decode()
    english_client = Client()
    english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = english_client.get(procedure.url).content.decode()
    assert 'lang="vi"' in vietnamese[:200] and 'lang="en"' in english[:200]
    assert "Thủ tục hành chính" in vietnamese and "Administrative procedure" in english
    assert Client().get(procedure.url).content.decode() == vietnamese


@pytest.mark.parametrize("query", ["?lang=en", "?x=<script>alert(1)</script>", "?x=%00"])
def test_a_query_string_renders_afresh(procedure, query):
    Client().get(procedure.url)
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(procedure.url + query)
    assert response.status_code == 200
    assert sheet_queries(queries.captured_queries)
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_signed_in_visitor_is_never_served_the_shared_copy(procedure, home_page):
    Client().get(procedure.url)
    officer = Client()
    login(officer, OfficerFactory(agency=agency_page(home_page)))
    with CaptureQueriesContext(connection) as queries:
        response = officer.get(procedure.url)
    assert response.status_code == 200
    assert sheet_queries(queries.captured_queries)
    assert "private" in response["Cache-Control"]


def test_the_pdf_route_is_not_the_sheet(procedure):
    Client().get(procedure.url)
    response = Client().get(procedure.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert re.match(rb"%PDF-", response.content)
