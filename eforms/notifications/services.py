"""Tell the applicant about every status change of their dossier.

``notify_status_change(dossier, change)`` is called by whoever records a
transition, inside that transaction. It writes one ``NotificationLog`` row
per channel (the outbox of notifications: it commits or rolls back with the
transition) and, on commit, enqueues one Celery task per row, by id (see
``delivery`` for the sending, the retries and the sweep).

One message per change per channel: what one action of an officer records
in one transaction is one change for the citizen. Accepting a dossier writes
two history rows (2 Được tiếp nhận, then 4 Đang xử lý) and the citizen gets
one message, about the first; the later rows of the same dossier in the
same transaction are folded into it (no rows, nothing sent).
"""

from datetime import timedelta
from functools import partial

import structlog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eforms.dossiers.constants import Channel, DossierStatus
from eforms.notifications.constants import DeliveryState, NotificationChannel
from eforms.notifications.delivery import deliver, enqueue, retry_due
from eforms.notifications.models import NotificationLog
from eforms.notifications.registry import channel_enabled
from eforms.notifications.text import normalise_vn_phone

__all__ = ["deliver", "enqueue", "notify_status_change", "retry_due"]

log = structlog.get_logger(__name__)
RECEIPT_IS_THE_EMAIL = "receipt e-mail (Mẫu 01) is this change's e-mail"


def _email_is_the_receipt(dossier, change):
    """An online (or postal) dossier's acceptance has its own e-mail: the
    receipt, Mẫu 01 with the due date (``eforms.submission.services.receipts``,
    on ``dossier_accepted``). A second e-mail about the same change is noise."""
    return change.to_status == DossierStatus.ACCEPTED and dossier.channel != Channel.IN_PERSON


def _recipients(dossier, change):
    # Only the setting's name is read here: a misconfigured gateway must not
    # break the officer's transition; its rows fail visibly at delivery.
    phone = normalise_vn_phone(dossier.applicant_phone)
    return {
        NotificationChannel.EMAIL: (dossier.applicant_email or "").strip() or None,
        NotificationChannel.SMS: phone if channel_enabled("NOTIFICATION_SMS_BACKEND") else None,
        NotificationChannel.ZALO: phone if channel_enabled("NOTIFICATION_ZALO_BACKEND") else None,
    }


class _Batch:
    """The dossiers already notified in one transaction (the outermost
    ``atomic`` block that is not a test case's own). Alive while its
    on-commit callback is pending: a commit runs it, a rollback drops it."""

    def __init__(self):
        self.dossiers = set()
        self.close = self._close  # one bound method: its id is looked for below

    def _close(self):
        self.dossiers.clear()


def _current_batch():
    """The batch of the open transaction, or ``None`` in autocommit."""
    connection = transaction.get_connection()
    blocks = [block for block in connection.atomic_blocks if not getattr(block, "_from_testcase", False)]
    if not blocks:
        return None
    outer = blocks[0]
    batch = getattr(outer, "_notification_batch", None)
    pending = {id(callback) for _sids, callback, _robust in connection.run_on_commit}
    if batch is None or id(batch.close) not in pending:
        batch = _Batch()
        outer._notification_batch = batch
        transaction.on_commit(batch.close)
    return batch


def notify_receiver(sender, dossier, change, **kwargs):
    """A signal receiver: notify ``change`` (for signals sent by the layers
    that may not import this app, e.g. the citizen's supplement)."""
    return notify_status_change(dossier, change)


def notify_status_change(dossier, change):
    """Notify the applicant of ``change`` (a ``DossierStatusChange`` of ``dossier``).

    Call inside the transaction that records the change; nothing is sent if
    it rolls back. Safe to call twice for the same change.
    """
    if change.dossier_id != dossier.pk:
        raise ValueError("change does not belong to dossier")
    batch = _current_batch()
    if batch is not None:
        if dossier.pk in batch.dossiers and not NotificationLog.objects.filter(status_change=change).exists():
            log.info("notification_folded", dossier=dossier.code, change=change.pk, to_status=change.to_status)
            return []
        batch.dossiers.add(dossier.pk)
    # A row whose on-commit enqueue was lost (broker down) is swept after this.
    swept_at = timezone.now() + timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE)
    rows = []
    for channel, recipient in _recipients(dossier, change).items():
        row = NotificationLog(status_change=change, dossier=dossier, channel=channel, recipient=recipient or "")
        if recipient and channel == NotificationChannel.EMAIL and _email_is_the_receipt(dossier, change):
            row.state, row.last_error = DeliveryState.SKIPPED, RECEIPT_IS_THE_EMAIL
        elif recipient:
            row.state, row.next_attempt_at = DeliveryState.PENDING, swept_at
        else:
            row.state = DeliveryState.SKIPPED
        rows.append(row)
    with transaction.atomic():
        NotificationLog.objects.bulk_create(rows, ignore_conflicts=True)
        log_ids = list(
            NotificationLog.objects.filter(status_change=change, state=DeliveryState.PENDING).values_list(
                "id", flat=True
            )
        )
    log.info("notification_queued", dossier=dossier.code, change=change.pk, to_status=change.to_status, logs=log_ids)
    transaction.on_commit(partial(enqueue, log_ids), robust=True)
    return log_ids
