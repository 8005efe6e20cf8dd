"""Uploads: virus-scan hook (clamd INSTREAM), private storage, stale drafts."""

import os
import socket
import socketserver
import struct
import threading
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
