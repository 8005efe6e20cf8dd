"""Sending one notification, on the outbox (``eforms.outbox``).

``deliver(log_id)`` is what the ``notifications.deliver`` task runs: it
claims the row under a lease, sends it on its channel and records the
outcome; a row already sent is never sent again, a failure is retried after
a capped exponential back-off until ``NOTIFICATION_MAX_ATTEMPTS`` (a
permanent failure gives up at once). ``retry_due`` is the periodic sweep.
"""

import structlog
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage

from eforms.notifications.base import GatewayError, SMSMessage, ZaloMessage
from eforms.notifications.constants import SETTLED_STATES, DeliveryState, NotificationChannel
from eforms.notifications.messages import compose_email, compose_sms, compose_zalo_data
from eforms.notifications.models import NotificationLog
from eforms.notifications.registry import get_sms_gateway, get_zalo_gateway
from eforms.outbox.dispatch import send_by_name
from eforms.outbox.engine import CLAIMED, Outbox, Policy, States

log = structlog.get_logger(__name__)

DELIVER_TASK = "notifications.deliver"
POLICY = Policy(
    max_attempts="NOTIFICATION_MAX_ATTEMPTS",
    backoff_base="NOTIFICATION_RETRY_BASE_SECONDS",
    backoff_max="NOTIFICATION_BACKOFF_MAX",
    lease="NOTIFICATION_LEASE",
)


class NotificationOutbox(Outbox):
    model = NotificationLog
    states = States(
        pending=DeliveryState.PENDING,
        claimed=DeliveryState.SENDING,
        retry=DeliveryState.FAILED,
        delivered=DeliveryState.SENT,
        dead=DeliveryState.GAVE_UP,
        settled=tuple(SETTLED_STATES),
        open=(DeliveryState.PENDING, DeliveryState.FAILED, DeliveryState.SENDING),
    )
    policy = POLICY
    select_related = ("dossier", "status_change")


def enqueue(log_ids):
    """Publish ``notifications.deliver(<id>)`` for each row; what the broker
    refuses is left to the sweep."""
    published, error = send_by_name(DELIVER_TASK, [(pk, None) for pk in log_ids])
    if error:
        log.warning("notification_enqueue_failed", logs=[pk for pk in log_ids if pk not in published], error=error)
    return published


def _label(row):
    """What a log line names: the dossier, or the key of a direct message."""
    return row.dossier.code if row.dossier_id else row.key


def _email_content(row):
    """The subject and body of a row: composed from its status change, or,
    for a direct message (``services.queue_direct_email``), stored in
    ``body`` as the subject line, a blank line and the text."""
    if row.status_change_id is None and row.body:
        subject, _blank, body = row.body.partition("\n\n")
        return subject.strip(), body.strip() + "\n", {"X-Portal-Message-Key": row.key}
    content = compose_email(row.dossier, row.status_change)
    return content.subject, content.body, {"X-Dossier-Code": row.dossier.code}


def _send_email(row):
    subject, body, headers = _email_content(row)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.recipient],
        headers={"X-Portal-Notification": str(row.request_id), **headers},
    )
    try:
        message.send(fail_silently=False)
    except Exception as exc:
        raise GatewayError(f"{type(exc).__name__}: {exc}", retryable=True) from exc
    return "django-mail", ""


def _send_sms(row):
    gateway = get_sms_gateway()
    if gateway is None:
        raise GatewayError("SMS switched off", retryable=False)
    message = SMSMessage(
        to=row.recipient,
        brandname=settings.SMS_BRANDNAME,
        message=row.body or compose_sms(row.dossier, row.status_change),
        request_id=str(row.request_id),
    )
    return gateway.name, gateway.send_sms(message).provider_message_id


def _send_zalo(row):
    gateway = get_zalo_gateway()
    if gateway is None:
        raise GatewayError("Zalo switched off", retryable=False)
    message = ZaloMessage(
        phone=row.recipient,
        template_id=str(settings.ZALO_ZNS_TEMPLATE_ID),
        template_data=compose_zalo_data(row.dossier, row.status_change),
        tracking_id=str(row.request_id),
    )
    return gateway.name, gateway.send_zns(message).provider_message_id


SENDERS = {
    NotificationChannel.EMAIL: _send_email,
    NotificationChannel.SMS: _send_sms,
    NotificationChannel.ZALO: _send_zalo,
}


def deliver(log_id):
    """Send one notification at most once; returns the row's final state
    (``None`` when there was nothing to do)."""
    outbox = NotificationOutbox()
    claimed, outcome = outbox.claim(log_id)
    if outcome != CLAIMED:
        return None
    row, _extra = claimed
    try:
        backend, provider_id = SENDERS[row.channel](row)
    except Exception as exc:  # noqa: BLE001 - any sender failure is recorded on the row
        retryable = getattr(exc, "retryable", not isinstance(exc, ImproperlyConfigured))
        state = outbox.record_failure(row, f"{type(exc).__name__}: {exc}", retryable=retryable)
        log.warning(
            "notification_failed",
            dossier=_label(row),
            channel=row.channel,
            attempt=row.attempts,
            state=state,
            error=str(exc)[:300],
        )
        return state
    outbox.record_success(row, backend=backend, provider_message_id=provider_id[:200])
    log.info("notification_sent", dossier=_label(row), channel=row.channel, backend=backend, attempt=row.attempts)
    return DeliveryState.SENT


def retry_due():
    """The sweep: take the rows to (re)send now (failed ones whose back-off
    elapsed, pending ones whose enqueue was lost, claims whose worker died),
    give each ``NOTIFICATION_SWEEP_GRACE`` before the next look, enqueue them.
    Returns how many were taken."""
    rows, _now = NotificationOutbox().take_due(
        settings.NOTIFICATION_SWEEP_BATCH, ("pk",), push_back=lambda row: settings.NOTIFICATION_SWEEP_GRACE
    )
    ids = [pk for (pk,) in rows]
    if ids:
        log.info("notification_retry_sweep", count=len(ids))
        enqueue(ids)
    return len(ids)
