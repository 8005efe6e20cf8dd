"""Every status change reaches the (sandbox) national portal exactly once,
in order per dossier, through the shared outbox."""

import re
import time

import pytest

from eforms.dossiers.constants import DossierStatus as S
from eforms.national import delivery
from eforms.national.constants import SyncState
from eforms.national.gateway import get_gateway
from eforms.national.models import SandboxReceipt, StatusSync
from eforms.outbox.engine import CLAIMED

from .helpers import change, make_dossier, make_due, rows_of

pytestmark = pytest.mark.django_db

DATE = re.compile(r"^\d{14}$")


@pytest.fixture
def dossier(procedure):
    return make_dossier(procedure, channel=2)


def _three_changes(dossier):
    return [change(dossier, S.NEW, "Nộp trực tuyến"), change(dossier, S.ACCEPTED), change(dossier, S.PROCESSING)]


def test_each_change_is_recorded_with_the_national_record(dossier):
    changes = _three_changes(dossier)
    rows = rows_of(dossier)
    assert [r.status_change_id for r in rows] == [c.pk for c in changes]
    record = rows[1].payload
    assert record["MaHoSo"] == dossier.code
    assert record["MaTTHC"] == dossier.procedure_code
    assert dossier.code.startswith(record["MaDonViTiepNhan"] + "-")
    assert record["TrangThaiHoSo"] == "2"
    assert record["KenhThucHien"] == "2"
    assert DATE.match(record["NgayNopHoSo"]) and DATE.match(record["ThoiDiemXuLy"])
    assert record["MaDongBo"] == str(rows[1].idempotency_key)
    assert {r.state for r in rows} == {SyncState.PENDING}


def test_pushed_once_each_and_in_order_even_when_tried_out_of_order(dossier):
    changes = _three_changes(dossier)
    rows = rows_of(dossier)
    # the last change first: it waits for the earlier ones
    assert delivery.deliver(rows[2].pk) == delivery.WAITING
    assert delivery.deliver(rows[1].pk) == delivery.WAITING
    assert SandboxReceipt.objects.count() == 0
    # the first one goes, and each delivery publishes the next (eager here)
    assert delivery.deliver(rows[0].pk) == SyncState.DELIVERED
    assert [r.state for r in rows_of(dossier)] == [SyncState.DELIVERED] * 3
    received = list(SandboxReceipt.objects.filter(dossier_code=dossier.code).order_by("id"))
    assert [r.sequence for r in received] == [c.pk for c in changes]
    assert [r.status_code for r in received] == [1, 2, 4]
    # a redelivered task sends nothing
    for row in rows:
        assert delivery.deliver(row.pk) == "already_delivered"
    assert SandboxReceipt.objects.count() == 3
    assert SandboxReceipt.objects.filter(duplicates__gt=0).count() == 0


def test_worker_killed_after_claiming_loses_nothing(dossier, settings):
    """Claimed, then the worker dies before pushing or acknowledging: once the
    leases end the sweep delivers every change, each exactly once."""
    settings.NATIONAL_SYNC_LEASE = 0.05
    _three_changes(dossier)
    outbox = delivery.StatusOutbox()
    first = rows_of(dossier)[0]
    _claimed, outcome = outbox.claim(first.pk)
    assert outcome == CLAIMED
    # ... crash: no push, no acknowledgement
    assert StatusSync.objects.get(pk=first.pk).state == SyncState.SENDING
    assert SandboxReceipt.objects.count() == 0
    time.sleep(0.1)
    make_due([r for r in rows_of(dossier) if r.pk != first.pk])
    assert delivery.retry_due() >= 1
    assert [r.state for r in rows_of(dossier)] == [SyncState.DELIVERED] * 3
    assert SandboxReceipt.objects.count() == 3
    assert list(SandboxReceipt.objects.values_list("duplicates", flat=True)) == [0, 0, 0]


def test_worker_killed_after_the_portal_received_is_not_counted_twice(dossier, settings):
    """Pushed, then the worker dies before recording it: the push is sent again
    with the same key and the portal ignores the repeat."""
    settings.NATIONAL_SYNC_LEASE = 0.05
    change(dossier, S.NEW)
    row = rows_of(dossier)[0]
    outbox = delivery.StatusOutbox()
    (claimed, _extra), outcome = outbox.claim(row.pk)
    assert outcome == CLAIMED
    get_gateway().push_status(claimed.payload, claimed.idempotency_key, is_update=False)
    # ... crash before record_success
    assert SandboxReceipt.objects.count() == 1
    time.sleep(0.1)
    assert delivery.retry_due() == 1
    row.refresh_from_db()
    assert row.state == SyncState.DELIVERED
    assert row.attempts == 2
    receipt = SandboxReceipt.objects.get()
    assert receipt.duplicates == 1
    assert "'duplicate': True" in row.response


def test_push_is_off_without_a_national_portal(dossier, settings):
    settings.NATIONAL_PORTAL_URL = ""
    change(dossier, S.NEW)
    assert not StatusSync.objects.exists()
    assert delivery.retry_due() == 0


def test_changes_written_without_a_row_are_swept_up(dossier, settings):
    settings.NATIONAL_PORTAL_URL = ""
    change(dossier, S.NEW)
    change(dossier, S.ACCEPTED)
    settings.NATIONAL_PORTAL_URL = "http://testserver/dvcqg-sandbox/"
    assert delivery.retry_due() == 2
    assert [r.state for r in rows_of(dossier)] == [SyncState.DELIVERED] * 2
    assert SandboxReceipt.objects.count() == 2
