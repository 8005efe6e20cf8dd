"""The one table of file types a dossier may hold: the kind detected from
the bytes, its content type, the extension a download gets and the label a
citizen reads. Uploads (citizen, officer, counter) and downloads use it."""

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
