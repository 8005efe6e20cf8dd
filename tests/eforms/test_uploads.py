"""Uploads: virus-scan hook (clamd INSTREAM), private storage, stale drafts;
issue 12: content checks, safe names, the streaming handler, quotas (the
hostile corpus through every path is in ``test_hostile_uploads``)."""

import io
import os
import socket
import socketserver
import struct
import threading
import zlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eforms.submission.models import DraftUpload, SubmissionDraft
from eforms.submission.scanning import ClamdBackend, NoopBackend, get_scanner
from eforms.submission.tasks import purge_stale_drafts
from eforms.submission.uploads import UploadRejected, check_upload

from . import helpers
from .factories import PDF_BYTES


class FakeClamd(socketserver.BaseRequestHandler):
    """Speaks clamd's INSTREAM: length-prefixed chunks, zero to end."""

    def handle(self):
        command = b""
        while not command.endswith(b"\0"):
            command += self.request.recv(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while True:
            size = struct.unpack("!L", self._exactly(4))[0]
            if not size:
                break
            data += self._exactly(size)
        verdict = b"stream: Eicar-Test-Signature FOUND\0" if b"EICAR" in data else b"stream: OK\0"
        self.request.sendall(verdict)

    def _exactly(self, n):
        buf = b""
        while len(buf) < n:
            buf += self.request.recv(n - len(buf))
        return buf


@pytest.fixture
def clamd():
    server = socketserver.TCPServer(("127.0.0.1", 0), FakeClamd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address
    server.shutdown()
    server.server_close()


def test_clamd_backend_selected_by_settings(settings):
    assert isinstance(get_scanner(), NoopBackend)
    settings.CLAMD_HOST = "127.0.0.1"
    assert isinstance(get_scanner(), ClamdBackend)


def test_infected_file_is_rejected_and_clean_accepted(settings, clamd):
    settings.CLAMD_HOST, settings.CLAMD_PORT = clamd
    clean = check_upload(SimpleUploadedFile("a.pdf", PDF_BYTES), ["pdf"], 10)
    assert clean.kind == "pdf"
    infected = SimpleUploadedFile(
        "b.pdf", PDF_BYTES + b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!"
    )
    with pytest.raises(UploadRejected) as excinfo:
        check_upload(infected, ["pdf"], 10)
    assert excinfo.value.code == "infected"
    assert "có mã độc" in excinfo.value.message


def test_unreachable_scanner_fails_closed(settings):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", port
    with pytest.raises(UploadRejected) as excinfo:
        check_upload(SimpleUploadedFile("a.pdf", PDF_BYTES), ["pdf"], 10)
    assert excinfo.value.code == "scan_unavailable"


@pytest.mark.django_db
def test_files_are_private_under_random_names(client, procedure, settings):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    upload = DraftUpload.objects.first()
    with pytest.raises(ValueError):
        _ = upload.file.url  # no public URL at all
    assert str(settings.PRIVATE_STORAGE_ROOT) in upload.file.path
    assert upload.original_name not in upload.file.name
    assert client.get(settings.MEDIA_URL + upload.file.name, follow=True).status_code == 404


@pytest.mark.django_db
def test_stale_unsubmitted_drafts_are_purged_with_their_files(client, procedure):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    paths = [u.file.path for u in DraftUpload.objects.all()]
    assert all(os.path.exists(p) for p in paths)
    SubmissionDraft.objects.update(updated_at=timezone.now() - timedelta(days=31))
    assert purge_stale_drafts.delay().get() == 1 + len(paths)
    assert not SubmissionDraft.objects.exists()
    assert not any(os.path.exists(p) for p in paths)


# --- issue 12: content checks, names, the streaming handler, quotas ----------------


@pytest.mark.parametrize(
    ("name", "kind", "safe"),
    [
        ("giay-to.pdf.bat", "pdf", "giay-to.pdf"),
        ("giay-to.pdf.exe", "pdf", "giay-to.pdf"),
        ("giay-to.html", "pdf", "giay-to.pdf"),
        ("../../etc/passwd", None, "passwd"),
        ("C:\\Users\\an\\đơn.docx", "docx", "đơn.docx"),
        ("a\x00b.pdf", "pdf", "ab.pdf"),
        ("anh\u202egnp.exe", "png", "anhgnp.png"),
        ("<b onmouseover=alert(1)>x.pdf", "pdf", "_b onmouseover_alert(1)_x.pdf"),
        (".htaccess", None, "htaccess"),
        ("...", None, "tep"),
        ("", "pdf", "tep.pdf"),
        ("nul.pdf", "pdf", "_nul.pdf"),
        ("Ảnh CCCD.JPEG", "jpeg", "Ảnh CCCD.JPEG"),
        ("Tờ khai.pdf", "pdf", "Tờ khai.pdf"),
    ],
)
def test_clean_original_name(name, kind, safe):
    from eforms.dossiers.filetypes import clean_original_name

    assert clean_original_name(name, kind) == safe
    assert len(clean_original_name("x" * 1000 + ".pdf", "pdf")) <= 120


def png_header(width, height):
    from tests.fixtures.hostile.make_corpus import png

    return png(width, height, rows=zlib.compress(b"\0" * 16))


def test_pixel_limit_is_a_setting_read_from_the_header(settings):
    settings.EFORMS_UPLOAD_MAX_IMAGE_PIXELS = 4_000_000
    with pytest.raises(UploadRejected) as excinfo:
        check_upload(SimpleUploadedFile("a.png", png_header(3000, 2000)), ["png"], 10)
    assert excinfo.value.code == "image_bomb" and "tối đa 4 triệu điểm ảnh" in excinfo.value.message
    settings.EFORMS_UPLOAD_MAX_IMAGE_PIXELS = 8_000_000
    # the IDAT is far too short for 3000 × 2000: never decoded, so accepted by the header check
    assert check_upload(SimpleUploadedFile("a.png", png_header(3000, 2000)), ["png"], 10).kind == "png"


def test_real_images_and_pdfs_are_not_refused():
    from PIL import Image

    for kwargs in ({}, {"progressive": True}, {"exif": Image.Exif()}):
        buffer = io.BytesIO()
        Image.new("RGB", (640, 480), (10, 200, 90)).save(buffer, "JPEG", **kwargs)
        assert check_upload(SimpleUploadedFile("anh.jpg", buffer.getvalue()), ["jpeg"], 10).kind == "jpeg"
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 200), (10, 20, 30, 128)).save(buffer, "PNG", optimize=True)
    assert check_upload(SimpleUploadedFile("anh.png", buffer.getvalue()), ["png"], 10).kind == "png"


