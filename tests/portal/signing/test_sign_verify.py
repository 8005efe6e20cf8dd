"""Signing and verifying PDFs (``portal.signing``): the sandbox CA, PAdES
with a time stamp, integrity, trust, the PKCS#12 and PKCS#11 paths, and
documents served unsigned (logged) when no key is configured."""

import datetime as dt
from io import BytesIO

import pypdfium2 as pdfium
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import load_pem_x509_certificate
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from portal.signing import identity, sandbox
from portal.signing.checks import check_signing
from portal.signing.sign import has_portal_signature, sign_pdf, signed_or_plain
from portal.signing.verify import UnreadablePdf, verify_pdf

from .conftest import TEXT, flip_byte_in_content, plain_pdf


def page_text(data):
    return pdfium.PdfDocument(data)[0].get_textpage().get_text_range()


def test_sign_then_verify_names_the_center_and_keeps_the_text(signed_pdf, settings):
    report = verify_pdf(signed_pdf)
    assert report.ok and len(report.signatures) == 1
    sig = report.signatures[0]
    assert sig.signer_name == settings.PORTAL_CENTER_NAME == "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng"
    assert sig.organisation == settings.PORTAL_CENTER_NAME
    assert sig.intact and sig.unchanged_after and sig.trusted
    assert sig.timestamped  # PAdES-B-T: the sandbox TSA's RFC 3161 token
    assert abs(sig.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert sig.valid_from < dt.datetime.now(dt.UTC) < sig.valid_until
    assert "thử nghiệm" in sig.issuer_name
    # an incremental update: the page text is unchanged and extractable
    assert TEXT in page_text(signed_pdf).replace("\r\n", " ").replace("\n", " ")
    assert signed_pdf.startswith(plain_pdf()[:8]) and has_portal_signature(signed_pdf)


def test_a_flipped_byte_breaks_integrity(signed_pdf):
    report = verify_pdf(flip_byte_in_content(signed_pdf))
    assert report.signed and not report.ok
    assert report.signatures[0].modified and not report.signatures[0].intact
    assert report.signatures[0].trusted  # the certificate itself is still the center's


def test_an_update_appended_after_signing_is_a_modification(signed_pdf):
    writer = IncrementalPdfFileWriter(BytesIO(signed_pdf), strict=False)
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    sig = verify_pdf(out.getvalue()).signatures[0]
    assert sig.intact and not sig.unchanged_after and sig.modified


def test_a_signature_of_another_ca_is_not_trusted(settings, tmp_path, unsigned_pdf):
    settings.DOCUMENT_SIGNING_SANDBOX_DIR = str(tmp_path / "ca-la")
    foreign = sign_pdf(unsigned_pdf, identity.center())
    settings.DOCUMENT_SIGNING_SANDBOX_DIR = None  # the portal's own sandbox root again
    sig = verify_pdf(foreign).signatures[0]
    assert sig.intact and sig.unchanged_after and not sig.trusted and not sig.ok


def test_unsigned_and_unreadable_pdfs(unsigned_pdf):
    assert not verify_pdf(unsigned_pdf).signed
    with pytest.raises(UnreadablePdf):
        verify_pdf(b"%PDF-1.7\n\x00\x00 not a pdf at all <script>alert(1)</script>")


def test_each_agency_gets_its_own_certificate(settings, unsigned_pdf):
    signer = identity.agency("xa-lac-duong", "UBND xã Lạc Dương")
    sig = verify_pdf(sign_pdf(unsigned_pdf, signer)).signatures[0]
    assert sig.signer_name == "UBND xã Lạc Dương" and sig.trusted
    assert (sandbox.root().cert_path.parent / "agency-xa_lac_duong.pem").exists()
    key = sandbox.root().cert_path.parent / "agency-xa_lac_duong.key"
    assert oct(key.stat().st_mode & 0o777) == "0o600"


def test_signing_twice_is_skipped_by_the_check(signed_pdf):
    assert has_portal_signature(signed_pdf) and not has_portal_signature(plain_pdf())


def test_no_key_serves_the_document_unsigned_and_logs(settings, unsigned_pdf, caplog):
    settings.DOCUMENT_SIGNING_BACKEND = "none"
    assert signed_or_plain(unsigned_pdf, identity.center(), document="Mẫu 01") is unsigned_pdf
    assert "signing_unavailable" in caplog.text
    settings.DOCUMENT_SIGNING_BACKEND = "pkcs12"  # no SIGNING_PKCS12_PATH
    assert signed_or_plain(unsigned_pdf, identity.center()) is unsigned_pdf
    settings.DOCUMENT_SIGNING_BACKEND = "pkcs11"  # no module configured (or python-pkcs11 missing)
    assert signed_or_plain(unsigned_pdf, identity.center()) is unsigned_pdf


def test_a_broken_pdf_is_served_as_it_is(settings, caplog):
    settings.DOCUMENT_SIGNING_BACKEND = "sandbox"
    broken = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
    assert signed_or_plain(broken, identity.center(), document="x") is broken
    assert "signing_failed" in caplog.text


def _p12(tmp_path, password):
    issued = sandbox.issued_for("center", "Trung tâm", "Trung tâm")
    key = serialization.load_pem_private_key(issued.key_path.read_bytes(), password=None)
    cert = load_pem_x509_certificate(issued.cert_path.read_bytes())
    root = load_pem_x509_certificate(sandbox.root().cert_path.read_bytes())
    data = pkcs12.serialize_key_and_certificates(
        b"center", key, cert, [root], serialization.BestAvailableEncryption(password.encode())
    )
    path = tmp_path / "center.p12"
    path.write_bytes(data)
    return path


def test_pkcs12_backend_signs_with_the_configured_file(settings, tmp_path, monkeypatch, unsigned_pdf):
    path = _p12(tmp_path, "Mật-khẩu-2026")
    settings.DOCUMENT_SIGNING_BACKEND = "pkcs12"
    settings.DOCUMENT_SIGNING_TRUST_ROOTS = [str(sandbox.root().cert_path)]
    monkeypatch.setenv("SIGNING_PKCS12_PATH_CENTER", str(path))
    monkeypatch.setenv("SIGNING_PKCS12_PASSWORD_CENTER", "Mật-khẩu-2026")
    signed = signed_or_plain(unsigned_pdf, identity.center())
    sig = verify_pdf(signed).signatures[0]
    assert sig.ok and not sig.timestamped  # no SIGNING_TSA_URL: PAdES-B-B
    # the wrong password: unsigned, never an exception
    monkeypatch.setenv("SIGNING_PKCS12_PASSWORD_CENTER", "sai")
    assert signed_or_plain(unsigned_pdf, identity.center()) is unsigned_pdf
    # an agency never borrows the center's file
    assert signed_or_plain(unsigned_pdf, identity.agency("stp", "Sở Tư pháp")) is unsigned_pdf


def test_production_trusts_only_configured_roots(settings, signed_pdf):
    settings.DOCUMENT_SIGNING_BACKEND = "pkcs12"
    settings.DOCUMENT_SIGNING_TRUST_ROOTS = []
    assert not verify_pdf(signed_pdf).signatures[0].trusted


def test_system_checks_catch_a_broken_configuration(settings, monkeypatch, tmp_path):
    settings.DOCUMENT_SIGNING_BACKEND = "sandbox"
    assert check_signing() == []
    settings.DOCUMENT_SIGNING_BACKEND = "hsm"
    assert [e.id for e in check_signing()] == ["signing.E001"]
    settings.DOCUMENT_SIGNING_BACKEND = "pkcs12"
    monkeypatch.delenv("SIGNING_PKCS12_PATH", raising=False)
    assert [e.id for e in check_signing()] == ["signing.E002"]
    settings.DOCUMENT_SIGNING_BACKEND = "pkcs11"
    monkeypatch.delenv("SIGNING_PKCS11_MODULE", raising=False)
    assert [e.id for e in check_signing()] == ["signing.E003"]
    settings.DOCUMENT_SIGNING_BACKEND = "none"
    bad = tmp_path / "root.pem"
    bad.write_bytes(b"-----BEGIN CERTIFICATE-----\n<script>\n-----END CERTIFICATE-----\n")
    settings.DOCUMENT_SIGNING_TRUST_ROOTS = [str(bad), str(tmp_path / "missing.pem")]
    assert [e.id for e in check_signing()] == ["signing.E004", "signing.E004"]
