"""load_demo_catalogue: the site tree, agencies, fields, procedures (a
subset), news, editorial groups and accounts; idempotent. Bulk path for
synthetic procedures."""

import io

import pytest
from django.core.management import call_command


def counts():
    from django.contrib.auth.models import Group, User
    from wagtail.models import Page, Revision

    return Page.objects.count(), Revision.objects.count(), Group.objects.count(), User.objects.count()


@pytest.mark.django_db
def test_load_demo_catalogue_builds_the_site_and_is_idempotent(client):
    from wagtail.models import Page, Site

    from content.models import (
        AgencyIndexPage,
        AgencyPage,
        FieldPage,
        HomePage,
        NewsPage,
        ProcedureIndexPage,
        ProcedurePage,
        StandardPage,
    )

    welcome = Page.objects.filter(depth=2).first()  # Wagtail's welcome page from its migrations
    out = io.StringIO()
    call_command("load_demo_catalogue", limit=6, stdout=out)
    output = out.getvalue()
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get()
    assert site.root_page_id == home.pk
    if welcome is not None and welcome.specific_class is Page:
        assert not Page.objects.filter(pk=welcome.pk).exists()
    assert {p.slug for p in home.get_children()} >= {"thu-tuc", "co-quan", "linh-vuc", "tin-tuc", "huong-dan"}
    assert ProcedureIndexPage.objects.get().url == "/thu-tuc/"
    assert AgencyIndexPage.objects.get().url == "/co-quan/"
    assert AgencyPage.objects.live().count() >= 10
    assert FieldPage.objects.live().count() >= 12
    assert ProcedurePage.objects.live().count() == 6
    assert NewsPage.objects.live().exists()
    assert StandardPage.objects.live().count() >= 2
    for login in ["bientap / Bientap@2026", "pheduyet / Pheduyet@2026", "bientap-congan / Bientap@2026"]:
        assert login in output
    assert "Tạo mới: 6" in output

    before = counts()
    out = io.StringIO()
    call_command("load_demo_catalogue", limit=6, stdout=out)
    assert counts() == before
    assert "Tạo mới: 0 · Cập nhật: 0 · Không đổi: 6" in out.getvalue()

    assert client.get("/").status_code == 200
    assert client.get("/thu-tuc/").status_code == 200
    assert client.get(ProcedurePage.objects.first().url).status_code == 200

    # the demo accounts log in to the admin
    from django.contrib.auth import get_user_model

    from .conftest import admin_login

    User = get_user_model()
    for username, password in [
        ("bientap", "Bientap@2026"),
        ("pheduyet", "Pheduyet@2026"),
        ("bientap-congan", "Bientap@2026"),
    ]:
        user = User.objects.get(username=username)
        assert user.check_password(password)
        admin_login(client, user)
        assert client.get("/admin/").status_code == 200
        client.logout()


@pytest.mark.django_db
def test_bulk_load_of_synthetic_procedures(catalogue, client):
    from wagtail.models import Page

    from content.bulk import bulk_load_procedures
    from content.demo_catalogue.synthetic import generate_procedures
    from content.models import ProcedurePage

    records = generate_procedures(60, seed=3, field_codes=["ho-tich", "xay-dung"], agency_codes=["stp", "sxd"])
    figures = bulk_load_procedures(records, catalogue["thu-tuc"])
    assert figures["created"] == 60 and figures["rejected"] == 0
    assert ProcedurePage.objects.live().count() == 65
    assert not any(Page.find_problems()), Page.find_problems()
    index = Page.objects.get(pk=catalogue["thu-tuc"].pk)
    assert index.numchild == 65
    page = ProcedurePage.objects.get(code=records[0]["code"])
    response = client.get(page.url)
    assert response.status_code == 200 and page.title in response.content.decode()
    assert page.components.count() == len(records[0]["components"])
    html = client.get("/thu-tuc/?agency=stp").content.decode()
    assert f"{ProcedurePage.objects.filter(agency__code='stp').count()} thủ tục" in html
    # a second run adds nothing
    again = bulk_load_procedures(records, catalogue["thu-tuc"])
    assert again["created"] == 0 and again["skipped"] == 60
    # and the usual import sees them as unchanged
    import os
    import tempfile

    from content.catalogue_io import export_procedures, import_procedures

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "all.json")
        export_procedures(path)
        report = import_procedures(path)
        assert report.ok and len(report.unchanged) == 65