@pytest.mark.django_db
def test_the_portals_own_pdfs_pass():
    from eforms.dossiers.documents.receipt import render_receipt_pdf

    from .factories import DossierFactory

    pdf_bytes = render_receipt_pdf(DossierFactory(submitted=True))
    assert check_upload(SimpleUploadedFile("giay-tiep-nhan.pdf", pdf_bytes), ["pdf"], 10).kind == "pdf"


def test_pdf_object_stream_budget(monkeypatch):
    from eforms.submission import scanning
    from tests.fixtures.hostile.make_corpus import object_stream, pdf

    data = pdf(object_stream([b"<</A " + b"0" * 200_000 + b">>"]))
    assert scanning.inspect_content(data, "pdf") is None
    monkeypatch.setattr(scanning, "PDF_INFLATE_BUDGET", 10_000)
    assert scanning.inspect_content(data, "pdf").code == "pdf_unreadable"


class FakeRequest:
    META = {"REMOTE_ADDR": "198.51.100.7"}

    def __init__(self):
        self.upload_handlers = []


def stream(handler, field, name, data, chunk=64 * 1024):
    handler.new_file(field, name, "application/pdf", len(data))
    for start in range(0, len(data), chunk):
        handler.receive_data_chunk(data[start : start + chunk], start)
    return handler.file_complete(len(data))


