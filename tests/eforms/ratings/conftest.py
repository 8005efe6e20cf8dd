# ruff: noqa: F811 — the workspace fixtures are imported to be used as fixtures
"""A dossier of Sở Tư pháp returned by its officer through the workspace
services, its status-10 notification e-mailed (locmem), and a leader."""

import re

import pytest
from django.core import mail
from django.core.cache import caches

from eforms.workspace import services

from ..workspace.conftest import _mail_locmem, dossier, make_officer, officer, procedure, stp, upload  # noqa: F401

RATING_LINK = re.compile(r"http://testserver(/danh-gia/\?\S+)")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The rate-limit counters (their own cache alias when configured) and
    the board's cached figures start from zero in every test."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def returned(dossier, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(dossier, officer)
        services.approve(dossier, officer, "Đủ điều kiện")
        services.upload_result(dossier, officer, [upload("ket-qua.pdf")])
        services.mark_returned(dossier, officer, "online")
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def rating_link(returned):
    """The /danh-gia/ link of the status-10 e-mail, as the citizen reads it."""
    bodies = [m.body for m in mail.outbox if "Đã trả kết quả" in m.subject]
    assert bodies, [m.subject for m in mail.outbox]
    found = RATING_LINK.search(bodies[-1])
    assert found, bodies[-1]
    return found.group(1)


@pytest.fixture
def leader(stp):
    return make_officer("lanhdao-stp", stp, role="leader")


GOOD = {
    "information": "5",
    "timeliness": "4",
    "attitude": "5",
    "visits": "4",
    "cost": "5",
    "comment": "Cán bộ tận tình.",
}
