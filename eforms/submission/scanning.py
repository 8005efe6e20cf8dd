"""What an uploaded file really holds: the virus-scan hook and the content
checks (image pixel count from the header, active PDF content, polyglots).

``ClamdBackend`` talks to ClamAV's daemon with the INSTREAM command over TCP
(``CLAMD_HOST``/``CLAMD_PORT``) or a unix socket (``CLAMD_SOCKET``);
without either setting the no-op backend accepts every file. A scanner
that cannot be reached rejects the upload (fail closed) unless
``CLAMD_FAIL_OPEN`` is set.
"""

import io
import re
import socket
import struct
import warnings
import zlib
from dataclasses import dataclass

import structlog
from django.conf import settings
from PIL import Image, UnidentifiedImageError

log = structlog.get_logger(__name__)
CHUNK = 64 * 1024


@dataclass
class ScanResult:
    clean: bool
    signature: str = ""
    error: str = ""


class NoopBackend:
    name = "noop"

    def scan(self, fileobj):
        return ScanResult(clean=True)


class ClamdBackend:
    name = "clamd"

    def __init__(self, host=None, port=3310, unix_socket=None, timeout=30):
        self.host, self.port, self.unix_socket, self.timeout = host, int(port), unix_socket, timeout

    def _connect(self):
        if self.unix_socket:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            sock.connect(self.unix_socket)
            return sock
        return socket.create_connection((self.host, self.port), timeout=self.timeout)

    def scan(self, fileobj):
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                fileobj.seek(0)
                while True:
                    chunk = fileobj.read(CHUNK)
                    if not chunk:
                        break
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
                reply = b""
                while not reply.endswith(b"\0"):
                    data = sock.recv(4096)
                    if not data:
                        break
                    reply += data
            fileobj.seek(0)
        except OSError as exc:
            log.error("virus_scan_unavailable", error=str(exc))
            if getattr(settings, "CLAMD_FAIL_OPEN", False):
                return ScanResult(clean=True, error=str(exc))
            return ScanResult(clean=False, error=str(exc))
        text = reply.rstrip(b"\0").decode("utf-8", "replace")
        # "stream: OK" or "stream: Eicar-Test-Signature FOUND"
        if text.endswith("OK"):
            return ScanResult(clean=True)
        if text.endswith("FOUND"):
            signature = text.split(":", 1)[-1].rsplit(" ", 1)[0].strip()
            return ScanResult(clean=False, signature=signature)
        return ScanResult(clean=False, error=text)


def get_scanner():
    unix_socket = getattr(settings, "CLAMD_SOCKET", "") or ""
    host = getattr(settings, "CLAMD_HOST", "") or ""
    if unix_socket or host:
        return ClamdBackend(host=host, port=getattr(settings, "CLAMD_PORT", 3310), unix_socket=unix_socket or None)
    return NoopBackend()


def scan_file(fileobj):
    return get_scanner().scan(fileobj)


# --- content checks: what the bytes really are ---------------------------------
#
# ``inspect_content(data, kind)`` looks at a file whose kind was detected from
# its first bytes and returns a ``ContentProblem`` (code, and which message
# ``uploads.check_upload`` shows) or ``None``. Nothing is ever decoded: an
# image's size comes from its header (Pillow's ``Image.open`` without
# ``load()``), a PDF's names from its raw bytes and its object streams
# (inflated within a budget).

# Markup that makes a browser (or a careless viewer) treat the bytes as HTML.
MARKUP = re.compile(
    rb"<(?:html|script|body|iframe|object|embed|svg|meta|form)[\s>/]|<!doctype\s+html|<\?php|javascript:",
    re.IGNORECASE,
)
# A second file type glued after the end of an image.
FOREIGN_MAGIC = (b"%PDF-", b"PK\x03\x04", b"MZ", b"\x7fELF", b"#!")
PDF_HEAD_BYTES = 8 * 1024
PDF_INFLATE_BUDGET = 32 * 1024 * 1024
PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r /<>\[\]()%{}]{1,127})")
PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_ACTIVE_NAMES = {
    b"JS": "pdf_javascript",
    b"JavaScript": "pdf_javascript",
    b"Launch": "pdf_launch",
    b"EmbeddedFile": "pdf_embedded_file",
    b"EmbeddedFiles": "pdf_embedded_file",
}
PDF_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")


@dataclass(frozen=True)
class ContentProblem:
    code: str
    detail: str = ""


def max_image_pixels():
    return int(getattr(settings, "EFORMS_UPLOAD_MAX_IMAGE_PIXELS", 50_000_000))


