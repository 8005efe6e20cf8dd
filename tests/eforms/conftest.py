"""Fixtures of the e-forms tests (objects through ``tests.eforms.factories``)."""

import pytest

from .factories import ensure_wagtail_root, procedure_page


@pytest.fixture
def wagtail_root(db):
    ensure_wagtail_root()


@pytest.fixture
def procedure(wagtail_root, home_page):
    return procedure_page(home_page)


@pytest.fixture
def full_procedure(wagtail_root, home_page):
    return procedure_page(home_page, online_level="full", fee_vnd=50000, title="Cấp bản sao trích lục hộ tịch")
