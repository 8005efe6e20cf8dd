"""Downloads under attack: a citizen's hostile file name never reaches the
officer's PC (officer download, hand-off link, dossier ZIP); served files
are attachments, never sniffed, sandboxed; the ZIP of the biggest dossier
the upload quotas allow streams in bounded memory; the audit trail keeps the
trusted client address, the exported codes and every hand-off link use."""

import gc
import hashlib
import io
import os
import threading
import time
import zipfile

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.urls import reverse

from eforms.dossiers.documents.archive import attachment_names, build_dossier_zip
from eforms.dossiers.models import AuditAction, AuditEvent, DossierAttachment
from eforms.dossiers.serving import download_name, safe_filename, stem_of
from eforms.handoff.models import HandOff
from eforms.handoff.payload import attachment_token, zip_token

from .factories import PDF_BYTES, DossierFactory, OfficerFactory, ProcedurePageFactory, login

pytestmark = pytest.mark.django_db

DOWNLOAD_CSP = "sandbox; default-src 'none'"
HOSTILE_NAMES = [
    "giay-to.pdf.bat",
    "giay-to.hta",
    "giay-to.html",
    "giay-to.pdf.exe",
    "giay-to.PDF.EXE",
    "giay-to.pdf.js",
    "giay-to.svg",
    "giay-to",
]


@pytest.fixture
def procedure(db):
    return ProcedurePageFactory(components=("Giấy tờ",))


@pytest.fixture
def dossier(procedure):
    return DossierFactory(procedure=procedure, submitted=True, handed_off=True)


@pytest.fixture
def officer_client(client, dossier):
    return login(client, OfficerFactory(agency=dossier.agency))


def attach(dossier, original_name, content=PDF_BYTES, content_type="application/pdf", component_name=""):
    att = DossierAttachment(
        dossier=dossier,
        component_name=component_name,
        original_name=original_name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    att.file.save("x", ContentFile(content), save=False)
    att.save()
    return att


def disposition_name(response):
    header = response["Content-Disposition"]
    assert header.startswith("attachment;"), header
    if "filename*=" in header:
        from urllib.parse import unquote

        return unquote(header.split("filename*=utf-8''", 1)[1])
    return header.split('filename="', 1)[1].rstrip('"')


def assert_safe_download(response, expected_name):
    assert response.status_code == 200
    assert disposition_name(response) == expected_name
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == DOWNLOAD_CSP
    assert "no-store" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


# --- names ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("giay-to.pdf.bat", "application/pdf", "giay-to.pdf"),
        ("giay-to.hta", "application/pdf", "giay-to.pdf"),
        ("giay-to.html", "application/pdf", "giay-to.pdf"),
        ("giay-to.pdf.exe", "application/pdf", "giay-to.pdf"),
        ("anh.jpeg.scr", "image/jpeg", "anh.jpg"),
        ("Quyết định số 12.2025.pdf", "application/pdf", "Quyết định số 12.2025.pdf"),
        ("../../etc/passwd", "application/pdf", "etc passwd.pdf"),
        ("a\x00b.pdf", "application/pdf", "ab.pdf"),
        ("hoa-don\u202egpj.exe", "image/png", "hoa-dongpj.png"),
        ("bảng kê.xlsx.cmd", "text/html", "bảng kê.bin"),
        (".pdf", "application/pdf", "pdf.pdf"),
        ("", "application/pdf", "tep.pdf"),
    ],
)
def test_download_name_uses_the_detected_type(name, content_type, expected):
    assert download_name(name, content_type) == expected


def test_stem_and_safe_name_never_raise_on_garbage():
    for garbage in (None, "...", "\u202e\u200b", "x" * 5000, "<script>.html", 'a:b*c?"d|e.pdf'):
        assert safe_filename(stem_of(garbage))
        assert len(download_name(garbage, "application/pdf")) <= 124


