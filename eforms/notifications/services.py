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
from eforms.notifications.text import normalise_vn_phone, to_gsm

__all__ = ["deliver", "enqueue", "notify_status_change", "queue_direct_email", "queue_direct_sms", "retry_due"]

log = structlog.get_logger(__name__)
RECEIPT_IS_THE_EMAIL = "receipt e-mail (Mẫu 01) is this change's e-mail"
SUBMITTED_IS_THE_EMAIL = "the submission's confirmation e-mail is this change's e-mail"


def _own_email(dossier, change):
    """Why the e-mail of ``change`` is another's, or ``""``. An online (or
    postal) dossier's acceptance has its own e-mail: the receipt, Mẫu 01 with
    the due date (``eforms.submission.services.receipts``, on
    ``dossier_accepted``); its submission has the "chờ tiếp nhận"
    confirmation. A second e-mail about the same change is noise."""
    if change.to_status == DossierStatus.ACCEPTED and dossier.channel != Channel.IN_PERSON:
        return RECEIPT_IS_THE_EMAIL
    # (the submission's own row; a later row of an unchanged status 1, such
    # as the payment reminder, is a message of its own)
    if change.to_status == DossierStatus.NEW and change.from_status is None and dossier.channel == Channel.ONLINE:
        return SUBMITTED_IS_THE_EMAIL
    return ""


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
        if recipient and channel == NotificationChannel.EMAIL and _own_email(dossier, change):
            row.state, row.last_error = DeliveryState.SKIPPED, _own_email(dossier, change)
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


def notify_submitted(sender, dossier, change, **kwargs):
    """Receiver of ``eforms.dossiers.signals.dossier_submitted``: the
    tracking link by SMS (and Zalo) to an applicant who gave a phone number."""
    return notify_status_change(dossier, change)


def queue_direct_sms(sender=None, *, phone, text, key, **kwargs):
    """Receiver of ``eforms.dossiers.signals.citizen_sms_requested``: one SMS
    about no status change, recorded now (one row per ``key``), sent after
    commit on the outbox like any notification. Returns the row's id, or
    ``None`` when the number cannot receive an SMS or SMS is switched off
    (the caller's answer to the citizen does not change)."""
    number = normalise_vn_phone(phone)
    if number is None or not channel_enabled("NOTIFICATION_SMS_BACKEND"):
        log.info("direct_sms_not_queued", key=key, reason="no number" if number is None else "sms off")
        return None
    swept_at = timezone.now() + timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE)
    with transaction.atomic():
        NotificationLog.objects.bulk_create(
            [
                NotificationLog(
                    key=key[:120],
                    channel=NotificationChannel.SMS,
                    recipient=number,
                    body=to_gsm(text),
                    state=DeliveryState.PENDING,
                    next_attempt_at=swept_at,
                )
            ],
            ignore_conflicts=True,
        )
        row_id = (
            NotificationLog.objects.filter(key=key[:120], channel=NotificationChannel.SMS, state=DeliveryState.PENDING)
            .values_list("id", flat=True)
            .first()
        )
    if row_id is not None:
        transaction.on_commit(partial(enqueue, [row_id]), robust=True)
    log.info("direct_sms_queued", key=key, log=row_id)
    return row_id


def queue_direct_email(*, email, subject, text, key):
    """One e-mail about no status change (a feedback receipt, an answer),
    recorded now (one row per ``key``) and sent after commit on the outbox
    like any notification. Returns the row's id, or ``None`` without an
    address. The subject is stored as the first line of ``body``."""
    address = (email or "").strip()
    if not address:
        return None
    swept_at = timezone.now() + timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE)
    body = f"{' '.join(str(subject).split())}\n\n{text}"
    with transaction.atomic():
        NotificationLog.objects.bulk_create(
            [
                NotificationLog(
                    key=key[:120],
                    channel=NotificationChannel.EMAIL,
                    recipient=address[:254],
                    body=body,
                    state=DeliveryState.PENDING,
                    next_attempt_at=swept_at,
                )
            ],
            ignore_conflicts=True,
        )
        row_id = (
            NotificationLog.objects.filter(
                key=key[:120], channel=NotificationChannel.EMAIL, state=DeliveryState.PENDING
            )
            .values_list("id", flat=True)
            .first()
        )
    if row_id is not None:
        transaction.on_commit(partial(enqueue, [row_id]), robust=True)
    log.info("direct_email_queued", key=key, log=row_id)
    return row_id
