"""Uploads of officers and citizens (results, supplements, counter scans):
validated by content, stored privately, bound to the dossier.

The views install the streaming limits with ``limit_uploads`` (from
``eforms.submission.uploads``): ``supplement_budget`` gives a supplement
link's dossier what it may still take (``EFORMS_UPLOAD_MAX_FILES_PER_DOSSIER``
and ``EFORMS_UPLOAD_MAX_MB_PER_DOSSIER``, the e-form's files included)."""

import hashlib

import structlog
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from eforms.dossiers.filetypes import BY_CONTENT_TYPE, SCAN_KINDS, clean_original_name
from eforms.dossiers.models import DossierAttachment, SupplementRequest
from eforms.submission.uploads import (
    UploadBudget,
    UploadRejected,
    check_upload,
    dossier_budget,
    max_files_per_request,
    quota_bytes_refusal,
    quota_files_refusal,
    setting,
)

log = structlog.get_logger(__name__)

__all__ = [
    "clean_original_name",
    "new_dossier_budget",
    "store_attachment",
    "supplement_budget",
    "validate_upload",
    "validate_uploads",
]


def max_upload_mb():
    return setting("EFORMS_UPLOAD_MAX_MB_PER_FILE", 10)


def supplement_budget(request, uuid, token=None):
    """The ``UploadBudget`` of the dossier a supplement link names; none at
    all for an unknown link (its files are dropped while streaming)."""
    dossier_id = SupplementRequest.objects.filter(uuid=uuid).values_list("dossier_id", flat=True).first()
    if dossier_id is None:
        return UploadBudget(files=0, bytes=0)
    return dossier_budget(DossierAttachment.objects.filter(dossier_id=dossier_id))


def new_dossier_budget(request, *args, **kwargs):
    """The ``UploadBudget`` of a dossier entered at the counter (no files yet)."""
    return dossier_budget(DossierAttachment.objects.none())


def validate_upload(uploaded):
    """Return the content type read from the bytes (the e-forms upload
    checks: size, type sniffing, executables, content, virus scan) or raise
    a ValidationError in Vietnamese."""
    try:
        checked = check_upload(uploaded, SCAN_KINDS, max_upload_mb())
    except UploadRejected as error:
        raise ValidationError(error.message, code=error.code) from error
    return checked.content_type


def validate_uploads(files, *, dossier=None):
    """``[(file, content type)]`` of valid files, or a ValidationError with
    every message. With ``dossier``, the files must also fit what the
    dossier may still take (its quota, supplements included)."""
    files = list(files or [])
    limit = max_files_per_request()
    if len(files) > limit:
        raise ValidationError(_("Tối đa %(n)s tệp mỗi lần tải lên.") % {"n": limit})
    errors, checked = [], []
    for uploaded in files:
        try:
            checked.append((uploaded, validate_upload(uploaded)))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    if dossier is not None:
        refusal = budget_refusal(dossier_budget(dossier.attachments.all()), [uploaded for uploaded, _t in checked])
        if refusal is not None:
            raise ValidationError(refusal.message, code=refusal.code)
    return checked


def budget_refusal(budget, files):
    """The refusal of the first of ``files`` that does not fit ``budget``."""
    for uploaded in files:
        budget.files -= 1
        budget.bytes -= uploaded.size or 0
        name = clean_original_name(uploaded.name)
        if budget.files < 0:
            return quota_files_refusal(name, setting("EFORMS_UPLOAD_MAX_FILES_PER_DOSSIER", 60))
        if budget.bytes < 0:
            return quota_bytes_refusal(name, setting("EFORMS_UPLOAD_MAX_MB_PER_DOSSIER", 150))
    return None


def store_attachment(dossier, uploaded, content_type, *, kind, component=None, component_name=""):
    """Save one validated upload as a DossierAttachment."""
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    file_type = BY_CONTENT_TYPE.get(content_type)
    attachment = DossierAttachment(
        dossier=dossier,
        kind=kind,
        component=component,
        component_name=(component_name or (component.name if component else ""))[:500],
        original_name=clean_original_name(uploaded.name, file_type.kind if file_type else None),
        content_type=content_type,
        size=uploaded.size,
        sha256=digest.hexdigest(),
    )
    attachment.file.save("upload", uploaded, save=False)
    attachment.save()
    log.info("attachment_stored", dossier=dossier.code, kind=kind, size=attachment.size)
    return attachment
