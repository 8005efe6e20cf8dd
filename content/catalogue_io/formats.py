"""Reading and writing the three file formats.

Spreadsheet rows (CSV, XLSX) carry one procedure each; nested lists (steps,
methods, components, legal bases) are JSON text in their cell, coordinating
agencies are codes separated by ";". Cells that a spreadsheet would run as a
formula (starting with ``= + - @``, tab or CR) are written with a leading
``'``; a leading ``'`` is also doubled, and the reader removes exactly one, so
the round trip is exact.
"""

import csv
import io
import json
import zipfile

from django.utils.translation import gettext as _

from .limits import MAX_FILE_BYTES, MAX_ROWS, FileError, check_xlsx_parts, deep_json_message, json_too_deep
from .schema import FORMAT, KEYS, KINDS, NESTED, REQUIRED_COLUMNS, canonical_key

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise(text):
    if text and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def restore(text):
    if text and text.startswith("'"):
        return text[1:]
    return text


def detect_format(name, head):
    lowered = (name or "").lower()
    for ext in ("json", "csv", "xlsx"):
        if lowered.endswith("." + ext):
            return ext
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def read_records(data, file_format):
    """``[(row number, raw dict), ...]`` from the file's bytes."""
    if file_format == "json":
        return _read_json(data)
    if file_format == "xlsx":
        return _read_xlsx(data)
    return _read_csv(data)


def _decode(data):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError(
            _("tệp không đúng mã hóa UTF-8 (byte lỗi ở vị trí %(pos)d); hãy lưu lại tệp với mã hóa UTF-8")
            % {"pos": error.start}
        ) from error


def _read_json(data):
    text = _decode(data)
    too_deep = json_too_deep(text)
    if too_deep:
        line, item = too_deep
        raise FileError(deep_json_message(line), row=item)
    try:
        document = json.loads(text)
    except ValueError as error:
        raise FileError(
            _("tệp JSON không hợp lệ (dòng %(line)s): %(msg)s")
            % {"line": getattr(error, "lineno", "?"), "msg": getattr(error, "msg", "")}
        ) from error
    if isinstance(document, dict):
        items = document.get("procedures")
        if items is None:
            raise FileError(_("tệp JSON thiếu khóa “procedures” (danh sách thủ tục)"))
    else:
        items = document
    if not isinstance(items, list):
        raise FileError(_("“procedures” phải là một danh sách thủ tục"))
    if len(items) > MAX_ROWS:
        raise FileError(_("tệp có quá nhiều thủ tục (tối đa %(max)d)") % {"max": MAX_ROWS})
    return [(number, item) for number, item in enumerate(items, start=1)]


def _rows_to_records(header, rows, first_line):
    columns = [canonical_key(restore(str(cell or ""))) for cell in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise FileError(_("cột bắt buộc bị thiếu: %(columns)s") % {"columns": ", ".join(missing)})
    seen = set()
    for column in columns:
        if column and column in seen:
            raise FileError(_("cột “%(column)s” xuất hiện hai lần") % {"column": column})
        seen.add(column)
    records = []
    for offset, row in enumerate(rows):
        cells = ["" if cell is None else cell for cell in row]
        if not any(str(cell).strip() for cell in cells):
            continue
        if len(records) >= MAX_ROWS:
            raise FileError(_("tệp có quá nhiều dòng (tối đa %(max)d)") % {"max": MAX_ROWS})
        record = {}
        for column, cell in zip(columns, cells, strict=False):
            if not column:
                continue
            if isinstance(cell, str):
                cell = restore(cell)
            record[column] = cell
        records.append((first_line + offset, record))
    return records


def _read_csv(data):
    text = _decode(data)
    if "\x00" in text:
        raise FileError(_("tệp CSV chứa ký tự NUL, không phải tệp văn bản"))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(MAX_FILE_BYTES)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise FileError(_("tệp CSV không đọc được: %(msg)s") % {"msg": error}) from error
    if not rows:
        raise FileError(_("tệp rỗng"))
    return _rows_to_records(rows[0], rows[1:], first_line=2)


def _read_xlsx(data):
    from openpyxl import load_workbook  # heavy: loaded on the first XLSX import

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_xlsx_parts(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise FileError(_("tệp không phải là bảng tính XLSX hợp lệ")) from error
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on broken files
        raise FileError(
            _("tệp không phải là bảng tính XLSX hợp lệ (%(kind)s)") % {"kind": type(error).__name__}
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise FileError(_("tệp rỗng"))
        return _rows_to_records(list(header), rows, first_line=2)
    finally:
        workbook.close()


# --- writing ------------------------------------------------------------------


def to_cells(record):
    """One spreadsheet row (strings) from a canonical record."""
    cells = []
    for key in KEYS:
        value = record[key]
        kind = KINDS[key]
        if key in NESTED:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else ""
        elif kind in ("codes", "applicants"):
            text = "; ".join(value)
        elif kind == "bool":
            text = "1" if value else "0"
        elif value is None:
            text = ""
        else:
            text = str(value)
        cells.append(neutralise(text))
    return cells


def write_json(records):
    document = {"format": FORMAT, "procedures": records}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_csv(records):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(KEYS)
    for record in records:
        writer.writerow(to_cells(record))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(records):
    from openpyxl import Workbook  # openpyxl is heavy: loaded on the first XLSX import/export
    from openpyxl.cell.cell import TYPE_STRING, WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("thu_tuc")
    sheet.append(KEYS)
    for record in records:
        row = []
        for text in to_cells(record):
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = TYPE_STRING
            row.append(cell)
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WRITERS = {"json": write_json, "csv": write_csv, "xlsx": write_xlsx}
