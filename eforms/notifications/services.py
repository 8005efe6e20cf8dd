"""Tell the applicant about every status change of their dossier.

``notify_status_change(dossier, change)`` is called by whoever records a
transition, inside that transaction. It writes one ``NotificationLog`` row
per channel (the outbox of notifications: it commits or rolls back with the
transition) and, on commit, enqueues one Celery task per row, by id.
``deliver(log_id)`` is what the task runs: it claims the row, sends, and
records the outcome; a row already sent is never sent again, a failure is
retried with exponential backoff by the periodic ``retry_due_notifications``
task until ``NOTIFICATION_MAX_ATTEMPTS``.
"""
import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from eforms.notifications.base import GatewayError, SMSMessage, ZaloMessage
from eforms.notifications.constants import SETTLED_STATES, DeliveryState, NotificationChannel
from eforms.notifications.messages import compose_email, compose_sms, compose_zalo_data
from eforms.notifications.models import NotificationLog
from eforms.notifications.registry import channel_enabled, get_sms_gateway, get_zalo_gateway
from eforms.notifications.text import normalise_vn_phone

logger = logging.getLogger("eforms.notifications")

# A task that claimed a row and died is taken over after this time.
LEASE = timedelta(minutes=5)
# A row whose on-commit enqueue was lost (broker down) is swept after this.
SWEEP_GRACE = timedelta(minutes=1)


def max_attempts():
    return int(getattr(settings, "NOTIFICATION_MAX_ATTEMPTS", 6))


def backoff(attempts):
    """Seconds to wait after the ``attempts``-th failure: 60, 120, 240 … ≤ 1 h."""
    base = int(getattr(settings, "NOTIFICATION_RETRY_BASE_SECONDS", 60))
    return min(base * 2 ** max(attempts - 1, 0), 3600)


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
    now = timezone.now()
    rows = []
    for channel, recipient in _recipients(dossier).items():
        rows.append(
            NotificationLog(
                status_change=change,
                dossier=dossier,
                channel=channel,
                recipient=recipient or "",
                state=DeliveryState.PENDING if recipient else DeliveryState.SKIPPED,
                next_attempt_at=now + SWEEP_GRACE if recipient else None,
            )
        )
    with transaction.atomic():
        NotificationLog.objects.bulk_create(rows, ignore_conflicts=True)
        log_ids = list(
            NotificationLog.objects.filter(status_change=change, state=DeliveryState.PENDING).values_list(
                "id", flat=True
            )
        )
    logger.info(
        "event=notification_queued dossier=%s change=%s to_status=%s logs=%s",
        dossier.code, change.pk, change.to_status, log_ids,
    )
    transaction.on_commit(partial(enqueue, log_ids), robust=True)
    return log_ids


def enqueue(log_ids):
    from eforms.notifications.tasks import deliver_notification

    for log_id in log_ids:
        deliver_notification.delay(log_id)


def _claim(log_id):
    """Take the row for sending; ``None`` when there is nothing to do."""
    now = timezone.now()
    with transaction.atomic():
        log = (
            NotificationLog.objects.select_for_update()
            .select_related("dossier", "status_change")
            .filter(pk=log_id)
            .first()
        )
        if log is None or log.state in SETTLED_STATES:
            return None
        if log.state == DeliveryState.SENDING and log.lease_until and log.lease_until > now:
            return None
        if log.attempts >= max_attempts():
            log.state = DeliveryState.GAVE_UP
            log.save(update_fields=["state", "updated_at"])
            return None
        log.state = DeliveryState.SENDING
        log.attempts += 1
        log.lease_until = now + LEASE
        log.save(update_fields=["state", "attempts", "lease_until", "updated_at"])
        return log


def _send_email(log):
    content = compose_email(log.dossier, log.status_change)
    message = EmailMessage(
        subject=content.subject,
        body=content.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[log.recipient],
        headers={"X-Portal-Notification": str(log.request_id), "X-Dossier-Code": log.dossier.code},
    )
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # SMTP and socket errors: try again later
        raise GatewayError(f"{type(exc).__name__}: {exc}", retryable=True) from exc
    return "django-mail", ""


def _send_sms(log):
    gateway = get_sms_gateway()
    if gateway is None:
        raise GatewayError("SMS switched off", retryable=False)
    message = SMSMessage(
        to=log.recipient,
        brandname=getattr(settings, "SMS_BRANDNAME", ""),
        message=compose_sms(log.dossier, log.status_change),
        request_id=str(log.request_id),
    )
    return gateway.name, gateway.send_sms(message).provider_message_id


def _send_zalo(log):
    gateway = get_zalo_gateway()
    if gateway is None:
        raise GatewayError("Zalo switched off", retryable=False)
    message = ZaloMessage(
        phone=log.recipient,
        template_id=str(getattr(settings, "ZALO_ZNS_TEMPLATE_ID", "")),
        template_data=compose_zalo_data(log.dossier, log.status_change),
        tracking_id=str(log.request_id),
    )
    return gateway.name, gateway.send_zns(message).provider_message_id


SENDERS = {
    NotificationChannel.EMAIL: _send_email,
    NotificationChannel.SMS: _send_sms,
    NotificationChannel.ZALO: _send_zalo,
}


def deliver(log_id):
    """Send one notification at most once; returns the row's final state."""
    log = _claim(log_id)
    if log is None:
        return None
    try:
        backend, provider_id = SENDERS[log.channel](log)
    except Exception as exc:
        retryable = getattr(exc, "retryable", not isinstance(exc, ImproperlyConfigured))
        gave_up = not retryable or log.attempts >= max_attempts()
        state = DeliveryState.GAVE_UP if gave_up else DeliveryState.FAILED
        NotificationLog.objects.filter(pk=log.pk, state=DeliveryState.SENDING).update(
            state=state,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=None if gave_up else timezone.now() + timedelta(seconds=backoff(log.attempts)),
            lease_until=None,
            updated_at=timezone.now(),
        )
        logger.warning(
            "event=notification_failed dossier=%s channel=%s attempt=%s state=%s error=%r",
            log.dossier.code, log.channel, log.attempts, state, str(exc)[:300],
        )
        return state
    NotificationLog.objects.filter(pk=log.pk).update(
        state=DeliveryState.SENT,
        backend=backend,
        provider_message_id=provider_id[:200],
        sent_at=timezone.now(),
        last_error="",
        next_attempt_at=None,
        lease_until=None,
        updated_at=timezone.now(),
    )
    logger.info(
        "event=notification_sent dossier=%s channel=%s backend=%s attempt=%s",
        log.dossier.code, log.channel, backend, log.attempts,
    )
    return DeliveryState.SENT


def due_log_ids(limit=500):
    """Rows to (re)send now: failed ones whose backoff elapsed, pending ones
    whose enqueue was lost, and claims whose worker died."""
    now = timezone.now()
    return list(
        NotificationLog.objects.filter(
            Q(state__in=[DeliveryState.PENDING, DeliveryState.FAILED], next_attempt_at__lte=now)
            | Q(state=DeliveryState.SENDING, lease_until__lt=now)
        )
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
