"""How a file from the private store leaves the portal: its name and its
headers. Officer downloads, the hand-off links and the dossier ZIP use it.

The name a file is served (and zipped) under is ``<safe stem>.<extension of
the detected content type>`` (:func:`download_name`): the extension the
citizen gave is never kept, so ``giay-to.pdf.bat``, ``giay-to.hta`` or
``giay-to.pdf.exe`` holding a PDF is ``giay-to.pdf`` on the officer's PC,
and a file of no known type is ``….bin``.

Headers (:func:`private_headers`): ``Content-Disposition: attachment``
unless an inline preview of an inline type (PDF, JPEG, PNG) was asked for;
never sniffed (``nosniff``), never cached (``private, no-store`` and
``Pragma: no-cache``), and a sandboxing CSP so a served file never runs as a
page of ours.
"""

import re
import unicodedata

from django.http import FileResponse
from django.utils.http import content_disposition_header

from eforms.dossiers.filetypes import BY_CONTENT_TYPE, INLINE_CONTENT_TYPES, extension_for

# A downloaded file: a sandboxed document that may load nothing.
DOWNLOAD_CSP = "sandbox; default-src 'none'"
# An inline image preview: sandboxed too; the image itself and the
# browser's own viewer styles may load.
SANDBOX_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
# An inline preview of a citizen's PDF: sandboxed too (Chromium's PDF viewer
# still renders a top-level sandboxed PDF), never framed.
SANDBOX_PDF_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'"
# A PDF the portal made itself (receipt, apology letter), opened to print:
# no script of our origin, no framing, not sandboxed (printing stays plain).
PDF_CSP = "default-src 'none'; object-src 'self'; frame-ancestors 'none'"
# What the portal itself builds (the dossier ZIP, list exports).
GENERATED_TYPES = frozenset(
    {
        "application/zip",
        "text/csv; charset=utf-8",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)
FALLBACK_EXTENSION = "bin"
FALLBACK_CONTENT_TYPE = "application/octet-stream"

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
# trailing ".pdf", ".bat", ".tar" … (at least one letter: "số 12.2025" stays)
_EXTENSION = re.compile(r"\.(?=[0-9]*[a-z])[a-z0-9]{1,10}$", re.IGNORECASE)


def _printable(name):
    """Drop control and format characters (bidi overrides such as U+202E,
    zero-width marks) that make ``cod.exe`` look like ``exe.doc``."""
    return "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"))


def safe_filename(name, limit=120):
    """A file name every OS accepts; Vietnamese letters kept."""
    name = unicodedata.normalize("NFC", _printable(str(name or "")))
    name = _UNSAFE.sub(" ", name).strip(" .")
    name = re.sub(r"\s+", " ", name)
    return name[:limit].rstrip(" .") or "tep"


def stem_of(name):
    """A citizen's file name without any of its extensions
    (``giay-to.pdf.bat`` → ``giay-to``)."""
    stem = _printable(str(name or "")).strip().rstrip(". ")
    for _ in range(8):
        shorter = _EXTENSION.sub("", stem).rstrip(". ")
        if shorter == stem or not shorter:
            break
        stem = shorter
    return stem


def extension_of(content_type):
    """The extension a stored file of the detected type is served with."""
    return extension_for(content_type) or FALLBACK_EXTENSION


def download_name(name, content_type, limit=120):
    """``<safe stem>.<extension of the detected type>``; ``name`` is the
    citizen's file name (its extensions are dropped) or any label."""
    return f"{safe_filename(stem_of(name), limit)}.{extension_of(content_type)}"


def served_content_type(content_type):
    """A type of the file-type table (or one the portal builds) as is;
    anything else as bytes."""
    if content_type in BY_CONTENT_TYPE or content_type in GENERATED_TYPES:
        return content_type
    return FALLBACK_CONTENT_TYPE


def private_headers(response, filename, content_type, *, inline=False, made_here=False):
    """Headers of a file from the private store (see the module docstring).
    ``inline`` is honoured only for the inline types; ``made_here`` marks a
    PDF the portal generated (it alone is previewed unsandboxed)."""
    inline = bool(inline) and content_type in INLINE_CONTENT_TYPES
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Pragma"] = "no-cache"
    if not inline:
        response["Content-Security-Policy"] = DOWNLOAD_CSP
    elif content_type == "application/pdf":
        response["Content-Security-Policy"] = PDF_CSP if made_here else SANDBOX_PDF_CSP
    else:
        response["Content-Security-Policy"] = SANDBOX_CSP
    return response


def file_response(fileobj, filename, content_type, *, inline=False, made_here=False):
    """A streamed ``FileResponse`` with :func:`private_headers`; the type
    sent is the detected one (``application/octet-stream`` when unknown)."""
    served = served_content_type(content_type)
    response = FileResponse(fileobj, content_type=served)
    return private_headers(response, filename, served, inline=inline, made_here=made_here)


def attachment_response(attachment, *, inline=False):
    """A stored attachment, named by its detected type (raises
    ``FileNotFoundError``/``OSError`` when the file is gone)."""
    handle = attachment.file.open("rb")
    name = download_name(attachment.original_name or attachment.component_name, attachment.content_type)
    return file_response(handle, name, attachment.content_type, inline=inline)
