"""The register "Sổ theo dõi hồ sơ" (Mẫu số 07, Circular 03/2025/TT-VPCP, Phụ lục I)
of an agency for a period, as a landscape PDF and as an XLSX workbook
(real dates, text never read as a formula). Rows and numbers come from
``eforms.dossiers.documents.register``."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from eforms.dossiers.documents.base import author, center_signed, issuer_header, local
from eforms.dossiers.documents.issuer import issuer_of
from eforms.dossiers.documents.register import book_label, register_rows
from portal.pdf import SERIF, Page, build_pdf, grid_table, para, styles

PAGE = Page(left=10 * mm, right=10 * mm, top=12 * mm, bottom=12 * mm, wide=True)
TITLE = "SỔ THEO DÕI HỒ SƠ"
DATES = "Ngày, tháng, năm"
COLUMNS = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả cho cá nhân, tổ chức",
    "Ký nhận",
    "Ghi chú",
)
FIRST_DATE, LAST_DATE = 7, 11  # 0-based columns under "Ngày, tháng, năm"
WIDTHS_MM = (9, 27, 34, 12, 24, 28, 22, 18, 18, 18, 18, 18, 12)
XLSX_WIDTHS = (6, 28, 40, 10, 24, 32, 26, 17, 17, 17, 17, 17, 12, 24)
DATE_FORMAT = "dd/mm/yyyy hh:mm"


def _values(row):
    """The fourteen values of a register row; dates as aware datetimes."""
    d = row.dossier
    contact = ", ".join(part for part in (d.applicant_address, d.applicant_phone) if part)
    due = getattr(d, "original_due_at", None) or d.due_at
    return [
        row.entry.number,
        d.code,
        d.procedure_name,
        d.sets_count,
        d.applicant_name,
        contact,
        d.agency.title if d.agency else "",
        d.received_at,
        due,
        row.sent_at,
        row.result_at,
        d.returned_at,
        "",
        row.note,
    ]


def _period_line(start, end):
    return f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def _books(agencies, start):
    return [(agency, register_rows([agency], start[0], start[1])) for agency in agencies]


def _pdf_cell(value, index, st):
    if index in range(FIRST_DATE, LAST_DATE + 1):
        return para(local(value, "%d/%m/%Y\n%H:%M") if value else "", st["cell_center"])
    if index == 1:
        unit, _sep, rest = str(value).partition("-")
        return para(f"{unit}-\n{rest}" if rest else unit, st["cell"])
    style = st["cell_center"] if index in (0, 3) else st["cell"]
    return para("" if value is None else str(value), style)


def _table(rows, st):
    head = [para(text, st["head"]) for text in COLUMNS]
    top = [para(text, st["head"]) if not FIRST_DATE <= i <= LAST_DATE else "" for i, text in enumerate(COLUMNS)]
    top[FIRST_DATE] = para(DATES, st["head"])
    second = ["" if not FIRST_DATE <= i <= LAST_DATE else cell for i, cell in enumerate(head)]
    numbers = [para(f"({i})", st["small_center"]) for i in range(1, len(COLUMNS) + 1)]
    body = [[_pdf_cell(v, i, st) for i, v in enumerate(_values(row))] for row in rows]
    if not body:
        body = [["", para("Không có hồ sơ trong kỳ.", st["cell"]), *[""] * (len(COLUMNS) - 2)]]
    widths = [w * mm for w in WIDTHS_MM]
    widths.append(PAGE.width - sum(widths))
    spans = [("SPAN", (i, 0), (i, 1)) for i in range(len(COLUMNS)) if not FIRST_DATE <= i <= LAST_DATE]
    spans.append(("SPAN", (FIRST_DATE, 0), (LAST_DATE, 0)))
    padding = [("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
    extra = [*spans, *padding, ("VALIGN", (0, 0), (-1, 2), "MIDDLE")]
    return grid_table([top, second, numbers, *body], widths, header_rows=3, extra=extra)


def _page_number(canvas, document):
    canvas.saveState()
    canvas.setFont(SERIF, 8)
    canvas.drawRightString(PAGE.size[0] - PAGE.right, 6 * mm, f"Trang {document.page}")
    canvas.restoreState()


def register_pdf(agencies, start, end):
    """Mẫu số 07 of each agency (one book after another) for ``start`` to
    ``end`` (dates, inclusive)."""
    st = styles(9, 12, cell={"fontSize": 7.5, "leading": 9.5}, head={"fontSize": 7.5, "leading": 9.5})
    story = []
    for index, (agency, rows) in enumerate(_books(agencies, (start, end))):
        if index:
            story.append(PageBreak())
        story.append(issuer_header(issuer_of(agency), PAGE.width, st, dated=timezone.now()))
        story.append(para(TITLE, st["title"]))
        story.append(para(f"Quyển số: {book_label(agency, start.year)} — {_period_line(start, end)}", st["center"]))
        story.extend([Spacer(1, 3 * mm), _table(rows, st)])
    pdf = build_pdf(story, PAGE, title=TITLE.capitalize(), author=author(), subject=TITLE, on_page=_page_number)
    return center_signed(pdf, "Sổ theo dõi hồ sơ (Mẫu số 07)")


def _naive(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _sheet(workbook, agency, rows, start, end):
    sheet = workbook.create_sheet(title=(agency.code or "so")[:31])
    thin = Side(style="thin", color="8A939D")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    last = len(COLUMNS)
    for line, (text, bold) in enumerate(
        [(issuer_of(agency).display_name, True), (TITLE, True), (f"Quyển số: {book_label(agency, start.year)}", False)]
        + [(_period_line(start, end), False)],
        start=1,
    ):
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=last)
        cell = sheet.cell(row=line, column=1, value=text)
        cell.data_type = "s"
        cell.font = Font(bold=bold, size=13 if text == TITLE else 11)
        cell.alignment = Alignment(horizontal="center")
    head, sub = 6, 7
    for index, text in enumerate(COLUMNS, start=1):
        dated = FIRST_DATE < index <= LAST_DATE + 1
        cell = sheet.cell(row=sub if dated else head, column=index, value=text)
        if not dated:
            sheet.merge_cells(start_row=head, start_column=index, end_row=sub, end_column=index)
    sheet.merge_cells(start_row=head, start_column=FIRST_DATE + 1, end_row=head, end_column=LAST_DATE + 1)
    sheet.cell(row=head, column=FIRST_DATE + 1, value=DATES)
    for row in sheet.iter_rows(min_row=head, max_row=sub, max_col=last):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = border
    for item in rows:
        values = _values(item)
        sheet.append([_naive(v) if FIRST_DATE <= i <= LAST_DATE else v for i, v in enumerate(values)])
        for index, cell in enumerate(sheet[sheet.max_row]):
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if FIRST_DATE <= index <= LAST_DATE:
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=sub + 1, column=3)
    sheet.print_options.gridLines = False
    sheet.page_setup.orientation = "landscape"
    return sheet


def register_xlsx(agencies, start, end):
    """Mẫu số 07 as a workbook: one sheet per agency."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for agency, rows in _books(agencies, (start, end)):
        _sheet(workbook, agency, rows, start, end)
    if not workbook.sheetnames:
        workbook.create_sheet(title="so")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register_codes(agencies, start, end):
    """The dossier codes a register export contains (for the audit trail)."""
    return [row.dossier.code for _agency, rows in _books(agencies, (start, end)) for row in rows]
