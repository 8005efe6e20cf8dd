"""E-mails sent by the submission flow itself: the receipt on submission
and the secret resume link of a draft. (Status-change notices belong to
``eforms.notifications``; when the receipt goes out is decided by
``services.receipts``.)"""

import structlog
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from eforms.dossiers.documents.receipt import render_receipt_pdf, tracking_url

log = structlog.get_logger(__name__)


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
    except Exception:
        log.exception("receipt_email_failed", dossier=dossier.code)
        return False
    log.info("receipt_email_sent", dossier=dossier.code)
    return True


def send_resume_email(draft, resume_url):
    with translation.override("vi"):
        body = render_to_string("eforms/email/resume.txt", {"draft": draft, "resume_url": resume_url})
        subject = f"Tiếp tục nộp hồ sơ: {draft.procedure.title}"[:200]
    EmailMessage(subject=subject, body=body, to=[draft.email]).send()
    log.info("resume_email_sent", draft=str(draft.uuid))
