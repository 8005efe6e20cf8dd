"""The generated application form as the dossier's attachment.

``attach_application_form(dossier)`` renders the form from the dossier's
answers and stores it in private storage as a ``DossierAttachment`` of the
procedure's ``generated_from_eform`` component (or, without one, named
"Tờ khai (tạo từ biểu mẫu điện tử)"), marked ``generated``, with its
SHA-256 and size like every other file. Idempotent: a dossier that already
has its generated form gets it back; the database allows one per dossier
(``dossier_one_generated_application_form``), so two racing calls still
leave one row.

A failure to render never blocks the submission it is part of: it is
logged and None returned (the dossier keeps the answers; the form can be
made again later with the same call).
"""

import hashlib

import structlog
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from eforms.dossiers.constants import AttachmentKind
from eforms.dossiers.documents.applications import application_pdf, source_for_dossier
from eforms.dossiers.models import DossierAttachment
from eforms.dossiers.serving import safe_filename

log = structlog.get_logger(__name__)

PDF = "application/pdf"


def generated_form(dossier):
    return dossier.attachments.filter(generated=True).first()


def _file_name(component_name):
    return f"{safe_filename(component_name, limit=120) or 'to-khai'}.pdf"


def attach_application_form(dossier):
    """The dossier's generated application form, made once (see the module
    docstring); None when it could not be rendered."""
    existing = generated_form(dossier)
    if existing is not None:
        return existing
    try:
        source = source_for_dossier(dossier)
        content = application_pdf(source)
    except Exception:  # a rendering bug must not lose the submission
        log.exception("application_form_failed", dossier=dossier.code)
        return None
    component = source.component
    name = source.component_name[:500]
    attachment = DossierAttachment(
        dossier=dossier,
        kind=AttachmentKind.SUBMISSION,
        component=component,
        component_name=name,
        original_name=_file_name(name)[:255],
        content_type=PDF,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        generated=True,
    )
    attachment.file.save("application-form", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            attachment.save()
    except IntegrityError:
        attachment.file.delete(save=False)
        return generated_form(dossier)
    log.info("application_form_attached", dossier=dossier.code, component=name, size=attachment.size)
    return attachment
