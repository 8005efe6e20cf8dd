"""Check every signature of an uploaded PDF: who signed (name and
organisation of the certificate), when (the time stamp's time when there
is one, else the time the signer's software claims), whether the bytes it
covers are unchanged and nothing but signatures or validation data was
added after it (integrity), whether the certificate chains to a trusted
root (``trust``) and its validity period. Nothing is fetched from the
network (no OCSP/CRL here: revocation is soft-fail)."""

import io
from dataclasses import dataclass, field
from datetime import datetime

import structlog
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from portal.signing.sign import outside_event_loop
from portal.signing.trust import trust_roots

log = structlog.get_logger(__name__)

# what may follow a signature without it counting as a change of the document
HARMLESS = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)


class UnreadablePdf(Exception):
    """Not a PDF we can read (broken structure, encrypted)."""


@dataclass
class SignatureReport:
    field_name: str
    signer_name: str = ""
    organisation: str = ""
    issuer_name: str = ""
    signed_at: datetime | None = None
    timestamped: bool = False
    intact: bool = False  # the signed bytes are unchanged and the signature matches them
    unchanged_after: bool = False  # nothing but signatures / validation data was added later
    trusted: bool = False  # the certificate chains to a trusted root
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    broken: bool = False  # the signature itself could not be read

    @property
    def ok(self):
        return self.intact and self.unchanged_after and self.trusted and not self.broken

    @property
    def modified(self):
        return self.broken or not (self.intact and self.unchanged_after)


@dataclass
class VerificationReport:
    signatures: list = field(default_factory=list)

    @property
    def signed(self):
        return bool(self.signatures)

    @property
    def ok(self):
        return self.signed and all(s.ok for s in self.signatures)


def _name_part(name, key):
    value = name.native.get(key)
    if isinstance(value, list):
        value = ", ".join(value)
    return value or ""


def _context(roots):
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def _unchanged_after(status):
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return False
    return status.modification_level in HARMLESS


def _report(embedded, roots):
    report = SignatureReport(field_name=embedded.field_name or "")
    cert = embedded.signer_cert
    report.signer_name = _name_part(cert.subject, "common_name")
    report.organisation = _name_part(cert.subject, "organization_name")
    report.issuer_name = _name_part(cert.issuer, "common_name")
    report.valid_from = cert["tbs_certificate"]["validity"]["not_before"].native
    report.valid_until = cert["tbs_certificate"]["validity"]["not_after"].native
    status = outside_event_loop(validate_pdf_signature, embedded, signer_validation_context=_context(roots))
    report.intact = bool(status.intact and status.valid)
    report.unchanged_after = _unchanged_after(status)
    # the chain is judged apart from integrity: a changed document keeps its trusted signer
    report.trusted = status.trust_problem_indic is None and status.validation_path is not None
    if status.timestamp_validity is not None and status.timestamp_validity.intact:
        report.signed_at, report.timestamped = status.timestamp_validity.timestamp, True
    else:
        report.signed_at = status.signer_reported_dt
    return report


def verify_pdf(data):
    """A ``VerificationReport`` of ``data``; ``UnreadablePdf`` when it cannot
    be parsed at all."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            raise UnreadablePdf("encrypted")
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as error:
        raise UnreadablePdf(str(error)) from error
    roots = trust_roots() if embedded else []
    report = VerificationReport()
    for signature in embedded:
        try:
            report.signatures.append(_report(signature, roots))
        except Exception as error:  # noqa: BLE001 - a mangled signature is reported, not a 500
            log.info("signature_unreadable", field=signature.field_name, error=repr(error))
            report.signatures.append(SignatureReport(field_name=signature.field_name or "", broken=True))
    return report