def inspect_content(data, kind):
    """The first problem of ``data`` (bytes of a file detected as ``kind``)."""
    if kind in ("png", "jpeg"):
        return _image_problem(data, kind)
    if kind == "pdf":
        return _pdf_problem(data)
    return None


# --- images ---


def _image_problem(data, kind):
    limit = max_image_pixels()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG" if kind == "png" else "JPEG"]) as image:
                width, height = image.size  # from IHDR / SOF; pixels are not decoded
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return ContentProblem("image_bomb", "pillow")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error):
        return ContentProblem("image_corrupt")
    if width * height > limit or width <= 0 or height <= 0:
        return ContentProblem("image_bomb", f"{width}x{height}")
    end = _png_end(data) if kind == "png" else _jpeg_end(data)
    if end is False:
        return ContentProblem("image_corrupt")
    trailer = data[end:] if end else b""
    if kind == "png" and trailer.strip(b"\0\r\n\t "):
        return ContentProblem("polyglot", "after IEND")
    if MARKUP.search(data) or any(magic in trailer for magic in FOREIGN_MAGIC):
        return ContentProblem("polyglot", "markup or a second file")
    return None


def _png_end(data):
    """Offset just past the IEND chunk; ``False`` when the chunks are broken."""
    pos, size = 8, len(data)
    while pos + 12 <= size:
        length = int.from_bytes(data[pos : pos + 4], "big")
        chunk_type = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > size:
            return False
        if zlib.crc32(data[pos + 4 : end - 4]) != int.from_bytes(data[end - 4 : end], "big"):
            return False
        if chunk_type == b"IEND":
            return end
        pos = end
    return False


def _jpeg_end(data):
    """Offset just past the EOI that ends the image (walking the segments and
    the entropy-coded data, so an EOI inside a thumbnail or after appended
    bytes does not count); ``None`` when the image simply stops (truncated
    JPEGs are common and harmless); ``False`` when the structure is broken."""
    pos, size = 2, len(data)
    while pos < size:
        if data[pos] != 0xFF:
            return False
        while pos < size and data[pos] == 0xFF:
            pos += 1
        if pos >= size:
            return None
        marker = data[pos]
        pos += 1
        if marker == 0xD9:
            return pos
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            continue
        if pos + 2 > size:
            return None
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2:
            return False
        pos += length
        if marker != 0xDA:
            continue
        while True:  # entropy-coded data up to the next real marker
            found = data.find(b"\xff", pos)
            if found < 0 or found + 1 >= size:
                return None
            following = data[found + 1]
            if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                pos = found + 1 if following == 0xFF else found + 2
                continue
            pos = found
            break
    return None


# --- PDFs ---


def _pdf_names(chunk):
    for match in PDF_NAME.finditer(chunk):
        name = match.group(1)
        if b"#" in name:
            name = PDF_HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        yield name


def _active_name(chunk):
    for name in _pdf_names(chunk):
        code = PDF_ACTIVE_NAMES.get(name)
        if code:
            return code
    return None


def _pdf_problem(data):
    head = data[:PDF_HEAD_BYTES]
    tail = data[data.rfind(b"%%EOF") :] if b"%%EOF" in data else b""
    if MARKUP.search(head) or MARKUP.search(tail):
        return ContentProblem("polyglot", "markup in a PDF")
    code = _active_name(data)
    if code:
        return ContentProblem(code)
    # Objects may also sit compressed inside object streams (/Type /ObjStm).
    encrypted = any(name == b"Encrypt" for name in _pdf_names(data))
    budget = PDF_INFLATE_BUDGET
    for match in PDF_STREAM.finditer(data):
        header = data[max(0, match.start() - 2048) : match.start()]
        header = header[header.rfind(b"obj") :]
        names = set(_pdf_names(header))
        if b"ObjStm" not in names:
            continue
        if encrypted:
            return ContentProblem("pdf_unreadable", "encrypted object stream")
        if b"Filter" not in names:
            continue  # not compressed: already scanned as raw bytes
        if not names & {b"FlateDecode", b"Fl"} or names & {b"ASCIIHexDecode", b"LZWDecode", b"ASCII85Decode"}:
            return ContentProblem("pdf_unreadable", "object stream filter")
        end = data.find(b"endstream", match.end())
        body = data[match.end() : end if end >= 0 else len(data)]
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(body, budget + 1)
        except zlib.error:
            log.info("pdf_object_stream_unreadable")
            continue  # readers cannot open it either
        budget -= len(inflated)
        if budget < 0:
            return ContentProblem("pdf_unreadable", "object streams over budget")
        code = _active_name(inflated)
        if code:
            return ContentProblem(code, "in an object stream")
    return None
