"""The outbox engine on a real table (the notifications' one): lease,
attempts, capped back-off, dead letters, and the sweep."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eforms.notifications.constants import DeliveryState, NotificationChannel
from eforms.notifications.delivery import NotificationOutbox
from eforms.notifications.models import NotificationLog
from eforms.outbox.engine import ALREADY_DELIVERED, CLAIMED, DEAD, LEASED, MISSING, Policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 10
    settings.NOTIFICATION_BACKOFF_MAX = 25
    settings.NOTIFICATION_LEASE = 60
    return NotificationOutbox()


@pytest.fixture
def row(dossier, supplement_change):
    return NotificationLog.objects.create(
        status_change=supplement_change,
        dossier=dossier,
        channel=NotificationChannel.EMAIL,
        recipient="hoa@example.vn",
        next_attempt_at=timezone.now() - timedelta(seconds=1),
    )


def test_backoff_is_exponential_and_capped(settings):
    settings.X_MAX, settings.X_BASE, settings.X_CAP, settings.X_LEASE = 5, 30, 100, 7
    policy = Policy(max_attempts="X_MAX", backoff_base="X_BASE", backoff_max="X_CAP", lease="X_LEASE")
    assert [policy.backoff(n) for n in (1, 2, 3, 4)] == [30, 60, 100, 100]
    assert policy.max() == 5 and policy.lease_seconds() == 7


def test_a_leased_row_is_not_claimed_twice(outbox, row):
    (claimed, _extra), outcome = outbox.claim(row.pk)
    assert outcome == CLAIMED
    assert claimed.state == DeliveryState.SENDING and claimed.attempts == 1
    assert claimed.claimed_until > timezone.now() + timedelta(seconds=55)
    # a second worker (a duplicate message) finds the lease held
    assert outbox.claim(row.pk)[1] == LEASED
    # the first worker died: once its lease ends the row is taken over
    NotificationLog.objects.filter(pk=row.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    (again, _extra), outcome = outbox.claim(row.pk)
    assert outcome == CLAIMED and again.attempts == 2
    assert outbox.claim(999999) == (None, MISSING)


def test_success_is_recorded_once(outbox, row):
    (claimed, _extra), _ = outbox.claim(row.pk)
    assert outbox.record_success(claimed, backend="django-mail") is True
    assert outbox.record_success(claimed, backend="other") is False
    row.refresh_from_db()
    assert (row.state, row.backend, row.claimed_until, row.next_attempt_at) == (
        DeliveryState.SENT,
        "django-mail",
        None,
        None,
    )
    assert row.delivered_at is not None
    assert outbox.claim(row.pk)[1] == ALREADY_DELIVERED


def test_failures_back_off_then_go_to_the_dead_letters(outbox, row):
    waits = []
    for expected in (DeliveryState.FAILED, DeliveryState.FAILED, DeliveryState.GAVE_UP):
        (claimed, _extra), _ = outbox.claim(row.pk)
        before = timezone.now()
        assert outbox.record_failure(claimed, "x" * 5000) == expected
        row.refresh_from_db()
        assert row.claimed_until is None and len(row.last_error) == 2000
        if expected == DeliveryState.FAILED:
            waits.append((row.next_attempt_at - before).total_seconds())
    assert 9 <= waits[0] <= 11 and 19 <= waits[1] <= 21
    assert row.next_attempt_at is None
    assert outbox.claim(row.pk)[1] == DEAD
    assert not outbox.due(timezone.now() + timedelta(days=1)).exists()


def test_a_permanent_failure_is_dead_at_once(outbox, row):
    (claimed, _extra), _ = outbox.claim(row.pk)
    assert outbox.record_failure(claimed, "HTTP 400", retryable=False) == DeliveryState.GAVE_UP


def test_a_row_over_its_attempts_is_dead_lettered_when_claimed(outbox, row):
    NotificationLog.objects.filter(pk=row.pk).update(attempts=3, state=DeliveryState.FAILED)
    assert outbox.claim(row.pk)[1] == DEAD
    row.refresh_from_db()
    assert row.state == DeliveryState.GAVE_UP and row.attempts == 3


def test_sweep_takes_due_rows_once_and_pushes_them_back(outbox, row):
    rows, _now = outbox.take_due(10, ("pk",), push_back=lambda _row: 30)
    assert rows == [(row.pk,)]
    row.refresh_from_db()
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=25)
    # pushed back before dispatch: a second sweep right away takes nothing
    assert outbox.take_due(10, ("pk",), push_back=lambda _row: 30)[0] == []


def test_sweep_takes_over_an_expired_lease_and_leaves_a_live_one(outbox, row):
    NotificationLog.objects.filter(pk=row.pk).update(
        state=DeliveryState.SENDING, claimed_until=timezone.now() + timedelta(minutes=1), next_attempt_at=None
    )
    assert outbox.take_due(10, ("pk",), push_back=lambda _row: 30)[0] == []
    NotificationLog.objects.filter(pk=row.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert outbox.take_due(10, ("pk",), push_back=lambda _row: 30)[0] == [(row.pk,)]
    row.refresh_from_db()
    assert row.claimed_until is None  # the dead worker's lease is dropped
    assert outbox.claim(row.pk)[1] == CLAIMED


def test_reset_puts_a_dead_letter_back(outbox, row):
    NotificationLog.objects.filter(pk=row.pk).update(state=DeliveryState.GAVE_UP, attempts=3, next_attempt_at=None)
    row.refresh_from_db()
    when = timezone.now()
    outbox.reset(row, when)
    row.refresh_from_db()
    assert (row.state, row.attempts, row.next_attempt_at) == (DeliveryState.PENDING, 0, when)
