"""The one table of file types a dossier may hold: the kind detected from
the bytes, its content type, the extension a download gets and the label a
citizen reads. Uploads (citizen, officer, counter) and downloads use it;
``clean_original_name`` is the one safe display name of a citizen's file."""

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    kind: str
    content_type: str
    extension: str
    label: str
    # shown in the browser (officer preview) rather than only downloaded
    inline: bool = False
    # other extensions a citizen's file of this kind may carry
    aliases: tuple = ()


FILE_TYPES = {
    t.kind: t
    for t in (
        FileType("pdf", "application/pdf", "pdf", "PDF", inline=True),
        FileType("jpeg", "image/jpeg", "jpg", "JPG", inline=True, aliases=("jpeg",)),
        FileType("png", "image/png", "png", "PNG", inline=True),
        FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "DOCX"),
        FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "XLSX"),
    )
}
BY_CONTENT_TYPE = {t.content_type: t for t in FILE_TYPES.values()}
INLINE_CONTENT_TYPES = frozenset(t.content_type for t in FILE_TYPES.values() if t.inline)
# What officers upload (results, counter scans) and citizens send as supplements.
SCAN_KINDS = ("pdf", "jpeg", "png")


def extension_for(content_type):
    """The extension a stored file of that content type is downloaded with."""
    file_type = BY_CONTENT_TYPE.get(content_type)
    return file_type.extension if file_type else ""


def label_of(kind):
    file_type = FILE_TYPES.get(kind)
    return file_type.label if file_type else kind.upper()


def accept_of(kinds):
    """The ``accept`` attribute of a file input taking these kinds."""
    values = []
    for kind in kinds:
        file_type = FILE_TYPES.get(kind)
        if file_type:
            values += [f".{ext}" for ext in (file_type.extension, *file_type.aliases)] + [file_type.content_type]
    return ",".join(values)


# Characters that reorder or hide text (RTL override "gpj.exe" tricks,
# zero-width joiners), besides the controls ``isprintable`` already drops.
_INVISIBLE = {0x061C, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF}
_INVISIBLE |= set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
# HTML and the characters Windows refuses in a name.
_UNSAFE = re.compile(r'[<>:"/\\|?*&\'`;=%{}\[\]$]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\.|$)", re.IGNORECASE)
MAX_NAME = 120


def clean_original_name(name, kind=None):
    """The one safe display name of an upload: no path, no control, bidi or
    zero-width characters, no HTML or shell-special characters, no leading
    dots, NFC, at most ``MAX_NAME`` characters; with ``kind`` (detected from
    the bytes) it ends with that type's extension (``giay-to.pdf.bat`` of a
    PDF is ``giay-to.pdf``). Never empty."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ord(ch) not in _INVISIBLE)
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    name = re.sub(r"\.{2,}", ".", name)
    if _WINDOWS_RESERVED.match(name):
        name = f"_{name}"
    file_type = FILE_TYPES.get(kind) if kind else None
    if file_type is not None:
        extensions = (file_type.extension, *file_type.aliases)
        stem = name
        while "." in stem and stem.rsplit(".", 1)[1].lower() not in extensions:
            stem = stem.rsplit(".", 1)[0]
        if "." not in stem:
            stem = name.split(".", 1)[0] or "tep"
            stem = f"{stem}.{file_type.extension}"
        stem_part, extension = stem.rsplit(".", 1)
        return f"{stem_part[: MAX_NAME - len(extension) - 1].rstrip(' .') or 'tep'}.{extension}"
    return name[:MAX_NAME].rstrip(" .") or "tep"
