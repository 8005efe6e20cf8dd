"""A submission's message (``handoff.deliver``) delivers, with its own
branch, the branches of the same agency whose messages wait behind it, in
one transaction; their messages then do nothing but one SELECT.

The task function is called as the worker calls it. What must not be taken
along (another agency, a leased branch, one in back-off, a pending one, a
paused agency, an external receiver) keeps its own message, lease and
back-off. The real worker and broker are in ``test_live_batching_worker.py``.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eforms.handoff.constants import BackendKind, HandOffState
from eforms.handoff.models import DeliveryAttempt, HandOff, HandoffTarget
from eforms.handoff.publishing import _mark_published
from eforms.handoff.services import enqueue_handoff
from eforms.handoff.tasks import deliver_handoff

from .helpers import make_agency, make_dossier, make_procedure

pytestmark = pytest.mark.django_db


def published(procedure, count):
    """``count`` submitted dossiers whose messages are on the queue, not yet
    consumed: their branches as ``publish_rows`` leaves them."""
    ids = []
    for _ in range(count):
        ids += [branch.pk for branch in enqueue_handoff(make_dossier(procedure))]  # no commit callbacks
    _mark_published(ids, timezone.now())
    return ids


def successes(ids):
    return list(
        DeliveryAttempt.objects.filter(handoff_id__in=ids, ok=True)
        .order_by("handoff_id")
        .values_list("handoff_id", "worker")
    )


def test_one_message_delivers_the_branches_waiting_behind_it_once_each(procedure):
    ids = published(procedure, 5)
    assert deliver_handoff.run(ids[0]) == "delivered"
    assert set(HandOff.objects.filter(pk__in=ids).values_list("state", flat=True)) == {HandOffState.DELIVERED}
    recorded = successes(ids)
    assert [pk for pk, _worker in recorded] == ids
    assert len({worker for _pk, worker in recorded}) == 1 and recorded[0][1]
    receipts = HandOff.objects.filter(pk__in=ids).values_list("receipt", flat=True)
    assert {receipt["backend"] for receipt in receipts} == {BackendKind.WORKSPACE}
    assert {receipt["attempt"] for receipt in receipts} == {1}


def test_the_waiting_messages_then_cost_one_select_and_record_nothing(procedure, django_assert_num_queries):
    ids = published(procedure, 4)
    deliver_handoff.run(ids[0])
    before = list(HandOff.objects.order_by("pk").values_list("pk", "state", "delivered_at", "attempts", "updated_at"))
    for pk in ids[1:]:
        with django_assert_num_queries(1):
            assert deliver_handoff.run(pk) == "already_delivered"
    after = list(HandOff.objects.order_by("pk").values_list("pk", "state", "delivered_at", "attempts", "updated_at"))
    assert after == before
    assert DeliveryAttempt.objects.count() == 4


def test_a_message_costs_the_same_few_statements_however_many_wait(agency):
    counts = []
    for waiting in (1, 20):
        ids = published(make_procedure(agency), waiting)
        with CaptureQueriesContext(connection) as ctx:
            deliver_handoff.run(ids[0])
        assert HandOff.objects.filter(pk__in=ids, state=HandOffState.DELIVERED).count() == waiting
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 7


def test_at_most_a_batch_is_taken_along(procedure, settings):
    settings.HANDOFF_PUBLISH_BATCH = 3
    ids = published(procedure, 5)
    deliver_handoff.run(ids[4])
    delivered = set(HandOff.objects.filter(state=HandOffState.DELIVERED).values_list("pk", flat=True))
    assert delivered == {ids[4], ids[0], ids[1]}
    assert deliver_handoff.run(ids[2]) == "delivered"
    assert HandOff.objects.filter(state=HandOffState.DELIVERED).count() == 5


def test_other_agencies_pending_leased_and_retried_branches_are_left_alone(procedure, settings):
    settings.HANDOFF_MAX_ATTEMPTS = 5
    ids = published(procedure, 2)
    other = published(make_procedure(make_agency("sxd", "Sở Xây dựng")), 1)
    pending = [b.pk for b in enqueue_handoff(make_dossier(procedure))]  # publication not yet marked
    leased, retried = published(procedure, 2)
    now = timezone.now()
    HandOff.objects.filter(pk=leased).update(attempts=1, claimed_until=now + timedelta(seconds=300))
    HandOff.objects.filter(pk=retried).update(
        attempts=1, state=HandOffState.PENDING, next_attempt_at=now + timedelta(seconds=30), last_error="Lỗi: hết giờ"
    )
    assert deliver_handoff.run(ids[0]) == "delivered"
    states = dict(HandOff.objects.values_list("pk", "state"))
    assert {pk: states[pk] for pk in ids} == dict.fromkeys(ids, HandOffState.DELIVERED)
    assert states[other[0]] == HandOffState.DISPATCHED
    assert states[pending[0]] == HandOffState.PENDING
    assert states[leased] == HandOffState.DISPATCHED
    assert states[retried] == HandOffState.PENDING
    assert HandOff.objects.get(pk=retried).next_attempt_at > now  # its back-off stands
    assert DeliveryAttempt.objects.filter(handoff_id__in=[*other, *pending, leased, retried]).count() == 0
    # each keeps its own message: the leased one is refused, the others delivered
    assert deliver_handoff.run(leased) == "claimed"
    assert deliver_handoff.run(other[0]) == "delivered"
    assert deliver_handoff.run(pending[0]) == "delivered"


def test_a_paused_agency_delivers_nothing(procedure):
    ids = published(procedure, 3)
    HandoffTarget.objects.create(agency=procedure.agency, backend=BackendKind.WORKSPACE, enabled=False)
    assert deliver_handoff.run(ids[0]) == "paused"
    assert set(HandOff.objects.values_list("state", flat=True)) == {HandOffState.PENDING, HandOffState.DISPATCHED}
    assert HandOff.objects.get(pk=ids[0]).attempts == 0
    assert DeliveryAttempt.objects.count() == 0


def test_an_external_receiver_gets_one_branch_per_message(procedure, monkeypatch):
    HandoffTarget.objects.create(
        agency=procedure.agency,
        backend=BackendKind.WEBHOOK,
        webhook_url="http://127.0.0.1:9/nhan-ho-so",
        webhook_secret_env="HANDOFF_SECRET_TEST",
    )
    monkeypatch.setenv("HANDOFF_SECRET_TEST", "bi-mat")
    ids = published(procedure, 3)
    assert deliver_handoff.run(ids[0]) == "failed"  # nothing listens on port 9
    attempts = list(DeliveryAttempt.objects.values_list("handoff_id", "ok"))
    assert attempts == [(ids[0], False)]
    assert HandOff.objects.get(pk=ids[0]).state == HandOffState.PENDING
    assert list(HandOff.objects.filter(pk__in=ids[1:]).values_list("state", flat=True)) == [HandOffState.DISPATCHED] * 2


@pytest.mark.parametrize("bad", [0, -1, 10**12])
def test_a_message_for_no_branch_is_dropped(bad, procedure):
    published(procedure, 2)
    assert deliver_handoff.run(bad) == "missing"
    assert DeliveryAttempt.objects.count() == 0
    assert set(HandOff.objects.values_list("state", flat=True)) == {HandOffState.DISPATCHED}


def test_a_dead_letter_is_not_delivered_by_its_old_message(procedure):
    ids = published(procedure, 2)
    HandOff.objects.filter(pk=ids[0]).update(state=HandOffState.DEAD, next_attempt_at=None)
    assert deliver_handoff.run(ids[0]) == "dead"
    assert HandOff.objects.get(pk=ids[1]).state == HandOffState.DISPATCHED
