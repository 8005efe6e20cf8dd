"""The result files of a dossier signed with its agency's certificate when
the result is returned (status 10): each PDF result (``AttachmentKind.RESULT``)
gets the agency's PAdES signature (``portal.signing``) in place, with its
size and SHA-256 updated, so what the citizen downloads from the tracking
page is the signed file.

Idempotent (a file already carrying the portal's signature is left as it
is) and never blocking: a result that cannot be signed (no key for the
agency, a PDF pyHanko cannot read) stays unsigned and the failure is
logged; the return goes on.
"""

import hashlib

import structlog
from django.core.files.base import ContentFile
from django.db import transaction

from eforms.dossiers.constants import AttachmentKind
from eforms.dossiers.documents.base import issuing_agency
from portal.signing import identity as signers
from portal.signing.sign import has_portal_signature, signed_or_plain

log = structlog.get_logger(__name__)

PDF = "application/pdf"


def agency_signer(dossier):
    agency = issuing_agency(dossier)
    if agency is None:
        return signers.center()
    return signers.agency(agency.code, agency.title)


def _replace_file(attachment, data):
    old_name = attachment.file.name
    storage = attachment.file.storage
    attachment.file.save("upload", ContentFile(data), save=False)
    attachment.size = len(data)
    attachment.sha256 = hashlib.sha256(data).hexdigest()
    attachment.save(update_fields=["file", "size", "sha256"])
    transaction.on_commit(lambda: storage.delete(old_name))


def sign_results(dossier):
    """Sign every PDF result of ``dossier``; returns how many were signed."""
    signer = agency_signer(dossier)
    signed = 0
    for attachment in dossier.attachments.filter(kind=AttachmentKind.RESULT, content_type=PDF):
        try:
            with attachment.file.open("rb") as handle:
                data = handle.read()
        except OSError as error:
            log.error("result_sign_unreadable", dossier=dossier.code, file=str(attachment.uuid), error=str(error))
            continue
        if has_portal_signature(data):
            continue
        result = signed_or_plain(data, signer, reason="Kết quả giải quyết thủ tục hành chính", document="result")
        if result is not data:
            _replace_file(attachment, result)
            signed += 1
            log.info("result_signed", dossier=dossier.code, file=str(attachment.uuid), signer=signer.suffix)
    return signed
