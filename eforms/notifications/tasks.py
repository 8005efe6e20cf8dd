"""Celery tasks: they take ids and re-read state (see ``services``)."""
import logging

from celery import shared_task

from eforms.notifications import services

logger = logging.getLogger("eforms.notifications")


@shared_task(name="notifications.deliver", acks_late=True, ignore_result=True)
def deliver_notification(log_id):
    """Send one notification (one channel of one status change), at most once."""
    return services.deliver(log_id)


@shared_task(name="notifications.retry_due", ignore_result=True)
def retry_due_notifications():
    """Periodic: re-enqueue what failed (after its backoff) or was lost."""
    ids = services.due_log_ids()
    if ids:
        logger.info("event=notification_retry_sweep count=%s", len(ids))
    services.enqueue(ids)
    return len(ids)
