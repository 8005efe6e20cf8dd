"""A dossier as a ZIP: what the citizen submitted, ready for a back office.

Contents::

    ho-so.json                       code, procedure, applicant, form data, file list
    to-khai.pdf                      the submission sheet (Tờ khai hồ sơ đã nộp), human-readable
    01 - Tờ khai đăng ký kết hôn.pdf attachments named by their dossier component; the
                                     application form generated from the e-form
                                     (``generated`` in ho-so.json) is its component's file
    bo-sung/…, ket-qua/…             supplements, results (counter scans are
                                     named by component like submissions)

Every entry is named ``<safe stem>.<extension of the detected type>``
(``eforms.dossiers.serving``): the citizen's extension never reaches the ZIP.

Memory stays bounded whatever the dossier's size: :func:`write_dossier_zip`
copies each attachment into the archive in chunks, and
:func:`dossier_zip_file` writes it to a temporary file (on disk beyond
``SPOOL_BYTES``) that the views stream with ``FileResponse``.

Contract: ``dossier_zip_file(dossier) -> file`` (rewound; close it, or let
``FileResponse`` close it); ``build_dossier_zip(dossier) -> bytes`` for small
dossiers and tests only.
"""

import json
import shutil
import tempfile
import zipfile

from django.utils import timezone

from eforms.dossiers.constants import AttachmentKind, Channel, DossierStatus
from eforms.dossiers.documents.submission import submission_pdf
from eforms.dossiers.rendering import AnswerRenderer, Mode
from eforms.dossiers.serving import extension_of, safe_filename, stem_of

FOLDERS = {
    AttachmentKind.SUBMISSION: "",
    AttachmentKind.SUPPLEMENT: "bo-sung/",
    AttachmentKind.RESULT: "ket-qua/",
    AttachmentKind.COUNTER_SCAN: "",
}
# Kept in memory up to this size, then on disk.
SPOOL_BYTES = 1024 * 1024
COPY_CHUNK = 1024 * 1024
# Already compressed: stored as is (deflating them costs CPU for nothing).
STORED_TYPES = frozenset({"image/jpeg", "image/png"})


def _component_numbers(dossier):
    """Component id → its number (STT) on the procedure's public sheet:
    grouped by case, components without a case first
    (``ProcedurePage.numbered_component_groups``), so that "03 - …" in the
    ZIP is the 3rd paper the citizen read of."""
    procedure = dossier.procedure if dossier.procedure_id else None
    if procedure is None:
        return {}
    return {component.pk: number for _case, rows in procedure.numbered_component_groups() for number, component in rows}


def attachment_names(dossier):
    """[(attachment, path in the zip)], unique names, numbered by component."""
    numbers = _component_numbers(dossier)
    next_free = max(numbers.values(), default=0) + 1
    extra_numbers = {}
    used, result = set(), []
    for attachment in dossier.attachments.all().order_by("id"):
        folder = FOLDERS.get(attachment.kind, "khac/")
        label = attachment.component_name or stem_of(attachment.original_name)
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
            stem = safe_filename(stem_of(attachment.original_name) if attachment.original_name else label)
        ext = extension_of(attachment.content_type)
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
                "generated": a.generated,
            }
            for a, path in names
        ],
        "exported_at": timezone.now().isoformat(),
    }


def _entry(path, attachment):
    info = zipfile.ZipInfo(path, date_time=timezone.localtime().timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED if attachment.content_type in STORED_TYPES else zipfile.ZIP_DEFLATED
    info.file_size = attachment.size or 0  # lets zipfile choose ZIP64 for a huge file
    return info


def write_dossier_zip(dossier, fileobj):
    """Write the ZIP (see the module docstring) into ``fileobj``; each
    attachment is copied in chunks, never read whole."""
    names = attachment_names(dossier)
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.writestr("ho-so.json", json.dumps(dossier_json(dossier, names), ensure_ascii=False, indent=2))
        archive.writestr("to-khai.pdf", submission_pdf(dossier))
        for attachment, path in names:
            with attachment.file.open("rb") as source, archive.open(_entry(path, attachment), "w") as target:
                shutil.copyfileobj(source, target, COPY_CHUNK)
    return fileobj


def dossier_zip_file(dossier):
    """The ZIP in a temporary file, rewound; closing it deletes it."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, prefix="ho-so-", suffix=".zip")
    try:
        write_dossier_zip(dossier, spool)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def zip_size(fileobj):
    """Size in bytes of a rewound temporary ZIP (position kept at 0)."""
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def build_dossier_zip(dossier):
    """The ZIP as bytes: for small dossiers and tests (the views stream
    :func:`dossier_zip_file`)."""
    with dossier_zip_file(dossier) as spool:
        return spool.read()


def zip_filename(dossier):
    return f"ho-so-{safe_filename(dossier.code)}.zip"
