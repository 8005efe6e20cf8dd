"""The retry sweep's batches through a real worker on a real broker.

1. The relay (``redispatch_due``) is killed with SIGKILL after it claimed a
   backlog and before it published anything: a later sweep publishes every
   branch once and each is delivered exactly once.
2. Two relays run at the same time over one backlog: every branch is
   published by one of them, once, and delivered exactly once.

Two agencies: one receives through the ``test-ledger`` backend (an external
receiver, delivered outside the transaction under a lease), the other
through the portal's workspace (recorded in the claiming transaction).
The relays are separate processes; the counts checked are printed.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter

import pytest
from django.utils import timezone

from eforms.handoff.constants import BackendKind, HandOffState
from eforms.handoff.models import DeliveryAttempt, HandOff, HandoffTarget
from tests.worker_fixtures import REPO, broker, celery_worker_factory, database_url, wait_for  # noqa: F401

from .helpers import make_agency, make_dossier, make_procedure
from .ledger import IDENTIFIER, read_ledger

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMINGS = {
    # long enough that a branch the worker is delivering is not published again
    "HANDOFF_ACK_TIMEOUT": 30,
    "HANDOFF_BACKOFF_BASE": 1,
    "HANDOFF_BACKOFF_MAX": 3,
    "HANDOFF_DELIVERY_LEASE": 10,
    "HANDOFF_SWEEP_INTERVAL": 1,
    "HANDOFF_MAX_ATTEMPTS": 50,
    "HANDOFF_PUBLISH_BATCH": 7,
}

RELAY = """
import sys, time
import django
django.setup()
from eforms.handoff.publishing import redispatch_due
time.sleep(max(0.0, float(sys.argv[1]) - time.time()))
print("PUBLISHED", redispatch_due(batch_size=int(sys.argv[2])), flush=True)
"""


@pytest.fixture
def scene(settings, tmp_path, broker):  # noqa: F811
    for key, value in TIMINGS.items():
        setattr(settings, key, value)
    code = f"bt{uuid.uuid4().hex[:8]}"
    ledger_agency = make_agency(code, f"Sở kiểm thử {code}")
    HandoffTarget.objects.create(agency=ledger_agency, backend=IDENTIFIER)
    workspace_agency = make_agency(f"{code}w", f"Sở một cửa {code}")
    scene = type("Scene", (), {})()
    scene.procedures = [make_procedure(ledger_agency), make_procedure(workspace_agency)]
    scene.ledger_agency, scene.workspace_agency = ledger_agency, workspace_agency
    scene.ledger = tmp_path / "ledger.txt"
    sweep_queue = f"sweep.{code}"
    scene.env = {key: str(value) for key, value in TIMINGS.items()}
    scene.env.update(
        {
            "HANDOFF_EXTRA_BACKENDS": "tests.eforms.handoff.ledger.LedgerBackend",
            "HANDOFF_LEDGER_PATH": str(scene.ledger),
            "HANDOFF_SWEEP_QUEUE": sweep_queue,
        }
    )
    scene.queues = [ledger_agency.queue_name, workspace_agency.queue_name, sweep_queue]
    yield scene
    if getattr(broker, "kind", "") == "amqp":
        broker.delete_queues(scene.queues)


def make_backlog(scene, per_agency):
    """Branches as a broker outage leaves them: pending, publish error, due."""
    now = timezone.now()
    for procedure in scene.procedures:
        dossiers = [make_dossier(procedure) for _ in range(per_agency)]
        HandOff.objects.bulk_create(
            HandOff(
                dossier=dossier,
                agency=procedure.agency,
                backend=BackendKind.WORKSPACE,
                state=HandOffState.PENDING,
                next_attempt_at=now,
                last_error="OperationalError: [Errno 111] Connection refused",
            )
            for dossier in dossiers
        )
    return 2 * per_agency


def relay_env(scene, broker_env):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "DATABASE_URL": database_url(),
            "PYTHONPATH": str(REPO) + os.pathsep + env.get("PYTHONPATH", ""),
            "LOG_LEVEL": "WARNING",
        }
    )
    env.update(broker_env)
    env.update(scene.env)
    return env


def start_relay(env, go, batch_size):
    return subprocess.Popen(
        [sys.executable, "-c", RELAY, str(go), str(batch_size)],
        cwd=str(REPO),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def check_exactly_once(scene, expected):
    branches = list(HandOff.objects.values_list("uuid", "agency_id", "state"))
    assert len(branches) == expected
    assert {state for _uuid, _agency, state in branches} == {HandOffState.DELIVERED}
    successes = Counter(DeliveryAttempt.objects.filter(ok=True).values_list("handoff_id", flat=True))
    assert len(successes) == expected and set(successes.values()) == {1}
    ledger = read_ledger(scene.ledger)
    accepted = Counter(line[1] for line in ledger if line[0] == "accepted")
    duplicates = [line for line in ledger if line[0] == "duplicate"]
    through_ledger = {str(u) for u, agency, _state in branches if agency == scene.ledger_agency.pk}
    assert set(accepted) == through_ledger and set(accepted.values()) == {1}
    assert duplicates == []
    backends = Counter(HandOff.objects.values_list("backend", flat=True))
    assert backends == {IDENTIFIER: expected // 2, BackendKind.WORKSPACE: expected // 2}
    return {
        "branches": expected,
        "ledger_accepted": sum(accepted.values()),
        "ledger_duplicates": len(duplicates),
        "workspace_delivered": backends[BackendKind.WORKSPACE],
        "successful_attempts": sum(successes.values()),
        "failed_attempts": DeliveryAttempt.objects.filter(ok=False).count(),
        "dispatches": sum(HandOff.objects.values_list("dispatch_count", flat=True)),
    }


def report(capsys, title, counts):
    with capsys.disabled():
        print(f"\n[{title}] " + " ".join(f"{key}={value}" for key, value in counts.items()))  # noqa: T201 - the test prints the counts it checked


def test_relay_killed_between_claim_and_publish(scene, broker, celery_worker_factory, capsys):  # noqa: F811
    total = make_backlog(scene, 12)
    # A broker that accepts connections and never answers: the relay claims
    # (its own transaction, committed) and then hangs publishing; it is
    # killed there, as a host that dies at that moment.
    black_hole = socket.socket()
    black_hole.bind(("127.0.0.1", 0))
    black_hole.listen(16)
    port = black_hole.getsockname()[1]
    env = relay_env(scene, dict(broker.worker_env(), CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0"))
    started = timezone.now()
    relay = start_relay(env, 0, 1000)
    try:
        wait_for(lambda: HandOff.objects.filter(updated_at__gte=started).count() == total, 60, 0.02, "the claim")
        relay.send_signal(signal.SIGKILL)
        relay.wait(10)
    finally:
        black_hole.close()
    assert relay.returncode == -signal.SIGKILL
    # claimed and pushed back, nothing published, nothing delivered
    assert HandOff.objects.filter(dispatch_count=0, state=HandOffState.PENDING).count() == total
    assert not DeliveryAttempt.objects.exists()

    worker = celery_worker_factory(queues=scene.queues, beat=True, env=scene.env)
    wait_for(
        lambda: HandOff.objects.filter(state=HandOffState.DELIVERED).count() == total,
        90,
        0.5,
        "every branch delivered after the relay's crash",
    )
    counts = check_exactly_once(scene, total)
    # published once each, by the sweep after the crash, in batches
    assert set(HandOff.objects.values_list("dispatch_count", flat=True)) == {1}
    log = worker.log()
    counts.update({"broker": broker.kind, "batch_messages_received": log.count("Task handoff.deliver_batch[")})
    report(capsys, "relay killed after its claim", counts)
    assert counts["batch_messages_received"] >= total // TIMINGS["HANDOFF_PUBLISH_BATCH"]


def test_two_relays_at_once_publish_and_deliver_each_branch_once(scene, broker, celery_worker_factory, capsys):  # noqa: F811
    total = make_backlog(scene, 60)
    celery_worker_factory(queues=scene.queues, beat=False, env=scene.env)
    env = relay_env(scene, broker.worker_env())
    go = time.time() + 4  # both imported and connected by then
    relays = [start_relay(env, go, 10) for _ in range(2)]
    published = []
    for relay in relays:
        out, _ = relay.communicate(timeout=120)
        assert relay.returncode == 0, out[-3000:]
        [line] = [ln for ln in out.splitlines() if ln.startswith("PUBLISHED ")]
        published.append(int(line.split()[1]))
    assert sum(published) == total
    wait_for(
        lambda: HandOff.objects.filter(state=HandOffState.DELIVERED).count() == total,
        90,
        0.5,
        "every branch delivered",
    )
    counts = check_exactly_once(scene, total)
    assert set(HandOff.objects.values_list("dispatch_count", flat=True)) == {1}
    counts.update({"broker": broker.kind, "published_by_relays": json.dumps(published).replace(" ", "")})
    report(capsys, "two relays at once", counts)
