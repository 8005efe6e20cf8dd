"""When the receipt (giấy tiếp nhận) goes to the applicant: once the
dossier is committed, or, for a dossier waiting for its online payment, once
the payment is confirmed (its due date counts from the payment)."""

from functools import partial

import structlog
from django.db import transaction

from eforms.submission import tasks

log = structlog.get_logger(__name__)


def queue_receipt_email(dossier):
    """Send the receipt through Celery after the current transaction
    commits (off the request)."""
    transaction.on_commit(partial(_enqueue, dossier.pk, dossier.code))


def _enqueue(dossier_id, code):
    try:
        tasks.send_receipt_email.delay(dossier_id)
    except Exception:
        log.exception("receipt_email_enqueue_failed", dossier=code)
        tasks.send_receipt_email(dossier_id)


def receipt_on_payment(sender, dossier, **kwargs):
    """Receiver of ``eforms.payments.signals.payment_confirmed``."""
    queue_receipt_email(dossier)
