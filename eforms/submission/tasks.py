"""Tasks of the submission flow: the receipt e-mail and the purge of
abandoned drafts. They take ids and re-read the rows; the services enqueue
them (this module imports no service)."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eforms.dossiers.models import Dossier
from eforms.submission.emails import send_receipt_email as send
from eforms.submission.models import DraftUpload, SubmissionDraft


@shared_task(name="eforms.send_receipt_email", acks_late=True)
def send_receipt_email(dossier_id):
    """E-mail the receipt PDF to the applicant once. Guard clause: a
    receipt already sent is not sent again (``acks_late`` redelivery)."""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().filter(pk=dossier_id).first()
        if dossier is None or dossier.receipt_sent_at is not None:
            return False
        if not send(dossier):
            return False
        dossier.receipt_sent_at = timezone.now()
        dossier.save(update_fields=["receipt_sent_at"])
    return True


@shared_task(name="eforms.purge_stale_drafts")
def purge_stale_drafts():
    """Delete drafts never submitted and untouched for
    ``EFORMS_DRAFT_RETENTION_DAYS`` days, with their uploaded files.
    Files of submitted drafts belong to the dossier and are never touched."""
    cutoff = timezone.now() - timedelta(days=getattr(settings, "EFORMS_DRAFT_RETENTION_DAYS", 30))
    stale = SubmissionDraft.objects.filter(dossier__isnull=True, updated_at__lt=cutoff)
    for upload in DraftUpload.objects.filter(draft__in=stale).iterator():
        upload.file.delete(save=False)
    count, _deleted = stale.delete()
    return count
