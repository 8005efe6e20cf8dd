"""Fault tests: a real worker on a real broker, which we break on purpose.

1. The broker goes away while dossiers are being submitted, then comes back.
2. The worker is killed with SIGKILL in the middle of deliveries, then
   restarted.

After recovery every dossier must have reached its department queue's
receiver exactly once. The receiver is the ``test-ledger`` backend: one line
per message it receives, ``accepted`` or ``duplicate`` (dropped by delivery
id). The counts checked are printed.
"""

import re
import time
import uuid
from collections import Counter

import pytest
from django.db import transaction

from eforms.handoff.constants import HandOffState
from eforms.handoff.models import DeliveryAttempt, HandOff, HandoffTarget
from eforms.handoff.services import enqueue_handoff
from tests.worker_fixtures import broker, celery_worker_factory, wait_for  # noqa: F401

from .helpers import make_agency, make_dossier, make_procedure
from .ledger import IDENTIFIER, read_ledger

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMINGS = {
    "HANDOFF_ACK_TIMEOUT": 3,
    "HANDOFF_BACKOFF_BASE": 1,
    "HANDOFF_BACKOFF_MAX": 3,
    "HANDOFF_DELIVERY_LEASE": 4,
    "HANDOFF_SWEEP_INTERVAL": 1,
    "HANDOFF_MAX_ATTEMPTS": 50,
}


@pytest.fixture
def scene(settings, tmp_path, broker):  # noqa: F811
    """An agency whose queue is received by the ledger, and the worker env."""
    for key, value in TIMINGS.items():
        setattr(settings, key, value)
    code = f"ft{uuid.uuid4().hex[:8]}"
    agency = make_agency(code, f"Sở kiểm thử {code}")
    HandoffTarget.objects.create(agency=agency, backend=IDENTIFIER)
    procedure = make_procedure(agency)
    ledger = tmp_path / "ledger.txt"
    sweep_queue = f"sweep.{code}"
    env = {key: str(value) for key, value in TIMINGS.items()}
    env.update(
        {
            "HANDOFF_EXTRA_BACKENDS": "tests.eforms.handoff.ledger.LedgerBackend",
            "HANDOFF_LEDGER_PATH": str(ledger),
            "HANDOFF_SWEEP_QUEUE": sweep_queue,
        }
    )
    scene = type("Scene", (), {})()
    scene.agency, scene.procedure, scene.ledger, scene.env = agency, procedure, ledger, env
    scene.queues = [agency.queue_name, sweep_queue]
    yield scene
    if getattr(broker, "kind", "") == "amqp":
        broker.delete_queues(scene.queues)


def submit(procedure):
    """What the submission service does: dossier and outbox in one transaction."""
    with transaction.atomic():
        dossier = make_dossier(procedure)
        enqueue_handoff(dossier)
    return dossier


def delivered_count():
    return HandOff.objects.filter(state=HandOffState.DELIVERED).count()


def check_exactly_once(scene, expected, worker_logs):
    branches = list(HandOff.objects.values_list("uuid", "state", "dossier__code"))
    assert len(branches) == expected
    assert {state for _, state, _ in branches} == {HandOffState.DELIVERED}
    ledger = read_ledger(scene.ledger)
    accepted = Counter(line[1] for line in ledger if line[0] == "accepted")
    duplicates = [line for line in ledger if line[0] == "duplicate"]
    # every branch accepted by the receiver exactly once, nothing else
    assert set(accepted) == {str(uuid_) for uuid_, _, _ in branches}
    assert set(accepted.values()) == {1}
    successes = Counter(DeliveryAttempt.objects.filter(ok=True).values_list("handoff_id", flat=True))
    assert len(successes) == expected and set(successes.values()) == {1}
    received = sum(len(re.findall(r"Task handoff\.deliver\[[^\]]+\] received", log)) for log in worker_logs)
    skipped = sum(log.count("event=handoff_skip") for log in worker_logs)
    return {
        "dossiers": expected,
        "delivered": delivered_count(),
        "ledger_accepted": sum(accepted.values()),
        "ledger_duplicates": len(duplicates),
        "messages_received": received,
        "redelivered_messages_ignored": skipped,
        "successful_attempts": sum(successes.values()),
        "failed_or_interrupted_attempts": DeliveryAttempt.objects.filter(ok=False).count(),
        "dispatches": sum(HandOff.objects.values_list("dispatch_count", flat=True)),
    }


def report(capsys, title, counts):
    with capsys.disabled():
        print(f"\n[{title}] " + " ".join(f"{key}={value}" for key, value in counts.items()))  # noqa: T201 - the fault test prints the counts it checked


def test_broker_outage_while_submitting(scene, broker, celery_worker_factory, capsys):  # noqa: F811
    worker = celery_worker_factory(queues=scene.queues, beat=True, env=scene.env)
    per_phase = 12
    for _ in range(per_phase):
        submit(scene.procedure)

    broker.stop()
    outage_started = time.monotonic()
    for _ in range(per_phase):
        submit(scene.procedure)
    not_published = HandOff.objects.filter(state=HandOffState.PENDING).exclude(last_error="").count()
    time.sleep(max(0.0, 3 - (time.monotonic() - outage_started)))
    broker.start()
    outage = time.monotonic() - outage_started

    for _ in range(per_phase):
        submit(scene.procedure)
    recovered_at = time.monotonic()

    def all_delivered():
        # kombu's Redis transport can exit the worker when the connection is
        # lost while it restores unacknowledged messages ("Unrecoverable
        # error: AttributeError ... 'hostname'"); production runs workers
        # under a supervisor that restarts them, and so does this test.
        worker.ensure_running()
        return delivered_count() == 3 * per_phase

    wait_for(all_delivered, 45, 0.5, "every dossier delivered after the outage")
    counts = check_exactly_once(scene, 3 * per_phase, [worker.log()])
    counts.update(
        {
            "broker": broker.kind,
            "outage_s": round(outage, 1),
            "publish_failed_during_outage": not_published,
            "recovery_s": round(time.monotonic() - recovered_at, 1),
            "worker_restarts": getattr(worker, "restarts", 0),
        }
    )
    report(capsys, "broker outage", counts)
    # the dossiers submitted during the outage could not be published then
    assert not_published >= 1


def test_worker_killed_mid_delivery(scene, broker, celery_worker_factory, capsys):  # noqa: F811
    env = dict(scene.env, HANDOFF_LEDGER_DELAY="1.5")
    first = celery_worker_factory(queues=scene.queues, beat=True, env=env, concurrency=2)
    total = 8
    for _ in range(total):
        submit(scene.procedure)

    wait_for(lambda: DeliveryAttempt.objects.filter(ok__isnull=True).exists(), 20, 0.05, "a delivery in progress")
    time.sleep(0.3)
    in_flight = DeliveryAttempt.objects.filter(ok__isnull=True).count()
    first.kill9()
    killed_log = first.log()
    delivered_before_restart = delivered_count()
    assert delivered_before_restart < total

    second = celery_worker_factory(queues=scene.queues, beat=True, env=env, concurrency=2)
    wait_for(lambda: delivered_count() == total, 50, 0.5, "every dossier delivered after the restart")
    counts = check_exactly_once(scene, total, [killed_log, second.log()])
    interrupted = DeliveryAttempt.objects.filter(error__startswith="interrupted").count()
    counts.update(
        {
            "broker": broker.kind,
            "in_flight_when_killed": in_flight,
            "delivered_before_kill": delivered_before_restart,
            "interrupted_attempts": interrupted,
        }
    )
    report(capsys, "worker kill -9", counts)
    assert interrupted >= 1
