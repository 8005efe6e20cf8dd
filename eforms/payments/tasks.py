"""Periodic tasks of payments."""

from celery import shared_task

from eforms.payments.services import expire_unpaid


@shared_task(name="eforms.expire_unpaid_dossiers")
def expire_unpaid_dossiers():
    """Dossiers not paid within ``PAYMENT_EXPIRY_MINUTES`` stop. Idempotent:
    only still-pending dossiers are touched."""
    return len(expire_unpaid())
