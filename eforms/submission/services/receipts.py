"""What the applicant of an online dossier is sent, and when.

- On submission (or, for a dossier waiting for its online payment, once the
  payment is confirmed): a confirmation "đã nhận hồ sơ, chờ tiếp nhận", with
  no due date: the clock has not started; by e-mail when the applicant gave
  one, and the tracking link by SMS when they gave a mobile number
  (``dossier_submitted``: the notifications send it on their outbox).
- On acceptance (status 2, ``eforms.dossiers.signals.dossier_accepted``, sent
  by the officer's transition): the receipt, Mẫu 01 "Giấy tiếp nhận hồ sơ và
  hẹn trả kết quả", with the due date counted from acceptance. A dossier
  received at the counter gets its paper receipt there, so no e-mail.
"""

from functools import partial

import structlog
from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from eforms.dossiers.constants import Channel, DossierStatus
from eforms.dossiers.documents.receipt import tracking_url
from eforms.dossiers.models import Dossier, DossierStatusChange
from eforms.dossiers.signals import submitted
from eforms.submission import tasks

log = structlog.get_logger(__name__)


def queue_receipt_email(dossier):
    """Send the receipt through Celery after the current transaction
    commits (off the request)."""
    transaction.on_commit(partial(_enqueue, tasks.send_receipt_email, dossier.pk, dossier.code))


def queue_submitted_email(dossier):
    """The dossier now waits for acceptance: the "received, waiting for
    acceptance" confirmation e-mail after commit, and ``dossier_submitted``
    (the tracking link by SMS) inside the caller's transaction."""
    transaction.on_commit(partial(_enqueue, send_submitted_email, dossier.pk, dossier.code))
    change = DossierStatusChange.objects.filter(dossier=dossier, to_status=DossierStatus.NEW).order_by("id").first()
    if change is not None:
        submitted(dossier, change)


def _enqueue(task, dossier_id, code):
    try:
        task.delay(dossier_id)
    except Exception:
        log.exception("applicant_email_enqueue_failed", dossier=code, task=task.name)
        task(dossier_id)


@shared_task(name="eforms.send_submitted_email")
def send_submitted_email(dossier_id):
    """The confirmation of an online submission (no due date yet)."""
    dossier = Dossier.objects.select_related("agency").filter(pk=dossier_id).first()
    if dossier is None or not dossier.applicant_email:
        return False
    with translation.override("vi"):
        body = render_to_string(
            "eforms/email/submitted.txt",
            {"dossier": dossier, "tracking_url": tracking_url(dossier), "portal_base_url": settings.PORTAL_BASE_URL},
        )
        subject = f"Đã nhận hồ sơ {dossier.code}, chờ tiếp nhận — {settings.WAGTAIL_SITE_NAME}"
    try:
        EmailMessage(subject=subject, body=body, to=[dossier.applicant_email]).send()
    except Exception:
        log.exception("submitted_email_failed", dossier=dossier.code)
        return False
    log.info("submitted_email_sent", dossier=dossier.code)
    return True


def receipt_on_payment(sender, dossier, **kwargs):
    """Receiver of ``eforms.payments.signals.payment_confirmed``: the paid
    dossier now waits for acceptance."""
    queue_submitted_email(dossier)


def receipt_on_acceptance(sender, dossier, **kwargs):
    """Receiver of ``eforms.dossiers.signals.dossier_accepted``."""
    if dossier.channel == Channel.IN_PERSON:
        return
    queue_receipt_email(dossier)
