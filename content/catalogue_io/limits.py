"""What an import file may hold, checked before anything large is parsed or
kept in memory: file size, rows, nesting depth of JSON, characters per cell,
the uncompressed parts of an XLSX workbook, and the length of every text
field (CharFields: the model's ``max_length``; text fields: a fixed cap)."""

import re
import zipfile
from itertools import accumulate
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from ..models import (
    ProcedureComponent,
    ProcedureFee,
    ProcedureFeeExemption,
    ProcedureLegalBasis,
    ProcedureMethod,
    ProcedurePage,
)
from ..models.catalogue import StepBlock

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
#: one spreadsheet cell or JSON string (a JSON cell holds a whole list of steps)
MAX_CELL_CHARS = 100_000
#: containers inside containers; a real file needs 4 (file, list, record, step)
MAX_DEPTH = 20
#: an XLSX workbook: members, uncompressed bytes of a worksheet (streamed in
#: read-only mode), of any other part (shared strings are loaded whole)
MAX_XLSX_MEMBERS = 500
MAX_SHEET_BYTES = 256 * 1024 * 1024
MAX_PART_BYTES = 16 * 1024 * 1024
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
#: plain text (TextField) and rich text, in characters
MAX_TEXT_CHARS = 10_000
MAX_RICH_TEXT_CHARS = 50_000


class FileError(Exception):
    """The file as a whole cannot be read; ``str()`` is the reason, ``row``
    the row (spreadsheet line or JSON item number) when one is to blame."""

    def __init__(self, reason, row=None):
        super().__init__(reason)
        self.row = row


def _max_length(model, name):
    return model._meta.get_field(name).max_length


def _text_limits():
    """``{key: characters}`` of the top-level record keys."""
    limits = {
        key: _max_length(ProcedurePage, key)
        for key in (
            "code",
            "slug",
            "decision_number",
            "competent_agency",
            "authorised_agency",
            "keywords",
            "processing_time_note",
        )
    }
    limits["name"] = _max_length(ProcedurePage, "title")
    for key in ("applicants_note", "summary", "result", "receiving_address"):
        limits[key] = MAX_TEXT_CHARS
    limits["conditions"] = MAX_RICH_TEXT_CHARS
    return limits


def _nested_limits():
    """``{list key: {item key: characters}}`` of steps, methods, components
    and legal bases."""
    step_title = StepBlock.base_blocks["title"].field.max_length
    return {
        "steps": {"title": step_title, "description": MAX_TEXT_CHARS},
        "methods": {
            "processing_time": _max_length(ProcedureMethod, "processing_time"),
            "description": MAX_TEXT_CHARS,
        },
        "fees": {
            "name": _max_length(ProcedureFee, "name"),
            "unit_label": _max_length(ProcedureFee, "unit_label"),
            "legal_basis": _max_length(ProcedureFee, "legal_basis"),
            "note": MAX_TEXT_CHARS,
        },
        "fee_exemptions": {
            "category": _max_length(ProcedureFeeExemption, "category"),
            "fee_name": _max_length(ProcedureFeeExemption, "fee_name"),
            "proof_name": _max_length(ProcedureFeeExemption, "proof_name"),
            "legal_basis": _max_length(ProcedureFeeExemption, "legal_basis"),
        },
        "components": {
            "case_group": _max_length(ProcedureComponent, "case_group"),
            "name": MAX_TEXT_CHARS,
            "template_name": _max_length(ProcedureComponent, "template_name"),
            "template": 255,
        },
        "legal_bases": {
            "number": _max_length(ProcedureLegalBasis, "number"),
            "title": MAX_TEXT_CHARS,
            "issuer": _max_length(ProcedureLegalBasis, "issuer"),
        },
    }


TEXT_LIMITS = _text_limits()
NESTED_LIMITS = _nested_limits()


# --- nesting depth of JSON -----------------------------------------------------

# a string (an unterminated one runs to the end: never rescanned) or a bracket
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


_NOT_BRACKETS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[^"\[\]{}]+', re.DOTALL)
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_too_deep(text, limit=MAX_DEPTH):
    """``None`` when no container in the JSON ``text`` is nested deeper than
    ``limit``, else ``(line, item)``: the line of the first bracket too deep
    and the number of the top-level item (counted in the top list, or in the
    list under the top object's key) it belongs to, or ``None``. Linear and
    without recursion, before ``json.loads`` could recurse."""
    brackets = _NOT_BRACKETS.sub("", text)
    if max(accumulate(map(_STEP.__getitem__, brackets)), default=0) <= limit:
        return None
    depth = 0
    top = None
    item = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token[0] == '"':
            continue
        if token in "[{":
            top = top or token
            depth += 1
            if depth == (2 if top == "[" else 3):
                item += 1
            if depth > limit:
                return text.count("\n", 0, match.start()) + 1, item or None
        else:
            depth -= 1
    return None


def deep_json_message(line):
    return _("dữ liệu JSON lồng nhau quá sâu (quá %(max)d cấp, ở dòng %(line)d)") % {"max": MAX_DEPTH, "line": line}


# --- XLSX parts ----------------------------------------------------------------


def check_xlsx_parts(archive):
    """Refuse a workbook whose uncompressed parts exceed the budget, before
    openpyxl opens it: a few hundred kilobytes of zip can hold gigabytes of
    shared strings, which openpyxl keeps in memory."""
    members = archive.infolist()
    if len(members) > MAX_XLSX_MEMBERS:
        raise FileError(_("bảng tính có quá nhiều thành phần (tối đa %(max)d)") % {"max": MAX_XLSX_MEMBERS})
    shared = _shared_strings_parts(archive)
    for member in members:
        is_sheet = member.filename.startswith("xl/worksheets/") and member.filename not in shared
        limit = MAX_SHEET_BYTES if is_sheet else MAX_PART_BYTES
        if member.file_size > limit:
            what = _("trang tính") if is_sheet else _("bảng chuỗi dùng chung") if member.filename in shared else ""
            raise FileError(
                _("bảng tính quá lớn khi giải nén: %(part)s %(what)s %(size)d MB, tối đa %(max)d MB")
                % {
                    "part": member.filename,
                    "what": what,
                    "size": member.file_size // (1024 * 1024),
                    "max": limit // (1024 * 1024),
                }
            )


def _shared_strings_parts(archive):
    """Member names declared as shared strings in ``[Content_Types].xml``
    (where openpyxl looks for them), plus the usual name."""
    parts = {"xl/sharedStrings.xml"}
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return parts
    if info.file_size > MAX_PART_BYTES:
        return parts  # refused by the size check
    try:
        root = ElementTree.fromstring(archive.read(info))
    except (ElementTree.ParseError, zipfile.BadZipFile, ValueError):
        return parts  # openpyxl refuses it later with its own error
    for element in root:
        if element.get("ContentType") == SHARED_STRINGS_TYPE and element.get("PartName"):
            parts.add(element.get("PartName").lstrip("/"))
    return parts
