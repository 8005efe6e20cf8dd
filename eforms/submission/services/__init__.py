"""The rules of the citizen's side, one module per concern: ``drafts``
(start, save a step), ``resume`` (the secret resume link), ``files`` (a draft's uploads),
``submit`` (final validation, draft → dossier), ``receipts`` (when the
receipt e-mail goes), ``lookup`` (a dossier from its code or link)."""

from .drafts import StepSave, complete_step, find_draft, open_drafts, save_step, start_draft
from .files import missing_uploads, store_step_uploads, upload_limits, uploads_by_field
from .lookup import dossier_by_link, find_dossier, public_history
from .receipts import queue_receipt_email, receipt_on_payment
from .resume import check_resume_token, draft_for_resume, issue_resume_token, resend_resume_links, send_resume_link
from .submit import (
    SubmissionError,
    SubmitResult,
    needs_online_payment,
    receiving_unit_code,
    submit_draft,
    validate_draft,
)

__all__ = [
    "StepSave",
    "SubmissionError",
    "SubmitResult",
    "check_resume_token",
    "complete_step",
    "dossier_by_link",
    "draft_for_resume",
    "find_draft",
    "find_dossier",
    "issue_resume_token",
    "missing_uploads",
    "needs_online_payment",
    "open_drafts",
    "public_history",
    "queue_receipt_email",
    "receipt_on_payment",
    "receiving_unit_code",
    "resend_resume_links",
    "save_step",
    "send_resume_link",
    "start_draft",
    "store_step_uploads",
    "submit_draft",
    "upload_limits",
    "uploads_by_field",
    "validate_draft",
]
