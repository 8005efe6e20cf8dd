"""Celery tasks: they take ids and re-read state; the services publish them
by name (``eforms.outbox.dispatch``)."""

from celery import shared_task

from eforms.national import catalogue, delivery


@shared_task(name="national.deliver", acks_late=True, ignore_result=True)
def deliver_status(sync_id):
    """Push one status change to the national portal, at most once."""
    return delivery.deliver(sync_id)


@shared_task(name="national.retry_due", ignore_result=True)
def retry_due_status():
    """Periodic: publish again what failed (after its back-off), was lost or
    was held by a worker that died."""
    return delivery.retry_due()


@shared_task(name="national.refresh_catalogue", ignore_result=True)
def refresh_catalogue(trigger="beat"):
    """Periodic: import the national procedure records; stores its report."""
    return catalogue.refresh(trigger=trigger).pk
