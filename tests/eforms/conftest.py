"""Fixtures of the e-forms tests."""
import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def wagtail_root(db):
    from .factories import ensure_wagtail_root

    ensure_wagtail_root()


@pytest.fixture
def procedure(wagtail_root, home_page):
    from .factories import procedure_page

    return procedure_page(home_page)


@pytest.fixture
def full_procedure(wagtail_root, home_page):
    from .factories import procedure_page

    return procedure_page(home_page, online_level="full", fee_vnd=50000, title="Cấp bản sao trích lục hộ tịch")
