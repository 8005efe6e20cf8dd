"""Fixtures of the e-forms tests."""
import uuid

import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test counts from zero, without clearing a shared (Redis) cache."""
    settings.RATELIMIT_NAMESPACE = uuid.uuid4().hex


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
