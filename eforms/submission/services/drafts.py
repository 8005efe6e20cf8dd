"""Drafts: start, save a step (answers and uploads), complete a step (the
secret resume link is ``resume``)."""

import secrets
from dataclasses import dataclass, field

import structlog

from eforms.formdefs.schema import current_version
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


def complete_step(draft, step, saved, skip=()):
    """ "Tiếp tục": the step is complete when it validated and holds every
    required upload. Returns True when completed; else ``saved.file_errors``
    says what is missing."""
    missing = missing_uploads(draft.form_version.schema, step, draft.data, uploads_by_field(draft), skip=skip)
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
