"""Reuse of a document uploaded in an earlier dossier of the citizen (the
national "kho dữ liệu" idea): the same component, a copy of the file into
the draft, its name saying which dossier it came from (so the officer sees
the origin on the dossier), and a ``ReusedDocument`` row."""

import os

import structlog
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from eforms.citizens.models import CitizenDossier, ReusedDocument
from eforms.dossiers.constants import AttachmentKind
from eforms.dossiers.models import DossierAttachment
from eforms.formdefs.schema import iter_fields
from eforms.submission.models import DraftUpload

log = structlog.get_logger(__name__)
SHOWN = 5


def _key(name):
    return " ".join(str(name or "").lower().split())


def reusable(citizen, draft, skip=()):
    """``{field name: [attachments]}``: the citizen's earlier files of the same
    component, newest first, of a type the field accepts."""
    dossier_ids = CitizenDossier.objects.filter(citizen=citizen).values("dossier_id")
    attachments = list(
        DossierAttachment.objects.filter(dossier_id__in=dossier_ids, kind=AttachmentKind.SUBMISSION, generated=False)
        .select_related("dossier")
        .order_by("-uploaded_at")[:200]
    )
    found = {}
    for _step, spec in iter_fields(draft.form_version.schema, types={"file"}):
        if spec["name"] in skip:
            continue
        wanted = _key(spec.get("component_name") or spec["label"])
        allowed = {t.lower() for t in spec.get("allowed_types") or ()}
        matches = [
            a
            for a in attachments
            if _key(a.component_name) == wanted and os.path.splitext(a.original_name)[1].lstrip(".").lower() in allowed
        ]
        if matches:
            found[spec["name"]] = matches[:SHOWN]
    return found


def reuse(citizen, draft, field_name, attachment_uuid, skip=()):
    """Copy one of the citizen's earlier files into the draft's field.
    Returns an error message or None."""
    choices = reusable(citizen, draft, skip).get(field_name, [])
    source = next((a for a in choices if str(a.uuid) == str(attachment_uuid)), None)
    if source is None:
        log.warning("citizen_reuse_refused", citizen=str(citizen.uuid), draft=str(draft.uuid), field=field_name[:60])
        return _("Không dùng lại được giấy tờ này. Vui lòng tải tệp lên.")
    spec = next(s for _step, s in iter_fields(draft.form_version.schema, types={"file"}) if s["name"] == field_name)
    with source.file.open("rb") as handle:
        content = handle.read()
    # stored with the dossier (the officer's language, whatever the citizen's page language)
    name = f"[Từ hồ sơ {source.dossier.code}] {source.original_name}"
    with transaction.atomic():
        if not spec.get("multiple"):
            for old in draft.uploads.filter(field_name=field_name):
                old.file.delete(save=False)
                old.delete()
        upload = DraftUpload(
            draft=draft,
            field_name=field_name,
            component_id=source.component_id,
            original_name=name[:255],
            content_type=source.content_type,
            size=source.size,
            sha256=source.sha256,
        )
        upload.file.save(source.original_name, ContentFile(content), save=False)
        upload.save()
        ReusedDocument.objects.create(
            upload_uuid=upload.uuid, citizen=citizen, source=source, source_dossier_code=source.dossier.code
        )
    log.info("citizen_document_reused", draft=str(draft.uuid), field=field_name, source=source.dossier.code)
    return None
