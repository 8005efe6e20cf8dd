"""The uploads of a draft: store and remove a step's files, list them by
field, and say which required ones are missing."""

import structlog
from django.utils.translation import gettext as _

from eforms.dossiers.filetypes import FILE_TYPES
from eforms.formdefs.schema import condition_met
from eforms.submission.models import DraftUpload
from eforms.submission.uploads import UploadRejected, check_upload

log = structlog.get_logger(__name__)
MB = 1024 * 1024
DEFAULT_MAX_MB = 10


def upload_limits(step):
    """``{field name: bytes}``: the upload handler's limit per file field."""
    return {f["name"]: int(f.get("max_size_mb") or DEFAULT_MAX_MB) * MB for f in step["fields"] if f["type"] == "file"}


def oversize_errors(step, oversized):
    """Messages for the files the upload handler refused as too large
    (``oversized``: ``{field name: file name}``)."""
    errors = {}
    for name, filename in oversized.items():
        field = next((f for f in step["fields"] if f.get("name") == name), None)
        mb = field.get("max_size_mb") if field else DEFAULT_MAX_MB
        errors.setdefault(name, []).append(
            _("Tệp “%(name)s” vượt quá dung lượng tối đa %(mb)s MB.") % {"name": (filename or "")[:120], "mb": mb}
        )
    return errors


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
    for spec in step["fields"]:
        if spec["type"] != "file":
            continue
        name = spec["name"]
        incoming = [f for f in files.getlist(name) if f and f.name]
        if not incoming:
            continue
        if not condition_met(spec, answers):
            continue
        if not spec.get("multiple") and len(incoming) > 1:
            errors.setdefault(name, []).append(_("Chỉ được tải lên một tệp cho giấy tờ này."))
            continue
        checked = []
        for uploaded in incoming:
            try:
                checked.append((uploaded, check_upload(uploaded, spec["allowed_types"], spec["max_size_mb"])))
            except UploadRejected as exc:
                errors.setdefault(name, []).append(exc.message)
                log.info("upload_rejected", draft=str(draft.uuid), field=name, code=exc.code)
        if name in errors:
            continue
        if not spec.get("multiple"):
            for old in draft.uploads.filter(field_name=name):
                old.file.delete(save=False)
                old.delete()
        for uploaded, info in checked:
            _store(draft, spec, uploaded, info)
    return errors


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


def missing_uploads(schema, step, answers, grouped):
    """``{field: message}`` of required uploads missing in ``step``."""
    errors = {}
    for spec in step["fields"]:
        if spec["type"] != "file" or not spec.get("required"):
            continue
        if not condition_met(spec, answers):
            continue
        if not grouped.get(spec["name"]):
            errors[spec["name"]] = _("Vui lòng tải lên “%(name)s” (thành phần hồ sơ bắt buộc).") % {
                "name": spec.get("component_name") or spec["label"]
            }
    return errors
