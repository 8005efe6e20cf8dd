"""Fixtures of the portal tests."""

import uuid

import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test counts from zero, without clearing a shared (Redis) cache."""
    settings.RATELIMIT_NAMESPACE = uuid.uuid4().hex
