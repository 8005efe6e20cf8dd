"""Shared fixtures. Package-specific fixtures live in each tests/<pkg>/conftest.py;
test objects are built by the factories of ``tests.eforms.factories``."""

import uuid

import pytest
from django.core.cache import cache

from tests.eforms import factories

# tests.stacks marks the tests that touch no database, cache or broker (run
# once in CI) and checks at run time that they really do not; tests.pg_flush
# empties PostgreSQL's tables after a transactional test without TRUNCATE.
pytest_plugins = ["tests.stacks", "tests.pg_flush"]


@pytest.fixture
def home_page(db):
    """A Wagtail site whose root is our HomePage (only what a test needs)."""
    return factories.home_page()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (cached statistics boards,
    autocomplete), whether it is local memory or Redis."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test counts its rate limits from zero. The counters live in a
    cache shared across tests and processes (files on the embedded stack,
    Redis otherwise), so a fresh key namespace, not a clear, keeps one test's
    logins from counting against the next."""
    settings.RATELIMIT_NAMESPACE = uuid.uuid4().hex
