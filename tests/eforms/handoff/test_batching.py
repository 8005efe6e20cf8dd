"""The hand-off in batches: the retry sweep publishes a hundred branches of
one agency per message, the consumer locks and records them together, and
the workspace delivery is recorded in the claiming transaction.

Celery runs eagerly here (the tasks run inside ``apply_async``); the
messages are counted with Celery's own ``task_prerun`` signal. The real
worker and broker are in ``test_batching_worker.py``.
"""

from datetime import timedelta

import pytest
from celery.signals import task_prerun
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eforms.handoff import services
from eforms.handoff.backends.workspace import WorkspaceBackend
from eforms.handoff.constants import HandOffState
from eforms.handoff.models import DeliveryAttempt, HandOff, HandoffTarget

from .helpers import make_agency, make_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def ran():
    """``(task name, args)`` of every task run (eagerly) during the test."""
    seen = []

    def record(sender=None, args=None, **kwargs):
        seen.append((sender.name, list(args or [])))

    task_prerun.connect(record, weak=False)
    yield seen
    task_prerun.disconnect(record)


def backlog(procedure, count):
    """``count`` branches left pending and due, as a broker outage leaves them."""
    for _ in range(count):
        services.enqueue_handoff(make_dossier(procedure))  # no commit callbacks: nothing published
    HandOff.objects.update(
        state=HandOffState.PENDING,
        next_attempt_at=timezone.now() - timedelta(seconds=1),
        last_error="OperationalError: [Errno 111] Connection refused",
    )
    return list(HandOff.objects.order_by("id").values_list("pk", flat=True))


def test_sweep_publishes_one_message_per_batch_and_each_branch_is_delivered_once(procedure, settings, ran):
    settings.HANDOFF_PUBLISH_BATCH = 10
    ids = backlog(procedure, 25)
    assert services.redispatch_due() == 25
    batches = [args[0] for name, args in ran if name == "handoff.deliver_batch"]
    assert [len(batch) for batch in batches] == [10, 10, 5]
    assert sorted(pk for batch in batches for pk in batch) == ids
    assert not [name for name, _args in ran if name == "handoff.deliver"]
    assert set(HandOff.objects.values_list("state", flat=True)) == {HandOffState.DELIVERED}
    assert DeliveryAttempt.objects.filter(ok=True).count() == 25
    assert set(HandOff.objects.values_list("dispatch_count", "attempts")) == {(1, 1)}
    # a second sweep finds nothing, and the same batch again delivers nothing twice
    assert services.redispatch_due() == 0
    assert services.deliver_many(ids[:10]) == dict.fromkeys(ids[:10], "already_delivered")
    assert DeliveryAttempt.objects.count() == 25


def test_a_batch_of_branches_costs_the_same_few_queries_as_one(procedure):
    ids = backlog(procedure, 60)
    with CaptureQueriesContext(connection) as one:
        assert services.deliver_many(ids[:1]) == {ids[0]: "delivered"}
    with CaptureQueriesContext(connection) as many:
        outcomes = services.deliver_many(ids[1:])
    assert set(outcomes.values()) == {"delivered"} and len(outcomes) == 59
    # lock, one UPDATE of the branches, one INSERT of the attempts (and the
    # transaction's own statements): not one query per branch
    assert len(many.captured_queries) == len(one.captured_queries) <= 6
    receipt = HandOff.objects.get(pk=ids[-1]).receipt
    assert (
        receipt["backend"] == "workspace"
        and receipt["attempt"] == 1
        and receipt["queue"] == procedure.agency.queue_name
    )


