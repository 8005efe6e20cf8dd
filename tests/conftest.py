"""Shared fixtures. Package-specific fixtures live in each tests/<pkg>/conftest.py;
test objects are built by the factories of ``tests.eforms.factories``."""

import pytest
from django.core.cache import cache

from tests.eforms import factories


@pytest.fixture
def home_page(db):
    """A Wagtail site whose root is our HomePage (only what a test needs)."""
    return factories.home_page()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (rate limits, cached statistics
    boards, autocomplete), whether it is local memory or Redis."""
    cache.clear()
    yield
