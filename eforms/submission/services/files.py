"""The uploads of a draft: store and remove a step's files, list them by
field, and say which required ones are missing."""

import structlog
from django.db import transaction
from django.utils.translation import gettext as _

from eforms.dossiers.filetypes import FILE_TYPES
from eforms.formdefs.schema import condition_met
from eforms.submission.models import DraftUpload, SubmissionDraft
from eforms.submission.uploads import (
    UploadRejected,
    check_upload,
    quota_bytes_refusal,
    quota_files_refusal,
    setting,
)

log = structlog.get_logger(__name__)
MB = 1024 * 1024
DEFAULT_MAX_MB = 10


def upload_limits(step):
    """``{field name: bytes}``: the upload handler's limit per file field."""
    return {f["name"]: int(f.get("max_size_mb") or DEFAULT_MAX_MB) * MB for f in step["fields"] if f["type"] == "file"}


def oversize_errors(step, oversized):
    """Kept for ``save_step``: the files the upload handler refused while
    streaming now reach ``store_step_uploads`` as ``RefusedUpload`` objects
    and get their message there (once), so nothing is added here."""
    return {}


def draft_quota():
    """``(files, bytes)`` one draft may hold."""
    return setting("EFORMS_UPLOAD_MAX_FILES_PER_DRAFT", 40), setting("EFORMS_UPLOAD_MAX_MB_PER_DRAFT", 100) * MB


def _quota_error(draft, replaced, checked):
    """The refusal when ``checked`` (new files) would take the draft past its
    quota, ``replaced`` (ids of uploads they replace) not counted."""
    max_files, max_bytes = draft_quota()
    kept = list(draft.uploads.exclude(pk__in=replaced).values_list("size", flat=True))
    files, size = len(kept), sum(kept)
    for _uploaded, info in checked:
        files, size = files + 1, size + info.size
        name = info.original_name
        if files > max_files:
            return quota_files_refusal(name, max_files)
        if size > max_bytes:
            return quota_bytes_refusal(name, max_bytes // MB)
    return None


def store_step_uploads(draft, step, files, remove_ids, answers):
    """Apply removals and new files of one step. Returns ``{field: [messages]}``.

    Files are checked completely (type from bytes, size, zip bomb, virus
    scan) before anything is written; a rejected file leaves nothing behind.
    """
    errors = {}
    if remove_ids:
        for upload in draft.uploads.filter(uuid__in=remove_ids):
            upload.file.delete(save=False)
            upload.delete()
    with transaction.atomic():
        # one step of a draft at a time: two racing posts cannot both pass the quota
        SubmissionDraft.objects.select_for_update().filter(pk=draft.pk).first()
        for spec in step["fields"]:
            _store_field(draft, spec, files, answers, errors)
    return errors


def _store_field(draft, spec, files, answers, errors):
    if spec["type"] != "file":
        return
    name = spec["name"]
    incoming = [f for f in files.getlist(name) if f and f.name]
    if not incoming or not condition_met(spec, answers):
        return
    if not spec.get("multiple") and len(incoming) > 1:
        errors.setdefault(name, []).append(_("Chỉ được tải lên một tệp cho giấy tờ này."))
        return
    checked = []
    for uploaded in incoming:
        try:
            checked.append((uploaded, check_upload(uploaded, spec["allowed_types"], spec["max_size_mb"])))
        except UploadRejected as exc:
            errors.setdefault(name, []).append(exc.message)
            log.info("upload_rejected", draft=str(draft.uuid), field=name, code=exc.code)
    if name in errors:
        return
    replaced = [] if spec.get("multiple") else list(draft.uploads.filter(field_name=name).values_list("pk", flat=True))
    refusal = _quota_error(draft, replaced, checked)
    if refusal is not None:
        errors.setdefault(name, []).append(refusal.message)
        log.info("upload_rejected", draft=str(draft.uuid), field=name, code=refusal.code)
        return
    for old in draft.uploads.filter(pk__in=replaced):
        old.file.delete(save=False)
        old.delete()
    for uploaded, info in checked:
        _store(draft, spec, uploaded, info)


def _store(draft, spec, uploaded, info):
    upload = DraftUpload(
        draft=draft,
        field_name=spec["name"],
        component_id=spec.get("component_id"),
        original_name=info.original_name,
        content_type=info.content_type,
        size=info.size,
        sha256=info.sha256,
    )
    uploaded.seek(0)
    upload.file.save(f"upload.{FILE_TYPES[info.kind].extension}", uploaded, save=False)
    try:
        upload.save()
    except Exception:
        upload.file.delete(save=False)
        raise


def uploads_by_field(draft):
    grouped = {}
    for upload in draft.uploads.all():
        grouped.setdefault(upload.field_name, []).append(upload)
    return grouped


def missing_uploads(schema, step, answers, grouped, skip=()):
    """``{field: message}`` of required uploads missing in ``step`` (``skip``:
    fields not asked of this applicant, e.g. the identity document of a
    citizen signed in with VNeID)."""
    errors = {}
    for spec in step["fields"]:
        if spec["type"] != "file" or not spec.get("required") or spec["name"] in skip:
            continue
        if not condition_met(spec, answers):
            continue
        if not grouped.get(spec["name"]):
            errors[spec["name"]] = _("Vui lòng tải lên “%(name)s” (thành phần hồ sơ bắt buộc).") % {
                "name": spec.get("component_name") or spec["label"]
            }
    return errors
