"""Celery tasks: ids in, state re-read (``delivery``); published by name."""

from celery import shared_task

from eforms.postal import delivery


@shared_task(name="postal.create_order", acks_late=True, ignore_result=True)
def create_postal_order(order_id):
    """Create one postal order at the operator, at most once."""
    return delivery.deliver(order_id)


@shared_task(name="postal.retry_due", ignore_result=True)
def retry_due_postal_orders():
    """Periodic: re-send the orders whose creation failed or was lost."""
    return delivery.retry_due()
