"""Drafts: start, save a step (answers and uploads), complete a step, and
the secret resume link."""

import hashlib
import secrets
from dataclasses import dataclass, field

import structlog
from django.conf import settings
from django.urls import reverse

from eforms.formdefs.schema import current_version
from eforms.submission.emails import send_resume_email
from eforms.submission.models import SubmissionDraft
from eforms.submission.services.files import missing_uploads, oversize_errors, store_step_uploads, uploads_by_field

log = structlog.get_logger(__name__)
OPEN_DRAFTS_SHOWN = 3


def start_draft(procedure):
    draft = SubmissionDraft.objects.create(
        procedure=procedure,
        form_version=current_version(procedure),
        submit_token=secrets.token_urlsafe(32),
    )
    log.info("draft_started", procedure=procedure.code, draft=str(draft.uuid))
    return draft


def open_drafts(procedure, draft_uuids):
    """The latest unsubmitted drafts of ``procedure`` among ``draft_uuids``
    (those of the citizen's session)."""
    return SubmissionDraft.objects.filter(uuid__in=draft_uuids, procedure=procedure, dossier__isnull=True).order_by(
        "-updated_at"
    )[:OPEN_DRAFTS_SHOWN]


def find_draft(procedure, draft_uuid):
    return SubmissionDraft.objects.filter(uuid=draft_uuid, procedure=procedure).select_related("form_version").first()


# --- one step ---------------------------------------------------------------


@dataclass
class StepSave:
    """What saving one step gave: whether the form validated, and the
    messages per file field (``__all__`` for the step)."""

    valid: bool
    file_errors: dict = field(default_factory=dict)


def save_step(draft, step, form, files, *, remove_ids=(), oversized=None):
    """Store what the citizen sent on one step, whatever the button: the
    answers that validated merge into the draft's, removed files go, new
    files are checked and stored. Nothing is lost when the step is invalid."""
    valid = form.is_valid()
    answers = dict(draft.data)
    answers.update(form.answers_to_store() if valid else _valid_part(form))
    file_errors = oversize_errors(step, oversized or {})
    for name, messages in store_step_uploads(draft, step, files, remove_ids, answers).items():
        file_errors.setdefault(name, []).extend(messages)
    draft.data = answers
    draft.save(update_fields=["data", "updated_at"])
    return StepSave(valid=valid, file_errors=file_errors)


def _valid_part(form):
    """Answers of the fields that validated, on an invalid form."""
    form.cleaned_data = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}
    return form.answers_to_store()


def complete_step(draft, step, saved):
    """ "Tiếp tục": the step is complete when it validated and holds every
    required upload. Returns True when completed; else ``saved.file_errors``
    says what is missing."""
    missing = missing_uploads(draft.form_version.schema, step, draft.data, uploads_by_field(draft))
    for name, message in missing.items():
        if name not in saved.file_errors:
            saved.file_errors[name] = [message]
    if not saved.valid or saved.file_errors:
        return False
    completed = set(draft.completed_steps or [])
    completed.add(step["key"])
    draft.completed_steps = sorted(completed)
    draft.save(update_fields=["completed_steps", "updated_at"])
    return True


# --- save & resume ----------------------------------------------------------


def issue_resume_token(draft, email):
    """A new secret resume link token (only its hash is stored)."""
    token = secrets.token_urlsafe(24)
    draft.resume_token_hash = _token_hash(token)
    draft.email = email
    draft.save(update_fields=["resume_token_hash", "email", "updated_at"])
    return token


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def check_resume_token(draft, token):
    if not draft.resume_token_hash or not token:
        return False
    return secrets.compare_digest(draft.resume_token_hash.encode(), _token_hash(token).encode())


def send_resume_link(draft, email):
    """E-mail a new secret link that reopens the draft from any browser."""
    token = issue_resume_token(draft, email)
    url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("eforms:resume", args=[draft.uuid, token])
    send_resume_email(draft, url)


def draft_for_resume(draft_uuid, token):
    """The draft a resume link opens, or None when the link is wrong."""
    draft = SubmissionDraft.objects.filter(uuid=draft_uuid).select_related("procedure").first()
    if draft is None or not check_resume_token(draft, token):
        return None
    return draft
