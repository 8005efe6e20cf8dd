"""Fixtures of the search tests: a small catalogue built in code, and the
demo catalogue (130+ real procedures) loaded once per test session."""

import pytest
from django.conf import settings
from django.core.cache import cache, caches

from search import querylog

from .index_sync import _engine_indices, _index_follows_database, _module_rollback_dirties_index  # noqa: F401

# Tests that look at the database backend's index table directly; with
# SEARCH_URL set (Elasticsearch/OpenSearch) the rest of the suite still runs.
database_backend_only = pytest.mark.skipif(
    settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] != "search.backends.database",
    reason="looks at the database search backend's index table",
)


@pytest.fixture(autouse=True)
def _fresh_search_cache():
    """Cached autocomplete answers and vocabulary must not leak between tests
    (the database is rolled back, the local-memory cache is not), nor the
    query-log counts of the shared cache (files on the embedded stack)."""
    journal = querylog.journal()  # the query log's files on a file cache

    def clear():
        cache.clear()
        caches[settings.SEARCH_SHARED_CACHE].clear()
        if journal is not None:
            journal.clear()

    clear()
    yield
    clear()


def make_catalogue(home):
    """Index pages for fields, agencies and procedures under ``home``."""
    from content.models import AgencyIndexPage, FieldIndexPage, ProcedureIndexPage

    def child(model, **kwargs):
        existing = model.objects.child_of(home).first()
        return existing or home.add_child(instance=model(**kwargs))

    return (
        child(FieldIndexPage, title="Lĩnh vực", slug="linh-vuc"),
        child(AgencyIndexPage, title="Cơ quan", slug="co-quan"),
        child(ProcedureIndexPage, title="Thủ tục hành chính", slug="thu-tuc"),
    )


def add_field(index, code, title):
    from content.models import FieldPage

    return index.add_child(instance=FieldPage(title=title, slug=code, code=code))


def add_agency(index, code, title):
    from content.models import AgencyPage

    return index.add_child(instance=AgencyPage(title=title, slug=code, code=code))


def add_procedure(index, code, title, *, live=True, components=(), steps=(), **fields):
    from content.models import ProcedureComponent, ProcedurePage

    page = ProcedurePage(
        title=title,
        slug=code.replace(".", "-").lower(),
        code=code,
        live=live,
        **fields,
    )
    if steps:
        page.steps = [("step", {"title": t, "description": d}) for t, d in steps]
    for name in components:
        page.components.add(ProcedureComponent(name=name))
    index.add_child(instance=page)
    if not live:
        page.has_unpublished_changes = True
        page.save_revision()
    return page


CATALOGUE = {
    "ket_hon": "1.000894",
    "ket_hon_nn": "1.001612",
    "khai_sinh": "1.001193",
    "khai_tu": "1.000656",
    "gplx": "3.000347",
    "cap_gplx": "3.000348",
    "ly_lich": "2.001417",
    "draft": "1.999001",
}


def build_catalogue(home):
    """Eight procedures of two fields and two agencies (one a draft)."""
    fields_index, agencies_index, procedures_index = make_catalogue(home)
    ho_tich = add_field(fields_index, "ho-tich", "Hộ tịch")
    gtvt = add_field(fields_index, "duong-bo", "Đường bộ")
    stp = add_agency(agencies_index, "stp", "Sở Tư pháp")
    sgt = add_agency(agencies_index, "sxd", "Sở Xây dựng")
    common = {"field": ho_tich, "agency": stp, "level": "commune"}
    add_procedure(
        procedures_index,
        "1.000894",
        "Đăng ký kết hôn",
        online_level="partial",
        summary="Nam, nữ đăng ký kết hôn tại Ủy ban nhân dân cấp xã.",
        components=["Tờ khai đăng ký kết hôn"],
        **common,
    )
    add_procedure(
        procedures_index,
        "1.001612",
        "Đăng ký kết hôn có yếu tố nước ngoài",
        online_level="partial",
        **{**common, "level": "province"},
    )
    add_procedure(
        procedures_index,
        "1.001193",
        "Đăng ký khai sinh",
        online_level="full",
        summary="Cha, mẹ đăng ký khai sinh cho con.",
        **common,
    )
    add_procedure(procedures_index, "1.000656", "Đăng ký khai tử", online_level="full", **common)
    add_procedure(
        procedures_index,
        "3.000347",
        "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
        online_level="full",
        keywords="bằng lái, đổi bằng lái xe, giấy phép lái xe",
        field=gtvt,
        agency=sgt,
        level="province",
    )
    add_procedure(
        procedures_index,
        "3.000348",
        "Cấp lại giấy phép lái xe",
        online_level="partial",
        keywords="mất bằng lái",
        field=gtvt,
        agency=sgt,
        level="province",
    )
    add_procedure(
        procedures_index,
        "2.001417",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        online_level="full",
        summary="Cấp phiếu lý lịch tư pháp số 1.",
        **{**common, "level": "province"},
    )
    add_procedure(
        procedures_index,
        "1.999001",
        "Đăng ký kết hôn nháp chưa xuất bản",
        live=False,
        **common,
    )


@pytest.fixture(scope="module")
def _module_catalogue(django_db_setup, django_db_blocker):
    """The small catalogue, built once per test module inside a transaction
    rolled back at the end; each test's own changes are rolled back too."""
    from django.db import transaction
    from wagtail.models import Page, Site

    from content.models import HomePage

    with django_db_blocker.unblock():
        with transaction.atomic():
            home = HomePage.objects.first()
            if home is None:
                home = Page.get_first_root_node().add_child(instance=HomePage(title="Trang chủ", slug="trang-chu"))
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "Cổng dịch vụ công"},
            )
            build_catalogue(home)
            yield
            transaction.set_rollback(True)


@pytest.fixture
def catalogue(_module_catalogue, db):
    """``{name: ProcedurePage}`` fresh from the database for each test."""
    from content.models import ProcedurePage

    return {name: ProcedurePage.objects.get(code=code) for name, code in CATALOGUE.items()}
