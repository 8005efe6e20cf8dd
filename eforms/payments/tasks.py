"""Periodic tasks of payments."""

from celery import shared_task

from eforms.payments.services import expire_unpaid
from eforms.payments.window import warn_expiring


@shared_task(name="eforms.expire_unpaid_dossiers")
def expire_unpaid_dossiers():
    """Dossiers not paid within ``PAYMENT_EXPIRY_MINUTES`` stop; those close
    to it are warned first (once). Idempotent: only still-pending dossiers
    are touched."""
    warn_expiring()
    return len(expire_unpaid())
