"""The documents the portal issues carry its signatures: the receipt
(Mẫu 01) and the other official forms the center's, a result the agency's
at return (status 10); the citizen downloads the signed files, their text
stays extractable, and without a key they are served unsigned (logged),
never a 500."""

import os

import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from eforms.dossiers.constants import AttachmentKind
from eforms.dossiers.documents.control import control_pdf
from eforms.dossiers.documents.receipt import render_receipt_pdf
from eforms.dossiers.documents.results import sign_results
from eforms.workspace import services
from portal.signing import sandbox
from portal.signing.verify import verify_pdf

from ...eforms.workspace.conftest import _mail_locmem, dossier, officer, procedure, stp  # noqa: F401
from .conftest import plain_pdf

pytestmark = pytest.mark.django_db


def first_page(data, png=None):
    document = pdfium.PdfDocument(data)
    document.init_forms()  # the signature's visible note is a form widget
    page = document[0]
    if png:
        page.render(scale=2, may_draw_forms=True).to_pil().save(png)
    return page.get_textpage().get_text_range()


def shots(tmp_path):
    return os.environ.get("PORTAL_SCREENSHOT_DIR", str(tmp_path))


def test_the_receipt_is_signed_by_the_center_and_stays_readable(dossier, settings, tmp_path):  # noqa: F811
    pdf = render_receipt_pdf(dossier)
    report = verify_pdf(pdf)
    assert report.ok, report.signatures
    assert report.signatures[0].signer_name == settings.PORTAL_CENTER_NAME
    text = first_page(pdf, os.path.join(shots(tmp_path), "signed-receipt.png"))
    assert "GIẤY TIẾP NHẬN HỒ SƠ" in text.upper() and dossier.code in text


def test_the_control_sheet_is_signed_too(dossier, settings):  # noqa: F811
    assert verify_pdf(control_pdf(dossier)).ok


def test_the_citizen_downloads_a_signed_receipt(client, dossier):  # noqa: F811
    url = reverse("eforms:receipt", kwargs={"dossier_uuid": dossier.uuid, "secret": dossier.lookup_secret})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert verify_pdf(response.content).ok


def test_the_confirmation_page_points_to_the_verification_page(client, dossier):  # noqa: F811
    url = reverse("eforms:confirmation", args=[dossier.uuid, dossier.lookup_secret])
    body = client.get(url).content.decode()
    assert "mang chữ ký số của Trung tâm" in body and 'href="/xac-thuc-van-ban/"' in body
    body = client.get(url + "?lang=en").content.decode()
    assert "carries the Center's digital signature" in body


def test_without_a_key_the_receipt_is_served_unsigned(client, dossier, settings, caplog):  # noqa: F811
    settings.DOCUMENT_SIGNING_BACKEND = "pkcs12"  # and no SIGNING_PKCS12_PATH
    url = reverse("eforms:receipt", kwargs={"dossier_uuid": dossier.uuid, "secret": dossier.lookup_secret})
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert not verify_pdf(response.content).signed
    assert dossier.code in first_page(response.content)
    assert "signing_unavailable" in caplog.text


def returned_with(dossier, officer, files, capture):  # noqa: F811
    with capture(execute=True):
        services.accept(dossier, officer)
        services.approve(dossier, officer, "Đủ điều kiện")
        services.upload_result(dossier, officer, files)
        services.mark_returned(dossier, officer, "online")
    dossier.refresh_from_db()
    return dossier


def test_a_result_is_signed_by_its_agency_at_return(
    client,
    dossier,  # noqa: F811
    officer,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    original = plain_pdf("Phiếu lý lịch tư pháp số 01/2026")
    upload = SimpleUploadedFile("ket-qua.pdf", original, content_type="application/pdf")
    returned_with(dossier, officer, [upload], django_capture_on_commit_callbacks)
    result = dossier.attachments.get(kind=AttachmentKind.RESULT)
    with result.file.open("rb") as handle:
        stored = handle.read()
    assert len(stored) == result.size != len(original)
    report = verify_pdf(stored)
    assert report.ok and report.signatures[0].signer_name == "Sở Tư pháp"
    assert "Phiếu lý lịch tư pháp số 01/2026" in first_page(stored)
    # the citizen's download from the tracking page is that signed file
    url = reverse(
        "eforms:result_download",
        kwargs={"dossier_uuid": dossier.uuid, "secret": dossier.lookup_secret, "file_uuid": result.uuid},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    page = client.get(reverse("eforms:track"), {"ma": dossier.code, "mtc": dossier.lookup_secret})
    assert "mang chữ ký số của cơ quan giải quyết" in page.content.decode()
    # idempotent: a second pass signs nothing and keeps the file
    assert sign_results(dossier) == 0
    result.refresh_from_db()
    assert result.size == len(stored)


def test_a_result_that_cannot_be_signed_is_returned_unsigned(
    dossier,  # noqa: F811
    officer,  # noqa: F811
    django_capture_on_commit_callbacks,
    caplog,
):
    broken = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n"
    upload = SimpleUploadedFile("ket-qua.pdf", broken, content_type="application/pdf")
    returned_with(dossier, officer, [upload], django_capture_on_commit_callbacks)
    assert dossier.status == 10
    result = dossier.attachments.get(kind=AttachmentKind.RESULT)
    with result.file.open("rb") as handle:
        assert handle.read() == broken
    assert "signing_failed" in caplog.text


def test_the_demo_command_issues_the_sandbox_ca_once(stp, settings, tmp_path):  # noqa: F811
    settings.DOCUMENT_SIGNING_SANDBOX_DIR = str(tmp_path / "ca")
    call_command("setup_signing_sandbox")
    names = sorted(p.name for p in (tmp_path / "ca").iterdir() if not p.name.startswith("."))
    assert names == sorted(f"{n}.{e}" for n in ("root", "tsa", "center", "agency-stp") for e in ("pem", "key"))
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "ca").iterdir()}
    call_command("setup_signing_sandbox")
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "ca").iterdir()} == before
    assert sandbox.root().cert_path == tmp_path / "ca" / "root.pem"
