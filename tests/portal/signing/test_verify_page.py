"""The public verification page /xac-thuc-van-ban/: what a citizen reads
for a good, tampered, untrusted or unsigned PDF, and clear errors (never a
500) for a non-PDF, an empty or oversized file, a missing file, hostile
bytes; English with ?lang=en; rate-limited; nothing kept."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.signing import identity
from portal.signing.sign import sign_pdf

from .conftest import flip_byte_in_content

pytestmark = pytest.mark.django_db
URL = "/xac-thuc-van-ban/"


def post(client, data, name="van-ban.pdf", url=URL, content_type="application/pdf"):
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type=content_type)})


def text(response):
    return response.content.decode()


def files_under(root):
    return sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_the_url_and_the_empty_page(client):
    assert reverse("signing:verify") == URL
    response = client.get(URL)
    assert response.status_code == 200
    body = text(response)
    assert "Xác thực văn bản có chữ ký số" in body and 'enctype="multipart/form-data"' in body
    assert "thử nghiệm (sandbox)" in body  # the sandbox says so on screen
    assert "no-store" in response["Cache-Control"]


def test_a_signed_pdf_is_reported_valid_with_signer_and_time(client, signed_pdf, settings):
    response = post(client, signed_pdf)
    assert response.status_code == 200
    body = text(response)
    assert "Chữ ký số hợp lệ." in body
    assert settings.PORTAL_CENTER_NAME in body
    assert "Văn bản không bị thay đổi sau khi ký" in body and "Được tin cậy" in body
    assert "có dấu thời gian" in body and "Thời hạn chứng thư" in body


def test_a_tampered_pdf_says_it_was_changed(client, signed_pdf):
    response = post(client, flip_byte_in_content(signed_pdf))
    assert response.status_code == 200
    body = text(response)
    assert "Chữ ký số không hợp lệ." in body and "đã bị thay đổi" in body
    assert "Chữ ký số hợp lệ." not in body


def test_another_ca_is_not_trusted(client, settings, tmp_path, unsigned_pdf):
    settings.DOCUMENT_SIGNING_SANDBOX_DIR = str(tmp_path / "ca-la")
    foreign = sign_pdf(unsigned_pdf, identity.center())
    settings.DOCUMENT_SIGNING_SANDBOX_DIR = None
    body = text(post(client, foreign))
    assert "không được tin cậy" in body and "Văn bản không bị thay đổi sau khi ký" in body


def test_an_unsigned_pdf(client, unsigned_pdf):
    response = post(client, unsigned_pdf)
    assert response.status_code == 200 and "Văn bản không có chữ ký số." in text(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "không phải là tệp PDF"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "không phải là tệp PDF"),
        (b"\x00" * 2048, "không phải là tệp PDF"),
        (b"", "rỗng"),
        (b"%PDF-1.7\n\x00<script>alert(1)</script>\n%%EOF", "Không đọc được tệp PDF"),
    ],
)
def test_bad_files_get_a_clear_message(client, data, message):
    response = post(client, data, name='"><script>alert(1)</script>\x00.pdf')
    assert response.status_code == 400, response.status_code
    body = text(response)
    assert message in body and "<script>alert(1)" not in body


def test_missing_file(client):
    response = client.post(URL, {})
    assert response.status_code == 400 and "Vui lòng chọn tệp PDF cần xác thực." in text(response)


def test_a_30_mb_file_is_refused_while_streaming(client, signed_pdf):
    big = signed_pdf + b"%" + b"0" * (30 * 1024 * 1024)
    response = post(client, big)
    assert response.status_code == 413
    assert "Tệp quá lớn: tối đa 20 MB" in text(response)


def test_english(client, signed_pdf):
    body = text(post(client, signed_pdf, url=URL + "?lang=en"))
    assert "The digital signature is valid." in body and "Trusted" in body
    body = text(post(client, b"GIF89a", url=URL + "?lang=en"))
    assert "This file is not a PDF" in body
    body = text(post(client, flip_byte_in_content(signed_pdf), url=URL + "?lang=en"))
    assert "The document was changed after it was signed" in body


def test_rate_limited(client, settings, unsigned_pdf):
    settings.RATE_LIMITS = {"verify_signature": (2, 600)}
    assert post(client, unsigned_pdf).status_code == 200
    assert post(client, unsigned_pdf).status_code == 200
    response = post(client, unsigned_pdf)
    assert response.status_code == 429 and "nhiều văn bản trong thời gian ngắn" in text(response)


def test_nothing_is_kept(client, settings, signed_pdf, tmp_path):
    roots = [settings.MEDIA_ROOT, settings.PRIVATE_STORAGE_ROOT]
    before = [files_under(root) for root in roots]
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # force a temporary file on disk
    assert post(client, signed_pdf).status_code == 200
    assert [files_under(root) for root in roots] == before
    assert os.listdir(tmp_path) == []


def test_get_with_odd_methods(client):
    assert client.put(URL).status_code == 405