def test_submission_publishes_without_reading_the_branch_back(dossier, django_capture_on_commit_callbacks):
    with CaptureQueriesContext(connection) as submit:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.enqueue_handoff(dossier)
    sql = [q["sql"] for q in submit.captured_queries]
    # the agencies with their hand-off configuration and existing branches, the INSERT
    assert len(sql) == 2 and sql[-1].startswith("INSERT")
    assert not [s for s in sql if "SAVEPOINT" in s]
    with CaptureQueriesContext(connection) as commit:
        callbacks[0]()  # publishes; the eager worker delivers; one UPDATE marks it published
    writes = [q["sql"] for q in commit.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(writes) == 2  # the worker's delivery and the publisher's mark
    branch = HandOff.objects.get()
    assert (branch.state, branch.dispatch_count, branch.attempts) == (HandOffState.DELIVERED, 1, 1)
    assert branch.dispatched_at is None  # delivered before it was marked published: the worker's state stays


def test_batch_skips_what_is_not_to_be_delivered_and_delivers_the_rest(procedure, agency):
    ids = backlog(procedure, 4)
    delivered, leased, paused_agency_branch, fresh = ids
    services.deliver(delivered)
    HandOff.objects.filter(pk=leased).update(claimed_until=timezone.now() + timedelta(minutes=5))
    other = make_agency("sxd", "Sở Xây dựng")
    HandoffTarget.objects.create(agency=other, backend="workspace", enabled=False)
    HandOff.objects.filter(pk=paused_agency_branch).update(agency=other)
    outcomes = services.deliver_many([*ids, 999_999])
    assert outcomes == {
        delivered: "already_delivered",
        leased: "claimed",
        paused_agency_branch: "paused",
        fresh: "delivered",
        999_999: "missing",
    }
    assert DeliveryAttempt.objects.filter(ok=True).count() == 2
    assert HandOff.objects.get(pk=paused_agency_branch).attempts == 0


def test_one_failing_branch_backs_off_and_the_rest_of_its_batch_is_delivered(procedure, settings, monkeypatch):
    settings.HANDOFF_MAX_ATTEMPTS = 2
    ids = backlog(procedure, 3)
    failing = HandOff.objects.get(pk=ids[1]).dossier.code
    original = WorkspaceBackend.deliver

    def refuse_one(self, handoff):
        if handoff.dossier.code == failing:
            raise RuntimeError("sổ tiếp nhận đang khóa")
        return original(self, handoff)

    monkeypatch.setattr(WorkspaceBackend, "deliver", refuse_one)
    before = timezone.now()
    assert services.deliver_many(ids) == {ids[0]: "delivered", ids[1]: "failed", ids[2]: "delivered"}
    branch = HandOff.objects.get(pk=ids[1])
    assert (branch.state, branch.attempts) == (HandOffState.PENDING, 1)
    assert 29 <= (branch.next_attempt_at - before).total_seconds() <= 31
    assert "sổ tiếp nhận đang khóa" in branch.last_error
    attempt = DeliveryAttempt.objects.get(handoff=branch)
    assert attempt.ok is False and attempt.finished_at and "RuntimeError" in attempt.error
    # its second failure is its last: dead letter, and a late message does not resurrect it
    assert services.deliver_many([ids[1]]) == {ids[1]: "dead"}
    assert services.deliver_many([ids[1]]) == {ids[1]: "dead"}
    assert HandOff.objects.get(pk=ids[1]).state == HandOffState.DEAD
    assert list(DeliveryAttempt.objects.filter(handoff_id=ids[1]).values_list("ok", flat=True)) == [False, False]


def test_an_attempt_left_by_a_lost_worker_is_closed_when_the_branch_is_delivered_again(procedure):
    [pk] = backlog(procedure, 1)
    branch = HandOff.objects.get(pk=pk)
    # a webhook worker died mid-delivery: its attempt never finished, its lease ran out
    HandOff.objects.filter(pk=pk).update(attempts=1, claimed_until=timezone.now() - timedelta(seconds=1))
    DeliveryAttempt.objects.create(handoff=branch, number=1, backend="webhook", started_at=timezone.now())
    assert services.deliver_many([pk]) == {pk: "delivered"}
    assert list(DeliveryAttempt.objects.order_by("number").values_list("number", "ok")) == [(1, False), (2, True)]
    assert DeliveryAttempt.objects.get(number=1).error.startswith("interrupted")


def test_the_router_sends_a_batch_without_a_queue_to_its_agency(procedure):
    from eforms.handoff.routing import route_task

    ids = backlog(procedure, 2)
    route = route_task("handoff.deliver_batch", [ids], {}, {})
    assert route == {"queue": procedure.agency.queue_name, "routing_key": procedure.agency.queue_name}
    assert route_task("handoff.deliver_batch", [[]], {}, {}) is None
    assert route_task("handoff.deliver_batch", [ids], {}, {"queue": "elsewhere"}) is None