@pytest.mark.every_stack
def test_handler_refuses_past_the_limit_and_past_the_budget(settings):
    from eforms.submission.uploads import LimitedUploadHandler, RefusedUpload, UploadBudget

    request = FakeRequest()
    handler = LimitedUploadHandler(request, default_limit=100_000, budget=UploadBudget(files=2, bytes=150_000))
    request.upload_handlers = [handler]
    too_big = stream(handler, "f", "b.pdf", b"%PDF-" + b"0" * 200_000)
    assert isinstance(too_big, RefusedUpload) and too_big.refusal.code == "too_large" and too_big.size == 0
    assert stream(handler, "f", "a.pdf", b"%PDF-" + b"0" * 90_000) is None  # passed on to Django's handlers
    over_budget = stream(handler, "f", "c.pdf", b"%PDF-" + b"0" * 70_000)
    assert over_budget.refusal.code == "quota_bytes"
    assert stream(handler, "f", "d.pdf", b"%PDF-" + b"0" * 10_000) is None
    no_more = stream(handler, "f", "e.pdf", b"%PDF-")
    assert no_more.refusal.code == "quota_files"
    with pytest.raises(UploadRejected) as excinfo:
        check_upload(no_more, ["pdf"], 10)
    assert "đủ số tệp tối đa" in excinfo.value.message and "e.pdf" in excinfo.value.message


@pytest.mark.django_db
def test_dossier_quota_counts_every_attachment(settings):
    from django.core.exceptions import ValidationError

    from eforms.workspace.files import validate_uploads

    from .factories import DossierFactory

    dossier = DossierFactory(submitted=True, with_attachment=True)
    settings.EFORMS_UPLOAD_MAX_FILES_PER_DOSSIER = dossier.attachments.count() + 1
    assert len(validate_uploads([SimpleUploadedFile("a.pdf", PDF_BYTES)], dossier=dossier)) == 1
    with pytest.raises(ValidationError) as excinfo:
        validate_uploads(
            [SimpleUploadedFile("a.pdf", PDF_BYTES), SimpleUploadedFile("b.pdf", PDF_BYTES)], dossier=dossier
        )
    assert "đủ số tệp tối đa" in excinfo.value.messages[0]
    settings.EFORMS_UPLOAD_MAX_FILES_PER_DOSSIER = 60
    settings.EFORMS_UPLOAD_MAX_MB_PER_DOSSIER = 0
    with pytest.raises(ValidationError) as excinfo:
        validate_uploads([SimpleUploadedFile("a.pdf", PDF_BYTES)], dossier=dossier)
    assert "Tổng dung lượng các tệp của hồ sơ vượt quá giới hạn 0 MB" in excinfo.value.messages[0]


@pytest.mark.django_db
def test_draft_quota_files_and_bytes(client, procedure, settings):
    from .test_bad_input import go_to_upload_step, upload_step

    draft = helpers.start(client, procedure)
    number, files = upload_step(draft)
    go_to_upload_step(client, procedure, draft)
    url = helpers.step_url(procedure, draft, number)
    first, second = files[0]["name"], files[1]["name"]
    settings.EFORMS_UPLOAD_MAX_FILES_PER_DRAFT = 1
    client.post(url, {"action": "next", first: SimpleUploadedFile("mot.pdf", PDF_BYTES)})
    response = client.post(url, {"action": "next", second: SimpleUploadedFile("hai.pdf", PDF_BYTES)})
    assert "Hồ sơ đã đủ số tệp tối đa (1 tệp); tệp “hai.pdf” không được nhận thêm." in response.content.decode()
    # a file removed in the same post makes room
    old = draft.uploads.get()
    client.post(
        url, {"action": "next", "remove_upload": str(old.uuid), first: SimpleUploadedFile("mot-moi.pdf", PDF_BYTES)}
    )
    assert list(draft.uploads.values_list("original_name", flat=True)) == ["mot-moi.pdf"]
    settings.EFORMS_UPLOAD_MAX_FILES_PER_DRAFT = 40
    settings.EFORMS_UPLOAD_MAX_MB_PER_DRAFT = 1
    big = PDF_BYTES + b"%" + b"0" * 700_000
    response = client.post(url, {"action": "next", second: SimpleUploadedFile("lon.pdf", big)})
    assert "Tổng dung lượng các tệp của hồ sơ vượt quá giới hạn 1 MB" not in response.content.decode()
    third = client.post(url, {"action": "next", first: SimpleUploadedFile("lon-nua.pdf", big)})
    assert "Tổng dung lượng các tệp của hồ sơ vượt quá giới hạn 1 MB" in third.content.decode()
    assert sorted(draft.uploads.values_list("original_name", flat=True)) == ["lon.pdf", "mot-moi.pdf"]
