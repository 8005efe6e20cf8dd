"""A dossier as a ZIP: what the citizen submitted, ready for a back office.

Contents::

    ho-so.json                       code, procedure, applicant, form data, file list
    to-khai.pdf                      the submission, human-readable
    01 - Tờ khai đăng ký kết hôn.pdf attachments named by their dossier component
    bo-sung/…, ket-qua/…             supplements, results (counter scans are
                                     named by component like submissions)

Contract: ``build_dossier_zip(dossier) -> bytes`` (the e-mail hand-off
backend attaches it).
"""

import io
import json
import re
import zipfile

from django.utils import timezone

from eforms.dossiers.constants import AttachmentKind, Channel, DossierStatus
from eforms.dossiers.documents.submission import submission_pdf
from eforms.dossiers.filetypes import extension_for
from eforms.dossiers.rendering import AnswerRenderer, Mode

FOLDERS = {
    AttachmentKind.SUBMISSION: "",
    AttachmentKind.SUPPLEMENT: "bo-sung/",
    AttachmentKind.RESULT: "ket-qua/",
    AttachmentKind.COUNTER_SCAN: "",
}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_filename(name, limit=120):
    """A file name every OS accepts; Vietnamese letters kept."""
    name = _UNSAFE.sub(" ", str(name or "")).strip(" .")
    name = re.sub(r"\s+", " ", name)
    return name[:limit].rstrip(" .") or "tep"


def _extension(attachment):
    ext = extension_for(attachment.content_type)
    if not ext and "." in attachment.original_name:
        ext = attachment.original_name.rsplit(".", 1)[1].lower()
    return re.sub(r"[^a-z0-9]", "", (ext or "bin").lower())[:8] or "bin"


def _component_numbers(dossier):
    """Component id → its position in the procedure (01, 02, …)."""
    try:
        components = list(dossier.procedure.components.order_by("sort_order", "id").values_list("id", flat=True))
    except Exception:  # noqa: BLE001 - a procedure without components
        components = []
    return {pk: index for index, pk in enumerate(components, start=1)}


def attachment_names(dossier):
    """[(attachment, path in the zip)], unique names, numbered by component."""
    numbers = _component_numbers(dossier)
    next_free = max(numbers.values(), default=0) + 1
    extra_numbers = {}
    used, result = set(), []
    for attachment in dossier.attachments.all().order_by("id"):
        folder = FOLDERS.get(attachment.kind, "khac/")
        label = attachment.component_name or attachment.original_name.rsplit(".", 1)[0]
        if attachment.kind in (AttachmentKind.SUBMISSION, AttachmentKind.COUNTER_SCAN):
            number = numbers.get(attachment.component_id)
            if number is None:
                key = label
                if key not in extra_numbers:
                    extra_numbers[key] = next_free
                    next_free += 1
                number = extra_numbers[key]
            stem = f"{number:02d} - {safe_filename(label)}"
        else:
            stem = safe_filename(attachment.original_name.rsplit(".", 1)[0] if attachment.original_name else label)
        ext = _extension(attachment)
        candidate, n = f"{folder}{stem}.{ext}", 2
        while candidate in used:
            candidate = f"{folder}{stem} ({n}).{ext}"
            n += 1
        used.add(candidate)
        result.append((attachment, candidate))
    return result


def _labelled(dossier):
    """The answers as the back office reads them: label, the text every
    document shows, and the machine value."""
    return [
        {"name": row.name, "label": row.label, "value": row.text, "data": row.value}
        for row in AnswerRenderer.for_dossier(dossier, Mode.JSON).rows()
    ]


def dossier_json(dossier, names):
    return {
        "code": dossier.code,
        "uuid": str(dossier.uuid),
        "procedure": {"code": dossier.procedure_code, "name": dossier.procedure_name},
        "agency": dossier.agency.code if dossier.agency_id else None,
        "channel": {"code": dossier.channel, "label": str(Channel(dossier.channel).label)},
        "status": {"code": dossier.status, "label": str(DossierStatus(dossier.status).label)},
        "received_at": dossier.received_at.isoformat() if dossier.received_at else None,
        "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
        "applicant": dossier.applicant_record(),
        "sets_count": dossier.sets_count,
        "form_data": dossier.form_data,
        "form_data_labelled": _labelled(dossier),
        "attachments": [
            {
                "file": path,
                "kind": a.kind,
                "component": a.component_name,
                "original_name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
            }
            for a, path in names
        ],
        "exported_at": timezone.now().isoformat(),
    }


def build_dossier_zip(dossier):
    """The ZIP as bytes (see the module docstring)."""
    names = attachment_names(dossier)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ho-so.json", json.dumps(dossier_json(dossier, names), ensure_ascii=False, indent=2))
        archive.writestr("to-khai.pdf", submission_pdf(dossier))
        for attachment, path in names:
            with attachment.file.open("rb") as handle:
                archive.writestr(path, handle.read())
    return buffer.getvalue()


def zip_filename(dossier):
    return f"ho-so-{safe_filename(dossier.code)}.zip"
