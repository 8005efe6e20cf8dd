"""Fault test: a real Celery worker pushes to the sandbox over real HTTP
(the live server) and is killed with SIGKILL in the middle of a push, after
the portal received it and before the worker recorded it. A second worker
and the sweep finish the job: every change reaches the portal exactly once,
in order. The counts checked are printed."""

import pytest
from django.db import transaction

from eforms.dossiers.constants import DossierStatus as S
from eforms.dossiers.history import record_status
from eforms.national import delivery
from eforms.national.constants import FaultMode, SyncState
from eforms.national.models import SandboxFault, SandboxReceipt, StatusSync
from tests.worker_fixtures import broker, celery_worker_factory, wait_for  # noqa: F401

from .helpers import make_dossier

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_worker_killed_mid_push_loses_nothing(
    settings,
    live_server,
    broker,  # noqa: F811
    celery_worker_factory,  # noqa: F811
    procedure,
    capsys,
):
    url = f"{live_server.url}/dvcqg-sandbox/"
    settings.NATIONAL_PORTAL_URL = url
    settings.NATIONAL_SANDBOX_DELAY_SECONDS = 4
    settings.NATIONAL_SYNC_SWEEP_GRACE = 1
    env = {
        "NATIONAL_PORTAL_URL": url,
        "NATIONAL_SYNC_LEASE": "5",
        "NATIONAL_PORTAL_READ_TIMEOUT": "30",
        "NATIONAL_SYNC_BACKOFF_BASE": "1",
        "CELERY_BEAT_ONLY": "none",
    }
    SandboxFault.objects.create(mode=FaultMode.TIMEOUT, remaining=1)  # the first push is slow
    dossier = make_dossier(procedure)
    with transaction.atomic():  # like an officer's action: one transaction, published after commit
        changes = [
            record_status(dossier, S.NEW, actor_label="Công dân"),
            record_status(dossier, S.ACCEPTED, actor_label="Cán bộ"),
            record_status(dossier, S.PROCESSING, actor_label="Cán bộ"),
        ]
    first_row = StatusSync.objects.get(status_change=changes[0])

    first = celery_worker_factory(queues=["default"], env=env, concurrency=1)
    wait_for(
        lambda: StatusSync.objects.filter(pk=first_row.pk, state=SyncState.SENDING).exists(),
        30,
        message="the first push to be claimed",
    )
    # the sandbox took the slow fault: the request reached the portal, which now holds it
    wait_for(
        lambda: SandboxFault.objects.filter(mode=FaultMode.TIMEOUT, remaining=0).exists(),
        30,
        message="the first push to reach the sandbox",
    )
    first.kill9()
    # the portal still finishes the request it got: received, never acknowledged
    wait_for(lambda: SandboxReceipt.objects.count() == 1, 30, message="the sandbox to record the first push")
    assert StatusSync.objects.get(pk=first_row.pk).state == SyncState.SENDING

    second = celery_worker_factory(queues=["default"], env=env, concurrency=1)

    def all_delivered():
        delivery.retry_due()
        return StatusSync.objects.filter(dossier=dossier, state=SyncState.DELIVERED).count() == 3

    wait_for(all_delivered, 60, interval=1, message="every change to be delivered")
    received = list(SandboxReceipt.objects.filter(dossier_code=dossier.code).order_by("id"))
    assert [r.sequence for r in received] == [c.pk for c in changes]
    assert [r.status_code for r in received] == [1, 2, 4]
    assert [r.duplicates for r in received] == [1, 0, 0]
    first_row.refresh_from_db()
    counts = {
        "changes": len(changes),
        "received_once": len(received),
        "repeats_ignored_by_portal": sum(r.duplicates for r in received),
        "attempts_of_interrupted_push": first_row.attempts,
        "second_worker_log_delivered": second.log().count("national_sync_delivered"),
    }
    with capsys.disabled():
        print("\n[national worker kill -9] " + " ".join(f"{k}={v}" for k, v in counts.items()))  # noqa: T201
