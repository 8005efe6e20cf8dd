"""Uploaded files: size limits while streaming, type from the bytes, zip
bombs, virus scan, private storage under random names.

``LimitedUploadHandler`` is installed at the head of ``request.upload_handlers``
by the step view (before the body is read, hence the ``csrf_exempt`` +
``csrf_protect`` pattern there); it stops reading a file as soon as it
exceeds the limit and records the error instead of keeping the bytes.
"""

import hashlib
import zipfile
from dataclasses import dataclass

import structlog
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _

from eforms.dossiers.filetypes import FILE_TYPES, label_of
from eforms.submission.scanning import scan_file

log = structlog.get_logger(__name__)

# Zip-bomb guards for OOXML documents.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 2000
ABSOLUTE_MAX_MB = 50


class UploadRejected(Exception):
    def __init__(self, message, code):
        super().__init__(message)
        self.message, self.code = message, code


class LimitedUploadHandler(FileUploadHandler):
    """Aborts a file as soon as it grows past its field's limit.

    ``limits`` maps a form field name to bytes; other fields get
    ``default_limit``. Oversized fields are listed in ``self.oversized``.
    """

    def __init__(self, request=None, limits=None, default_limit=ABSOLUTE_MAX_MB * 1024 * 1024):
        super().__init__(request)
        self.limits = limits or {}
        self.default_limit = default_limit
        self.oversized = {}
        self._received = 0
        self._limit = default_limit

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self._received = 0
        self._limit = self.limits.get(field_name, self.default_limit)

    def receive_data_chunk(self, raw_data, start):
        self._received += len(raw_data)
        if self._received > self._limit:
            self.oversized[self.field_name] = self.file_name
            log.info("upload_oversized", field=self.field_name, limit=self._limit)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


def _zip_kind(head_file):
    try:
        archive = zipfile.ZipFile(head_file)
    except zipfile.BadZipFile as exc:
        raise UploadRejected(_("Tệp nén bị hỏng hoặc không đúng định dạng."), "bad_zip") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise UploadRejected(_("Tệp có cấu trúc bất thường (quá nhiều thành phần)."), "zip_bomb")
        total = sum(i.file_size for i in infos)
        compressed = sum(i.compress_size for i in infos) or 1
        if total > MAX_UNCOMPRESSED_BYTES or total / compressed > MAX_COMPRESSION_RATIO:
            raise UploadRejected(_("Tệp bị từ chối vì tỉ lệ nén bất thường (nghi là tệp nén độc hại)."), "zip_bomb")
        for info in infos:
            if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO * 10:
                raise UploadRejected(_("Tệp bị từ chối vì tỉ lệ nén bất thường (nghi là tệp nén độc hại)."), "zip_bomb")
        names = set(archive.namelist())
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return "docx"
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def detect_type(fileobj):
    """Kind of file from its first bytes (never from its name)."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(fileobj)
    if head.startswith((b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")):
        return "executable"
    return "unknown"


@dataclass
class CheckedFile:
    kind: str
    content_type: str
    size: int
    sha256: str
    original_name: str


def clean_original_name(name):
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())[:200]
    return name or "tep"


def check_upload(uploaded, allowed_types, max_size_mb):
    """Validate an ``UploadedFile``; raise ``UploadRejected`` with a
    Vietnamese message. Returns ``CheckedFile``."""
    limit = int(max_size_mb) * 1024 * 1024
    if uploaded.size is None or uploaded.size > limit:
        raise UploadRejected(
            _("Tệp “%(name)s” vượt quá dung lượng tối đa %(mb)s MB.")
            % {"name": clean_original_name(uploaded.name), "mb": max_size_mb},
            "too_large",
        )
    if uploaded.size == 0:
        raise UploadRejected(_("Tệp “%(name)s” rỗng.") % {"name": clean_original_name(uploaded.name)}, "empty")
    kind = detect_type(uploaded)
    allowed_label = ", ".join(label_of(t) for t in allowed_types)
    if kind == "executable":
        raise UploadRejected(
            _("Tệp “%(name)s” là chương trình thực thi, không phải giấy tờ; hệ thống không nhận loại tệp này.")
            % {"name": clean_original_name(uploaded.name)},
            "executable",
        )
    if kind not in allowed_types:
        raise UploadRejected(
            _(
                "Tệp “%(name)s” không đúng định dạng cho phép (%(types)s). "
                "Định dạng được xác định theo nội dung tệp, không theo tên tệp."
            )
            % {"name": clean_original_name(uploaded.name), "types": allowed_label},
            "bad_type",
        )
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    result = scan_file(uploaded)
    if not result.clean:
        log.warning("upload_infected", signature=result.signature, error=result.error)
        if result.signature:
            raise UploadRejected(
                _("Tệp “%(name)s” bị phát hiện có mã độc và đã bị từ chối.")
                % {"name": clean_original_name(uploaded.name)},
                "infected",
            )
        raise UploadRejected(_("Không kiểm tra được mã độc của tệp lúc này; vui lòng thử lại sau."), "scan_unavailable")
    return CheckedFile(
        kind=kind,
        content_type=FILE_TYPES[kind].content_type,
        size=uploaded.size,
        sha256=digest.hexdigest(),
        original_name=clean_original_name(uploaded.name),
    )
