"""The Celery app round-trips a task through a real worker process on the
broker under test (filesystem by default, ``CELERY_BROKER_URL`` otherwise)."""

import uuid

import pytest

from tests.worker_fixtures import broker, celery_worker_factory  # noqa: F401

pytestmark = [pytest.mark.worker, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
def test_health_check_round_trip(celery_worker_factory, broker):  # noqa: F811
    from portal.tasks import health_check

    worker = celery_worker_factory(queues=["default"], concurrency=1)
    token = uuid.uuid4().hex
    result = health_check.apply_async(kwargs={"token": token}, queue="default")
    value = result.get(timeout=20)
    assert value["token"] == token
    from django.db import connection

    assert value["database"] == connection.vendor
    assert "portal.health_check" in worker.log()
    print(f"\nworker round-trip on {broker.kind}: token echoed, database={value['database']}")  # noqa: T201 - the CI log shows which broker answered
