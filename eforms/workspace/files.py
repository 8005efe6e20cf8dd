"""Uploads of officers and citizens (results, supplements, counter scans):
validated by content, stored privately, bound to the dossier."""

import hashlib
import os

import structlog
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from eforms.dossiers.filetypes import SCAN_KINDS
from eforms.dossiers.models import DossierAttachment
from eforms.submission.uploads import UploadRejected, check_upload

log = structlog.get_logger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_UPLOAD = 20


def validate_upload(uploaded):
    """Return the content type read from the bytes (the e-forms upload
    checks: size, type sniffing, executables, virus scan) or raise a
    ValidationError in Vietnamese."""
    try:
        checked = check_upload(uploaded, SCAN_KINDS, MAX_UPLOAD_BYTES // (1024 * 1024))
    except UploadRejected as error:
        raise ValidationError(error.message, code=error.code) from error
    return checked.content_type


def validate_uploads(files):
    files = list(files or [])
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise ValidationError(_("Tối đa %(n)s tệp mỗi lần tải lên.") % {"n": MAX_FILES_PER_UPLOAD})
    errors, checked = [], []
    for uploaded in files:
        try:
            checked.append((uploaded, validate_upload(uploaded)))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def clean_original_name(name):
    name = os.path.basename(name or "").replace("\x00", "").strip()
    return name[:200] or "tep"


def store_attachment(dossier, uploaded, content_type, *, kind, component=None, component_name=""):
    """Save one validated upload as a DossierAttachment."""
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    attachment = DossierAttachment(
        dossier=dossier,
        kind=kind,
        component=component,
        component_name=(component_name or (component.name if component else ""))[:500],
        original_name=clean_original_name(uploaded.name),
        content_type=content_type,
        size=uploaded.size,
        sha256=digest.hexdigest(),
    )
    attachment.file.save("upload", uploaded, save=False)
    attachment.save()
    log.info("attachment_stored", dossier=dossier.code, kind=kind, size=attachment.size)
    return attachment
