"""A queue of submissions' messages through a real worker on a real broker:
the first messages deliver the branches waiting behind them, in a few
transactions; every message is consumed, every branch delivered once.
The counts checked are printed."""

import re
import uuid
from collections import Counter

import pytest
from django.db import transaction

from eforms.handoff.constants import HandOffState
from eforms.handoff.models import DeliveryAttempt, HandOff
from eforms.handoff.services import enqueue_handoff
from tests.worker_fixtures import broker, celery_worker_factory, wait_for  # noqa: F401

from .helpers import make_agency, make_dossier, make_procedure

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def procedure(settings, broker):  # noqa: F811
    settings.HANDOFF_ACK_TIMEOUT = 60  # no sweep runs here; nothing is published twice
    code = f"lb{uuid.uuid4().hex[:8]}"
    procedure = make_procedure(make_agency(code, f"Sở một cửa {code}"))
    yield procedure
    if getattr(broker, "kind", "") == "amqp":
        broker.delete_queues([procedure.agency.queue_name])


def test_a_queue_of_submissions_is_delivered_in_few_transactions_each_once(
    procedure,
    celery_worker_factory,  # noqa: F811
    capsys,
):
    total = 30
    for _ in range(total):
        with transaction.atomic():
            enqueue_handoff(make_dossier(procedure))  # published on commit; no worker yet
    assert HandOff.objects.filter(state=HandOffState.DISPATCHED).count() == total

    worker = celery_worker_factory(queues=[procedure.agency.queue_name], concurrency=2)
    wait_for(
        lambda: HandOff.objects.filter(state=HandOffState.DELIVERED).count() == total,
        40,
        0.2,
        "every dossier delivered",
    )
    wait_for(lambda: worker.log().count("Task handoff.deliver[") >= 2 * total, 20, 0.2, "every message consumed")

    attempts = list(DeliveryAttempt.objects.values_list("handoff_id", "ok", "worker", "started_at"))
    assert Counter(pk for pk, _ok, _worker, _at in attempts) == Counter(HandOff.objects.values_list("pk", flat=True))
    assert {ok for _pk, ok, _worker, _at in attempts} == {True}
    transactions = len({(name, at) for _pk, _ok, name, at in attempts})
    log = worker.log()
    received = log.count("Task handoff.deliver[") // 2  # "received" and "succeeded"
    delivered_own = len(re.findall(r"succeeded in \S+: 'delivered'", log))
    looked_only = len(re.findall(r"succeeded in \S+: 'already_delivered'", log))
    with capsys.disabled():
        print(  # noqa: T201 - the worker test prints the counts it checked
            f"\n[live batches] dossiers={total} messages={received} delivering_transactions={transactions} "
            f"delivered_their_own={delivered_own} found_it_delivered={looked_only}"
        )
    assert received == total
    assert transactions < total / 3
    assert delivered_own == transactions
    assert looked_only == total - transactions