# --- officer download ------------------------------------------------------


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_officer_download_is_named_by_the_detected_type(officer_client, dossier, name):
    att = attach(dossier, name)
    response = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/tep/{att.uuid}/?tai-ve=1")
    assert_safe_download(response, "giay-to.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_inline_preview_only_for_inline_types_and_sandboxed(officer_client, dossier):
    pdf = attach(dossier, "giay-to.pdf.html")
    preview = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/tep/{pdf.uuid}/")
    assert preview["Content-Disposition"] == 'inline; filename="giay-to.pdf"'
    assert preview["X-Content-Type-Options"] == "nosniff"
    assert preview["Content-Security-Policy"] == "sandbox; default-src 'none'; frame-ancestors 'none'"
    png = attach(dossier, "anh.png.hta", content=b"\x89PNG\r\n\x1a\n", content_type="image/png")
    image = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/tep/{png.uuid}/")
    assert image["Content-Disposition"].startswith("inline")
    assert image["Content-Security-Policy"].startswith("sandbox")
    # a stored type outside the table (an old row, a bug): bytes, downloaded
    odd = attach(dossier, "trang.html", content=b"<script>alert(1)</script>", content_type="text/html")
    response = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/tep/{odd.uuid}/")
    assert_safe_download(response, "trang.bin")
    assert response["Content-Type"] == "application/octet-stream"


# --- hand-off link ----------------------------------------------------------


@pytest.fixture
def branch(dossier):
    return HandOff.objects.get(dossier=dossier)  # the branch ``handed_off`` delivered


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_handoff_link_is_named_by_the_detected_type(client, dossier, branch, name):
    att = attach(dossier, name)
    response = client.get(reverse("handoff:attachment", kwargs={"token": attachment_token(att, branch)}))
    assert_safe_download(response, "giay-to.pdf")
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_handoff_link_uses_are_all_audited(client, dossier, branch):
    att = attach(dossier, "giay-to.pdf.bat")
    url = reverse("handoff:attachment", kwargs={"token": attachment_token(att, branch)})
    for _ in range(2):  # a replay before expiry still works, and is audited again
        response = client.get(url, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.9.9.9")
        assert response.status_code == 200
        b"".join(response.streaming_content)
    rows = list(AuditEvent.objects.filter(action=AuditAction.DOWNLOAD_FILE, dossier=dossier).order_by("id"))
    assert len(rows) == 2
    for row in rows:
        assert row.allowed and row.user is None
        assert row.username == f"ban-giao:{branch.agency.code}"
        assert str(att.uuid) in row.target and str(branch.uuid) in row.target
        assert row.ip_address == "203.0.113.9" and row.forwarded_for == "10.9.9.9"


def test_expired_handoff_link_is_refused_and_audited(client, dossier, branch, settings):
    att = attach(dossier, "giay-to.pdf")
    token = attachment_token(att, branch)
    settings.HANDOFF_LINK_MAX_AGE = -1
    assert client.get(reverse("handoff:attachment", kwargs={"token": token})).status_code == 403
    row = AuditEvent.objects.get(dossier=dossier)
    assert not row.allowed and row.username == f"ban-giao:{branch.agency.code}"


@pytest.mark.parametrize("token", ["ĐĐ", "x" * 3000, "a:b:c", "..%2f..%2f", "\u202e"])
def test_hostile_handoff_tokens_are_403(client, token):
    response = client.get(f"/ban-giao/tep/{token}/")
    assert response.status_code in (403, 404)


def test_handoff_zip_link_streams_the_dossier(client, dossier, branch):
    attach(dossier, "giay-to.pdf.exe", component_name="Giấy tờ")
    response = client.get(reverse("handoff:attachment", kwargs={"token": zip_token(branch)}))
    assert_safe_download(response, f"ho-so-{dossier.code}.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    assert not [n for n in archive.namelist() if n.lower().endswith((".exe", ".bat", ".hta", ".html"))]
    row = AuditEvent.objects.get(action=AuditAction.DOWNLOAD_ZIP, dossier=dossier)
    assert row.username == f"ban-giao:{branch.agency.code}" and str(branch.uuid) in row.target


# --- ZIP ----------------------------------------------------------------------


def test_zip_entries_never_keep_the_citizens_extension(dossier):
    for name in HOSTILE_NAMES:
        attach(dossier, name)
    attach(dossier, "a.html", content=b"<html>", content_type="text/html")
    names = zipfile.ZipFile(io.BytesIO(build_dossier_zip(dossier))).namelist()
    attachments = [path for _, path in attachment_names(dossier)]
    assert set(attachments) <= set(names)
    for path in attachments:
        assert path.endswith((".pdf", ".bin")), path
        assert ".bat" not in path and ".exe" not in path and ".hta" not in path and ".html" not in path
        assert ".." not in path and not path.startswith("/")


# --- memory -----------------------------------------------------------------


def _rss_bytes():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class RssSampler(threading.Thread):
    """The highest resident set size seen while it runs (every 5 ms)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = _rss_bytes()
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            self.peak = max(self.peak, _rss_bytes())
            time.sleep(0.005)

    def stop(self):
        self.done.set()
        self.join()
        return max(self.peak, _rss_bytes())


def max_dossier_upload():
    """The biggest dossier the upload quotas allow: files and bytes per
    dossier (``eforms.submission.uploads`` reads the same settings; the
    per-file limit is 50 MB at most)."""
    files = int(getattr(django_settings, "EFORMS_UPLOAD_MAX_FILES_PER_DOSSIER", 60))
    total = int(getattr(django_settings, "EFORMS_UPLOAD_MAX_MB_PER_DOSSIER", 150)) * 1024 * 1024
    return files, total


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="RSS read from /proc (Linux)")
def test_zip_of_the_biggest_allowed_dossier_streams_in_bounded_memory(officer_client, dossier):
    files, total = max_dossier_upload()
    size = total // files
    block = os.urandom(1024 * 1024)  # incompressible, like scans
    for n in range(files):
        body = b"%PDF-1.4\n" + (block * (size // len(block) + 1))[: size - 9]
        att = DossierAttachment(
            dossier=dossier,
            component_name=f"Giấy tờ {n}",
            original_name=f"giay-to-{n}.pdf",
            content_type="application/pdf",
            size=size,
            sha256="0" * 64,
        )
        att.file.save("x", ContentFile(body), save=False)
        att.save()
    del block, body
    gc.collect()
    sampler = RssSampler()
    baseline = _rss_bytes()
    sampler.start()
    response = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/tai-ve.zip")
    received = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    growth = sampler.stop() - baseline
    assert response.status_code == 200
    assert received > total  # every byte went out (incompressible content)
    assert growth < 50 * 1024 * 1024, f"RSS grew by {growth / 2**20:.1f} MB for {total / 2**20:.0f} MB"


# --- audit ------------------------------------------------------------------


def test_untrusted_x_forwarded_for_never_reaches_ip_address(officer_client, dossier, settings):
    settings.TRUSTED_PROXIES = []
    officer_client.get(
        f"/can-bo/ho-so/{dossier.uuid}/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4, 127.0.0.1"
    )
    row = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert row.ip_address == "198.51.100.7"
    assert row.forwarded_for == "1.2.3.4, 127.0.0.1"


def test_trusted_proxy_chain_resolves_to_the_client(officer_client, dossier, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    # the client forged "6.6.6.6"; the two proxies appended the real address and themselves
    officer_client.get(
        f"/can-bo/ho-so/{dossier.uuid}/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.50, 10.0.0.1",
    )
    row = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert row.ip_address == "203.0.113.50"
    assert row.forwarded_for == "6.6.6.6, 203.0.113.50, 10.0.0.1"
    # the same header from an untrusted peer: the peer's address
    officer_client.get(
        f"/can-bo/ho-so/{dossier.uuid}/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.50, 10.0.0.1"
    )
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id").ip_address == "198.51.100.7"


@pytest.mark.parametrize("header", ["1.2.3.4, ĐĐ", "x" * 5000, "\x00\x01", "1.2.3.4, ::::, 999.1.1.1"])
def test_garbage_x_forwarded_for_is_kept_as_text_only(officer_client, dossier, settings, header):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    url = f"/can-bo/ho-so/{dossier.uuid}/"
    response = officer_client.get(url, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=header)
    assert response.status_code == 200
    row = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert row.ip_address == "127.0.0.1"
    # a broken chain: nobody is believed; the raw text is kept, printable and cut
    assert len(row.forwarded_for) <= 300
    assert row.forwarded_for.lstrip("…").isascii() and row.forwarded_for.lstrip("…").isprintable()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_audits_every_exported_code(officer_client, dossier, procedure, fmt):
    others = [DossierFactory(procedure=procedure, submitted=True, handed_off=True) for _ in range(24)]
    response = officer_client.get(f"/can-bo/xuat/danh-sach.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    action = AuditAction.EXPORT_CSV if fmt == "csv" else AuditAction.EXPORT_XLSX
    summary, *chunks = AuditEvent.objects.filter(action=action).order_by("id")
    assert summary.target.endswith("· 25 hồ sơ")
    assert len(chunks) > 1 and all(len(row.target) <= 300 for row in chunks)
    assert chunks[0].target.startswith(f"[1/{len(chunks)}] ")
    audited = [code for row in chunks for code in row.target.split("] ", 1)[1].split(",")]
    assert sorted(audited) == sorted([dossier.code] + [d.code for d in others])


def test_webhook_payload_names_each_file_by_its_detected_type(dossier, branch):
    from eforms.handoff.payload import build_payload

    attach(dossier, "giay-to.pdf.exe")
    files = build_payload(branch)["dossier"]["attachments"]
    hostile = next(f for f in files if f["name"] == "giay-to.pdf.exe")
    assert hostile["file_name"] == "giay-to.pdf"
