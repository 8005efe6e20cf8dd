"""A real worker on PostgreSQL keeps its database connection from one
hand-off message to the next (``CONN_MAX_AGE``, as a web request does),
instead of opening a connection, and a server process, per message."""

import uuid

import pytest
from django.db import connection, transaction

from eforms.handoff.constants import HandOffState
from eforms.handoff.models import HandOff
from eforms.handoff.services import enqueue_handoff
from tests.worker_fixtures import broker, celery_worker_factory, wait_for  # noqa: F401

from .helpers import make_agency, make_dossier, make_procedure

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _other_backends():
    """Server processes connected to this test database, ours excepted."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {pid for (pid,) in cursor.fetchall()}


def _submit_and_wait(procedure, delivered):
    with transaction.atomic():
        enqueue_handoff(make_dossier(procedure))
    wait_for(
        lambda: HandOff.objects.filter(state=HandOffState.DELIVERED).count() == delivered,
        30,
        0.1,
        f"dossier {delivered} delivered",
    )


def test_the_worker_keeps_its_connection_between_messages(settings, broker, celery_worker_factory):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: on SQLite (CONN_MAX_AGE 0) a connection is a file opened per task")
    settings.HANDOFF_ACK_TIMEOUT = 60  # no sweep here
    code = f"wc{uuid.uuid4().hex[:8]}"
    procedure = make_procedure(make_agency(code, f"Sở kết nối {code}"))
    try:
        celery_worker_factory(queues=[procedure.agency.queue_name], concurrency=1)
        before = _other_backends()
        _submit_and_wait(procedure, 1)
        opened_by_first = _other_backends() - before
        for n in range(2, 6):
            _submit_and_wait(procedure, n)
        assert opened_by_first, "the first message's connection was closed after its task"
        assert opened_by_first & _other_backends(), "the first message's connection did not outlive the fifth"
    finally:
        if getattr(broker, "kind", "") == "amqp":
            broker.delete_queues([procedure.agency.queue_name])
