"""The retry sweep marks the branches it published in id order, as the
worker locks a batch: an UPDATE of many rows that locked them in the order
it found them on disk deadlocked with a worker locking the same batch
(PostgreSQL aborted the worker's transaction; the batch then waited out
``HANDOFF_ACK_TIMEOUT``: a 10,000 backlog once drained in 123 s instead of
4). Celery runs eagerly here."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eforms.handoff import services
from eforms.handoff.constants import HandOffState
from eforms.handoff.models import DeliveryAttempt, HandOff

from .helpers import make_dossier

pytestmark = pytest.mark.django_db


def test_the_sweep_locks_what_it_marks_published_in_id_order(procedure, settings):
    settings.HANDOFF_PUBLISH_BATCH = 10
    for _ in range(12):
        services.enqueue_handoff(make_dossier(procedure))  # no commit callbacks: nothing published
    HandOff.objects.update(state=HandOffState.PENDING, next_attempt_at=timezone.now() - timedelta(seconds=1))

    with CaptureQueriesContext(connection) as ctx:
        assert services.redispatch_due() == 12

    # Every branch delivered once, marked published once.
    assert set(HandOff.objects.values_list("state", "dispatch_count")) == {(HandOffState.DELIVERED, 1)}
    assert DeliveryAttempt.objects.filter(ok=True).count() == 12
    sql = [query["sql"] for query in ctx.captured_queries]
    marks = [i for i, text in enumerate(sql) if text.startswith("UPDATE") and '"dispatch_count" = (' in text]
    assert len(marks) == 1
    if not connection.features.has_select_for_update:
        return  # SQLite: one writer at a time, nothing to order
    before = sql[marks[0] - 1]
    assert before.startswith("SELECT") and "FOR UPDATE" in before
    assert re.search(r'ORDER BY (1|"handoff_handoff"\."id") ASC FOR UPDATE', before), before
