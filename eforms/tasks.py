"""Periodic tasks of the submission flow."""
from celery import shared_task


@shared_task(name="eforms.expire_unpaid_dossiers")
def expire_unpaid_dossiers():
    """Dossiers not paid within ``PAYMENT_EXPIRY_MINUTES`` stop. Idempotent:
    only still-pending dossiers are touched."""
    from .payments.services import expire_unpaid

    return len(expire_unpaid())


@shared_task(name="eforms.send_receipt_email", acks_late=True)
def send_receipt_email(dossier_id):
    """E-mail the receipt PDF to the applicant once. Guard clause: a
    receipt already sent is not sent again (``acks_late`` redelivery)."""
    from django.db import transaction
    from django.utils import timezone

    from .emails import send_receipt_email as send
    from .models import Dossier

    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().filter(pk=dossier_id).first()
        if dossier is None or dossier.receipt_sent_at is not None:
            return False
        if not send(dossier):
            return False
        dossier.receipt_sent_at = timezone.now()
        dossier.save(update_fields=["receipt_sent_at"])
    return True
