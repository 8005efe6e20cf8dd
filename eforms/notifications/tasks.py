"""Celery tasks: they take ids and re-read state (see ``delivery``); the
services enqueue them by name (``eforms.outbox.dispatch``)."""

from celery import shared_task

from eforms.notifications import services


@shared_task(name="notifications.deliver", acks_late=True, ignore_result=True)
def deliver_notification(log_id):
    """Send one notification (one channel of one status change), at most once."""
    return services.deliver(log_id)


@shared_task(name="notifications.retry_due", ignore_result=True)
def retry_due_notifications():
    """Periodic: re-enqueue what failed (after its back-off) or was lost."""
    return services.retry_due()
