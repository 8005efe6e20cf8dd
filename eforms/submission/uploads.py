"""Uploads: size limits and quotas while streaming, type from the bytes,
content checks (image bombs, active PDFs, polyglots), zip bombs, virus scan,
safe display names.

``LimitedUploadHandler`` goes at the head of ``request.upload_handlers``
before the body is read: by the step view, and by ``limit_uploads`` (a view
decorator: ``csrf_exempt`` outside, ``csrf_protect`` inside, so the handler
is installed before the CSRF check reads the body) on the officer and
supplement views. It passes a file on to Django's handlers while it stays
within its limits; past a limit it keeps no more bytes (the rest of the
body is read and dropped, never written to disk) and hands the view a
``RefusedUpload`` instead, which ``check_upload`` turns into the message.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass
from functools import wraps

import structlog
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from eforms.dossiers.filetypes import FILE_TYPES, clean_original_name, label_of
from eforms.submission.scanning import inspect_content, max_image_pixels, scan_file
from portal import ratelimit

log = structlog.get_logger(__name__)

# Zip-bomb guards for OOXML documents.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 2000
ABSOLUTE_MAX_MB = 50
MB = 1024 * 1024
RATE_SCOPE = "upload"


class UploadRejected(Exception):
    def __init__(self, message, code):
        super().__init__(message)
        self.message, self.code = message, code


def setting(name, default):
    return int(getattr(settings, name, default))


def max_files_per_request():
    return setting("EFORMS_UPLOAD_MAX_FILES_PER_REQUEST", 20)


@dataclass
class UploadBudget:
    """What a dossier (or draft) may still take: files and bytes."""

    files: int
    bytes: int


def dossier_budget(attachments):
    """The budget left to a dossier holding ``attachments`` (a queryset)."""
    used = list(attachments.values_list("size", flat=True))
    return UploadBudget(
        files=setting("EFORMS_UPLOAD_MAX_FILES_PER_DOSSIER", 60) - len(used),
        bytes=setting("EFORMS_UPLOAD_MAX_MB_PER_DOSSIER", 150) * MB - sum(used),
    )


class RefusedUpload(UploadedFile):
    """Stands in ``request.FILES`` for a file refused while streaming; it
    holds no bytes, only the refusal that ``check_upload`` raises."""

    def __init__(self, name, refusal):
        super().__init__(io.BytesIO(b""), name=clean_original_name(name), content_type="application/octet-stream")
        self.size = 0
        self.refusal = refusal


class LimitedUploadHandler(FileUploadHandler):
    """Refuses a file while it streams: past its field's size limit
    (``limits`` maps field names to bytes, other fields ``default_limit``),
    past ``EFORMS_UPLOAD_MAX_FILES_PER_REQUEST`` files, past the ``budget``
    of its dossier, or past the per-address hourly count (scope ``upload`` of
    ``portal.ratelimit``, when ``rate_limited``). ``oversized`` lists
    ``{field: file name}`` of every refused file (for logs)."""

    def __init__(
        self,
        request=None,
        limits=None,
        default_limit=ABSOLUTE_MAX_MB * MB,
        *,
        budget=None,
        rate_limited=True,
    ):
        super().__init__(request)
        self.limits = limits or {}
        self.default_limit = default_limit
        self.budget = budget
        self.rate_limited = rate_limited
        self.max_files = max_files_per_request()
        self.oversized = {}
        self._files = 0
        self._received = 0
        self._limit = default_limit
        self._refusal = None

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self._files += 1
        self._received = 0
        self._limit = min(self.limits.get(field_name, self.default_limit), ABSOLUTE_MAX_MB * MB)
        self._refusal = self._refusal_at_start()

    def _refusal_at_start(self):
        name = clean_original_name(self.file_name)
        if self._files > self.max_files:
            return UploadRejected(
                _("Mỗi lần gửi chỉ nhận tối đa %(n)s tệp; tệp “%(name)s” chưa được nhận, vui lòng gửi ở lần sau.")
                % {"n": self.max_files, "name": name},
                "too_many_files",
            )
        if self.budget is not None and self.budget.files <= 0:
            return quota_files_refusal(name, setting("EFORMS_UPLOAD_MAX_FILES_PER_DOSSIER", 60))
        if self.rate_limited and self.request is not None:
            per_hour = setting("EFORMS_UPLOADS_PER_ADDRESS_PER_HOUR", 300)
            if ratelimit.hit(self.request, RATE_SCOPE, limit=per_hour, window=3600):
                return UploadRejected(
                    _(
                        "Ông/Bà đã tải lên quá nhiều tệp trong một giờ (tối đa %(n)s tệp). "
                        "Tệp “%(name)s” chưa được nhận; vui lòng thử lại sau."
                    )
                    % {"n": per_hour, "name": name},
                    "rate_limited",
                )
        return None

    def receive_data_chunk(self, raw_data, start):
        if self._refusal is not None:
            return None
        self._received += len(raw_data)
        name = clean_original_name(self.file_name)
        if self._received > self._limit:
            self._refusal = too_large_refusal(name, self._limit // MB)
        elif self.budget is not None and self._received > self.budget.bytes:
            self._refusal = quota_bytes_refusal(name, setting("EFORMS_UPLOAD_MAX_MB_PER_DOSSIER", 150))
        else:
            return raw_data
        log.info("upload_refused_streaming", field=self.field_name, code=self._refusal.code, limit=self._limit)
        self._drop_other_copies()
        return None

    def _drop_other_copies(self):
        """Close (and so delete) what the next handlers kept of this file."""
        for handler in getattr(self.request, "upload_handlers", ()):
            kept = getattr(handler, "file", None) if handler is not self else None
            if kept is not None and hasattr(kept, "close"):
                kept.close()

    def file_complete(self, file_size):
        if self._refusal is not None:
            self.oversized[self.field_name] = self.file_name
            return RefusedUpload(self.file_name, self._refusal)
        if self.budget is not None:
            self.budget.files -= 1
            self.budget.bytes -= self._received
        return None


def limit_uploads(*, budget=None, rate_limited=True, limit_mb=None):
    """View decorator installing ``LimitedUploadHandler`` on POST before the
    body is read. ``budget(request, *args, **kwargs)`` gives the
    ``UploadBudget`` of the dossier the upload goes to (or ``None``)."""

    def decorate(view):
        protected = csrf_protect(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                handler = LimitedUploadHandler(
                    request,
                    default_limit=(limit_mb or setting("EFORMS_UPLOAD_MAX_MB_PER_FILE", 10)) * MB,
                    budget=budget(request, *args, **kwargs) if budget else None,
                    rate_limited=rate_limited,
                )
                request.upload_handlers.insert(0, handler)
            return protected(request, *args, **kwargs)

        return csrf_exempt(wrapper)

    return decorate


def too_large_refusal(name, mb):
    return UploadRejected(
        _("Tệp “%(name)s” vượt quá dung lượng tối đa %(mb)s MB.") % {"name": name, "mb": mb}, "too_large"
    )


def quota_files_refusal(name, limit):
    return UploadRejected(
        _("Hồ sơ đã đủ số tệp tối đa (%(n)s tệp); tệp “%(name)s” không được nhận thêm.") % {"n": limit, "name": name},
        "quota_files",
    )


def quota_bytes_refusal(name, mb):
    return UploadRejected(
        _("Tổng dung lượng các tệp của hồ sơ vượt quá giới hạn %(mb)s MB; tệp “%(name)s” không được nhận thêm.")
        % {"mb": mb, "name": name},
        "quota_bytes",
    )


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


def content_refusal(problem, name):
    """The Vietnamese message of a ``scanning.ContentProblem``."""
    values = {"name": name}
    if problem.code == "image_bomb":
        message = _(
            "Ảnh “%(name)s” có kích thước điểm ảnh quá lớn (tối đa %(mp)s triệu điểm ảnh); "
            "vui lòng chụp hoặc quét lại ở độ phân giải thấp hơn."
        )
        values["mp"] = max_image_pixels() // 1_000_000
    elif problem.code == "image_corrupt":
        message = _("Ảnh “%(name)s” bị hỏng hoặc không đúng định dạng; vui lòng chụp hoặc quét lại.")
    elif problem.code == "polyglot":
        message = _(
            "Tệp “%(name)s” chứa nội dung không khớp với định dạng của tệp (ví dụ mã trang web ghép vào ảnh "
            "hoặc PDF) nên bị từ chối; vui lòng xuất lại tệp từ ứng dụng gốc."
        )
    elif problem.code == "pdf_javascript":
        message = _(
            "Tệp PDF “%(name)s” có chứa mã lệnh (JavaScript) nên bị từ chối; "
            "vui lòng in ra PDF hoặc quét lại thành tệp PDF thông thường."
        )
    elif problem.code == "pdf_launch":
        message = _(
            "Tệp PDF “%(name)s” có lệnh mở chương trình khác nên bị từ chối; "
            "vui lòng in ra PDF hoặc quét lại thành tệp PDF thông thường."
        )
    elif problem.code == "pdf_embedded_file":
        message = _(
            "Tệp PDF “%(name)s” có tệp khác đính kèm bên trong nên bị từ chối; "
            "vui lòng nộp riêng từng giấy tờ dưới dạng PDF thông thường."
        )
    else:  # pdf_unreadable
        message = _(
            "Không kiểm tra được nội dung tệp PDF “%(name)s” (tệp được mã hoá, đặt mật khẩu hoặc nén theo "
            "cách không thông dụng); vui lòng nộp bản PDF không đặt mật khẩu."
        )
    return UploadRejected(message % values, problem.code)


def check_upload(uploaded, allowed_types, max_size_mb):
    """Validate an ``UploadedFile``; raise ``UploadRejected`` with a
    Vietnamese message. Returns ``CheckedFile``.

    In order: refused while streaming (``RefusedUpload``), size, empty, type
    from the bytes, content (image header, active PDF, polyglot), virus
    scan; nothing is written anywhere."""
    refusal = getattr(uploaded, "refusal", None)
    if refusal is not None:
        raise refusal
    name = clean_original_name(uploaded.name)
    limit = int(max_size_mb) * MB
    if uploaded.size is None or uploaded.size > limit:
        raise too_large_refusal(name, max_size_mb)
    if uploaded.size == 0:
        raise UploadRejected(_("Tệp “%(name)s” rỗng.") % {"name": name}, "empty")
    kind = detect_type(uploaded)
    allowed_label = ", ".join(label_of(t) for t in allowed_types)
    if kind == "executable":
        raise UploadRejected(
            _("Tệp “%(name)s” là chương trình thực thi, không phải giấy tờ; hệ thống không nhận loại tệp này.")
            % {"name": name},
            "executable",
        )
    if kind not in allowed_types:
        raise UploadRejected(
            _(
                "Tệp “%(name)s” không đúng định dạng cho phép (%(types)s). "
                "Định dạng được xác định theo nội dung tệp, không theo tên tệp."
            )
            % {"name": name, "types": allowed_label},
            "bad_type",
        )
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    problem = inspect_content(data, kind)
    if problem is not None:
        log.warning("upload_content_refused", code=problem.code, detail=problem.detail, kind=kind)
        raise content_refusal(problem, name)
    digest = hashlib.sha256(data).hexdigest()
    del data
    result = scan_file(uploaded)
    if not result.clean:
        log.warning("upload_infected", signature=result.signature, error=result.error)
        if result.signature:
            raise UploadRejected(
                _("Tệp “%(name)s” bị phát hiện có mã độc và đã bị từ chối.") % {"name": name}, "infected"
            )
        raise UploadRejected(
            _(
                "Không kiểm tra được mã độc của tệp “%(name)s” lúc này nên tệp chưa được nhận; "
                "vui lòng thử lại sau ít phút."
            )
            % {"name": name},
            "scan_unavailable",
        )
    return CheckedFile(
        kind=kind,
        content_type=FILE_TYPES[kind].content_type,
        size=uploaded.size,
        sha256=digest,
        original_name=clean_original_name(uploaded.name, kind),
    )
