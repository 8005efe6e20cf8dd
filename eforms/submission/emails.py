"""E-mails sent by the submission flow itself: the receipt on submission
and the secret resume link of a draft. (Status-change notices belong to
``eforms.notifications``.)"""
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from eforms.dossiers.documents.receipt import render_receipt_pdf, tracking_url

logger = logging.getLogger("eforms.submission.emails")


def send_receipt_email(dossier):
    """The receipt PDF to the applicant. Returns ``True`` when sent."""
    if not dossier.applicant_email:
        return False
    with translation.override("vi"):
        body = render_to_string(
            "eforms/email/receipt.txt",
            {"dossier": dossier, "tracking_url": tracking_url(dossier), "portal_base_url": settings.PORTAL_BASE_URL},
        )
        subject = f"Giấy tiếp nhận hồ sơ {dossier.code} — {settings.WAGTAIL_SITE_NAME}"
    message = EmailMessage(subject=subject, body=body, to=[dossier.applicant_email])
    message.attach(f"giay-tiep-nhan-{dossier.code}.pdf", render_receipt_pdf(dossier), "application/pdf")
    try:
        message.send()
    except Exception:  # the dossier is received even when the mail server is down
        logger.exception("event=receipt_email_failed dossier=%s", dossier.code)
        return False
    logger.info("event=receipt_email_sent dossier=%s", dossier.code)
    return True


def send_resume_email(draft, resume_url):
    with translation.override("vi"):
        body = render_to_string("eforms/email/resume.txt", {"draft": draft, "resume_url": resume_url})
        subject = f"Tiếp tục nộp hồ sơ: {draft.procedure.title}"[:200]
    EmailMessage(subject=subject, body=body, to=[draft.email]).send()
    logger.info("event=resume_email_sent draft=%s", draft.uuid)


def receipt_on_payment(sender, dossier, **kwargs):
    """Receiver of ``payment_confirmed``: the receipt follows the payment."""
    queue_receipt_email(dossier)


def queue_receipt_email(dossier):
    """Send the receipt through Celery (off the request); if the broker is
    unreachable, send it now rather than not at all."""
    from eforms.submission.tasks import send_receipt_email as task

    try:
        task.delay(dossier.pk)
    except Exception:
        logger.exception("event=receipt_email_enqueue_failed dossier=%s", dossier.code)
        task(dossier.pk)
