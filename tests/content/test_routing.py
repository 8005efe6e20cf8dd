"""Page routes kept per catalogue version (content/routing.py, issue 17): a
second visit reads the page by its key instead of walking the tree, and
still follows publishing, unpublishing, renaming, moving and deleting, a
routable page's own routes, and view restrictions."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from content import routing
from content.models import ProcedurePage
from tests.eforms.factories import procedure_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(home_page):
    return procedure_page(home_page, title="Đăng ký khai sinh thử đường dẫn", slug="dang-ky-khai-sinh-thu")


def page_reads(path):
    """(status, queries that read page rows, but the view restrictions'
    look at the ancestors) for an anonymous visit."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    reads = [q["sql"] for q in queries.captured_queries if '"wagtailcore_page"' in q["sql"]]
    return response.status_code, [sql for sql in reads if '"wagtailcore_page"."path" IN (' not in sql]


def test_a_second_visit_reads_the_page_by_its_key_and_renders_the_same(procedure, monkeypatch):
    first = Client().get(procedure.url)
    status, reads = page_reads(procedure.url)
    assert first.status_code == status == 200
    # Wagtail's walk reads the root, the catalogue and the sheet (twice each); from memory only the sheet
    assert len(reads) == 1 and "content_procedurepage" in reads[0], reads
    again = Client().get(procedure.url)
    monkeypatch.setattr(routing, "prepare_route", lambda request, path: None)
    walked = Client().get(procedure.url)
    assert again.content == walked.content == first.content


def test_unpublishing_renaming_and_deleting_are_followed(procedure):
    old_url = procedure.url
    assert Client().get(old_url).status_code == 200
    procedure.unpublish()
    assert Client().get(old_url).status_code == 404
    page = ProcedurePage.objects.get(pk=procedure.pk)
    page.slug = "dang-ky-khai-sinh-moi"
    page.save_revision().publish()
    page.refresh_from_db()
    assert Client().get(page.url).status_code == 200
    assert Client().get(old_url).status_code == 404
    Client().get(page.url)  # kept again
    Page.objects.filter(pk=page.pk).delete()  # no signal a route could miss: the key is read, not trusted
    assert Client().get(page.url).status_code == 404


def test_a_page_renamed_or_moved_without_a_new_version_is_walked_again(procedure):
    """Rows changed behind Wagtail's back (no signal): the page read from
    memory is checked against the path, and Wagtail's walk decides."""
    url = procedure.url
    assert Client().get(url).status_code == 200
    Page.objects.filter(pk=procedure.pk).update(slug="da-doi-ten")
    assert page_reads(url)[0] == 404
    Page.objects.filter(pk=procedure.pk).update(slug="dang-ky-khai-sinh-thu", url_path="/khac/")
    status, reads = page_reads(url)  # the walk (by slug) still finds it there, as Wagtail would
    assert status == 200 and len(reads) > 1


def test_a_routable_pages_own_route_is_served_from_memory(procedure, monkeypatch):
    pdf = procedure.url + "pdf/"
    first = Client().get(pdf)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    status, reads = page_reads(pdf)
    assert status == 200
    monkeypatch.setattr(routing, "prepare_route", lambda request, path: None)
    walked_status, walked = page_reads(pdf)
    assert walked_status == 200 and len(walked) - len(reads) >= 4, (reads, walked)
    monkeypatch.undo()
    assert Client().get(procedure.url + "khong-co/").status_code == 404


def test_a_restriction_added_later_still_applies(procedure):
    assert Client().get(procedure.url).status_code == 200
    PageViewRestriction.objects.create(page=procedure, restriction_type=PageViewRestriction.LOGIN)
    response = Client().get(procedure.url)
    assert response.status_code == 302
    assert procedure.url in response["Location"]  # to the sign-in page, coming back here


def test_unknown_and_hostile_paths_keep_no_route(home_page):
    before = len(routing._ROUTES)
    for path in ("/khong-ton-tai/", "/" + "a/" * 200, "/thu-tuc/%00/", "/thu-tuc/<script>/"):
        assert Client().get(path).status_code in (400, 404), path
    assert len(routing._ROUTES) == before


def test_hosts_do_not_share_routes(procedure):
    assert Client().get(procedure.url).status_code == 200
    keys = {key[1] for key in routing._ROUTES.keys()}
    Client(HTTP_HOST="localhost:8000").get(procedure.url)
    assert {key[1] for key in routing._ROUTES.keys()} >= keys | {"localhost:8000"}
