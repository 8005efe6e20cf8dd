"""Tell the applicant about every status change of their dossier.

``notify_status_change(dossier, change)`` is called by whoever records a
transition, inside that transaction. It writes one ``NotificationLog`` row
per channel (the outbox of notifications: it commits or rolls back with the
transition) and, on commit, enqueues one Celery task per row, by id (see
``delivery`` for the sending, the retries and the sweep).
"""

from datetime import timedelta
from functools import partial

import structlog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eforms.notifications.constants import DeliveryState, NotificationChannel
from eforms.notifications.delivery import deliver, enqueue, retry_due
from eforms.notifications.models import NotificationLog
from eforms.notifications.registry import channel_enabled
from eforms.notifications.text import normalise_vn_phone

__all__ = ["deliver", "enqueue", "notify_status_change", "retry_due"]

log = structlog.get_logger(__name__)


def _recipients(dossier):
    # Only the setting's name is read here: a misconfigured gateway must not
    # break the officer's transition; its rows fail visibly at delivery.
    phone = normalise_vn_phone(dossier.applicant_phone)
    return {
        NotificationChannel.EMAIL: (dossier.applicant_email or "").strip() or None,
        NotificationChannel.SMS: phone if channel_enabled("NOTIFICATION_SMS_BACKEND") else None,
        NotificationChannel.ZALO: phone if channel_enabled("NOTIFICATION_ZALO_BACKEND") else None,
    }


def notify_status_change(dossier, change):
    """Notify the applicant of ``change`` (a ``DossierStatusChange`` of ``dossier``).

    Call inside the transaction that records the change; nothing is sent if
    it rolls back. Safe to call twice for the same change.
    """
    if change.dossier_id != dossier.pk:
        raise ValueError("change does not belong to dossier")
    # A row whose on-commit enqueue was lost (broker down) is swept after this.
    swept_at = timezone.now() + timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE)
    rows = [
        NotificationLog(
            status_change=change,
            dossier=dossier,
            channel=channel,
            recipient=recipient or "",
            state=DeliveryState.PENDING if recipient else DeliveryState.SKIPPED,
            next_attempt_at=swept_at if recipient else None,
        )
        for channel, recipient in _recipients(dossier).items()
    ]
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
