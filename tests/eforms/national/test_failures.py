"""A slow or failing national portal: retried with back-off, nothing lost,
logged; a refused record becomes a dead letter with the portal's reason."""

import pytest

from eforms.dossiers.constants import DossierStatus as S
from eforms.national import delivery
from eforms.national.constants import FaultMode, SyncState
from eforms.national.lgsp import HttpGateway
from eforms.national.models import SandboxFault, SandboxReceipt, SandboxRefusal

from .helpers import change, make_dossier, make_due, rows_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(procedure):
    return make_dossier(procedure)


def _fault(mode, times=1):
    SandboxFault.objects.create(mode=mode, remaining=times)


def test_timeout_is_retried_and_counted_once(dossier, settings):
    """The portal took the push but answered too late: the retry carries the
    same key, the portal ignores the repeat."""
    settings.NATIONAL_PORTAL_READ_TIMEOUT = 0.5
    settings.NATIONAL_SANDBOX_DELAY_SECONDS = 1.0
    _fault(FaultMode.TIMEOUT)
    change(dossier, S.NEW)
    row = rows_of(dossier)[0]
    assert delivery.deliver(row.pk) == SyncState.RETRY
    row.refresh_from_db()
    assert "timeout" in row.last_error
    assert row.next_attempt_at is not None
    settings.NATIONAL_PORTAL_READ_TIMEOUT = 30
    make_due()
    assert delivery.retry_due() == 1
    row.refresh_from_db()
    assert row.state == SyncState.DELIVERED
    receipt = SandboxReceipt.objects.get()
    assert receipt.duplicates == 1


def test_server_error_is_retried_with_backoff(dossier, settings):
    _fault(FaultMode.ERROR_500, times=2)
    change(dossier, S.NEW)
    row = rows_of(dossier)[0]
    assert delivery.deliver(row.pk) == SyncState.RETRY
    row.refresh_from_db()
    first_wait = row.next_attempt_at - row.updated_at
    assert row.last_error == "HTTP 500"
    assert "Internal Server Error" in row.response
    make_due()
    delivery.retry_due()
    row.refresh_from_db()
    assert row.state == SyncState.RETRY and row.attempts == 2
    assert row.next_attempt_at - row.updated_at > first_wait  # back-off doubles
    make_due()
    delivery.retry_due()
    row.refresh_from_db()
    assert row.state == SyncState.DELIVERED and row.attempts == 3
    assert SandboxReceipt.objects.count() == 1


def test_malformed_answer_is_retried(dossier):
    _fault(FaultMode.MALFORMED)
    change(dossier, S.NEW)
    row = rows_of(dossier)[0]
    assert delivery.deliver(row.pk) == SyncState.RETRY
    row.refresh_from_db()
    assert "malformed answer" in row.last_error
    assert "502 Bad Gateway" in row.response
    make_due()
    delivery.retry_due()
    row.refresh_from_db()
    assert row.state == SyncState.DELIVERED


def test_gives_up_after_the_maximum_of_attempts(dossier, settings):
    settings.NATIONAL_SYNC_MAX_ATTEMPTS = 2
    _fault(FaultMode.ERROR_500, times=5)
    change(dossier, S.NEW)
    row = rows_of(dossier)[0]
    delivery.deliver(row.pk)
    make_due()
    delivery.retry_due()
    row.refresh_from_db()
    assert row.state == SyncState.DEAD and row.attempts == 2
    assert SandboxReceipt.objects.count() == 0


def test_refused_record_is_a_dead_letter_with_the_reason_and_holds_back_the_next(dossier):
    dossier.procedure_code = "<script>alert(1)</script>"
    dossier.save()
    change(dossier, S.NEW)
    change(dossier, S.ACCEPTED)
    first, second = rows_of(dossier)
    assert delivery.deliver(first.pk) == SyncState.DEAD
    first.refresh_from_db()
    assert "MaTTHC" in first.last_error and "sai định dạng" in first.last_error
    refusal = SandboxRefusal.objects.get()
    assert any("MaTTHC" in reason for reason in refusal.reasons)
    # the next change of the same dossier waits: the portal must see them in order
    assert delivery.deliver(second.pk) == delivery.WAITING
    assert SandboxReceipt.objects.count() == 0
    # fixed, then resent by an administrator (records rebuilt): both go, in order
    dossier.procedure_code = dossier.procedure.code
    dossier.save()
    assert delivery.resend([first, second]) == 2
    assert delivery.deliver(first.pk) == SyncState.DELIVERED
    assert [r.state for r in rows_of(dossier)] == [SyncState.DELIVERED] * 2
    assert list(SandboxReceipt.objects.values_list("status_code", flat=True)) == [1, 2]


def test_client_credentials_are_exchanged_for_a_session(dossier, settings):
    settings.NATIONAL_PORTAL_TOKEN = ""
    settings.NATIONAL_PORTAL_CLIENT_ID = "lamdong-dvc"
    settings.NATIONAL_PORTAL_CLIENT_SECRET = "bi-mat-ket-noi"
    change(dossier, S.NEW)
    assert delivery.deliver(rows_of(dossier)[0].pk) == SyncState.DELIVERED
    assert SandboxReceipt.objects.count() == 1


class ExpiredToken(HttpGateway):
    """The gateway holding a token the portal no longer accepts."""

    def _token(self, renew=False):
        return "het-han"


def test_rejected_token_is_retried_not_lost(dossier):
    change(dossier, S.NEW)
    row = rows_of(dossier)[0]
    assert delivery.deliver(row.pk, gateway=ExpiredToken()) == SyncState.RETRY
    row.refresh_from_db()
    assert row.last_error == "HTTP 401"
    assert "Phiên kết nối không hợp lệ" in row.response
    make_due()
    delivery.retry_due()
    row.refresh_from_db()
    assert row.state == SyncState.DELIVERED
