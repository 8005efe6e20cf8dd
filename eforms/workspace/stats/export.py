"""The board as an XLSX workbook: one sheet per grouping, real numbers,
percentages and dates (never text), names neutralised against formula
injection."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from eforms.dossiers.rendering import neutralize


def columns():
    """(header, group header, value of a Row, number format)."""
    pct = "0.0%"
    count = "#,##0"  # thousands separated, still a number

    def rate(name):
        return lambda r: None if getattr(r, name) is None else getattr(r, name) / 100

    return [
        (_("Tồn kỳ trước"), "", lambda r: r.carried_over, count),
        (_("Trực tuyến"), _("Tiếp nhận trong kỳ"), lambda r: r.received_online, count),
        (_("Trực tiếp"), _("Tiếp nhận trong kỳ"), lambda r: r.received_counter, count),
        (_("Bưu chính công ích"), _("Tiếp nhận trong kỳ"), lambda r: r.received_postal, count),
        (_("Tổng tiếp nhận"), _("Tiếp nhận trong kỳ"), lambda r: r.received, count),
        (_("Trước hạn"), _("Đã giải quyết"), lambda r: r.early, count),
        (_("Đúng hạn"), _("Đã giải quyết"), lambda r: r.on_time, count),
        (_("Quá hạn"), _("Đã giải quyết"), lambda r: r.late, count),
        (_("Tổng đã giải quyết"), _("Đã giải quyết"), lambda r: r.resolved, count),
        (_("Trong hạn"), _("Đang giải quyết"), lambda r: r.in_progress_within, count),
        (_("Quá hạn"), _("Đang giải quyết"), lambda r: r.in_progress_past, count),
        (_("Rút hồ sơ"), "", lambda r: r.withdrawn, count),
        (_("Dừng xử lý"), "", lambda r: r.stopped, count),
        (_("Từ chối tiếp nhận"), "", lambda r: r.refused, count),
        (_("Tỷ lệ đúng hạn"), _("Chỉ số phục vụ (QĐ 766/QĐ-TTg)"), rate("on_time_rate"), pct),
        (_("Tỷ lệ tiếp nhận trực tuyến"), _("Chỉ số phục vụ (QĐ 766/QĐ-TTg)"), rate("online_rate"), pct),
        (_("Tỷ lệ thanh toán trực tuyến"), _("Chỉ số phục vụ (QĐ 766/QĐ-TTg)"), rate("online_payment_rate"), pct),
        (_("Tỷ lệ số hóa hồ sơ"), _("Chỉ số phục vụ (QĐ 766/QĐ-TTg)"), rate("digitised_rate"), pct),
        (_("Điểm hài lòng (1–5)"), _("Chỉ số phục vụ (QĐ 766/QĐ-TTg)"), lambda r: r.rating_average, "0.00"),
    ]


BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")


def _sheet(workbook, title, first_header, rows, total, period, heading):
    sheet = workbook.create_sheet(title=title[:31])
    cols = columns()
    sheet["A1"] = heading
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"], sheet["B2"] = _("Từ ngày"), period.first_day
    sheet["C2"], sheet["D2"] = _("Đến ngày"), period.last_day
    sheet["E2"], sheet["F2"] = _("Lập lúc"), timezone.localtime().replace(tzinfo=None, microsecond=0)
    for cell in ("B2", "D2"):
        sheet[cell].number_format = "dd/mm/yyyy"
    sheet["F2"].number_format = "dd/mm/yyyy hh:mm"
    group_row, head_row = 4, 5
    sheet.cell(row=head_row, column=1, value=first_header)
    for index, (header, group, _value, _fmt) in enumerate(cols, start=2):
        sheet.cell(row=head_row, column=index, value=header)
        if group:
            sheet.cell(row=group_row, column=index, value=group)
    # merge consecutive equal group headers
    index = 2
    while index < len(cols) + 2:
        group = cols[index - 2][1]
        stop = index
        while stop + 1 < len(cols) + 2 and group and cols[stop - 1][1] == group:
            stop += 1
        if group and stop > index:
            sheet.merge_cells(start_row=group_row, start_column=index, end_row=group_row, end_column=stop)
        index = stop + 1
    for row in sheet.iter_rows(min_row=group_row, max_row=head_row):
        for cell in row:
            cell.font, cell.fill = BOLD, HEAD_FILL
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    line = head_row
    for item in [*rows, *([total] if total is not None else [])]:
        line += 1
        name = item.name + (f" ({item.code})" if item.code and item.code != item.name else "")
        sheet.cell(row=line, column=1, value=neutralize(name)).data_type = "s"  # text, never a formula
        for index, (_header, _group, value, fmt) in enumerate(cols, start=2):
            cell = sheet.cell(row=line, column=index, value=value(item))
            cell.number_format = fmt
        if item is total:
            for cell in sheet[line]:
                cell.font = BOLD
    sheet.column_dimensions["A"].width = 48
    for index in range(2, len(cols) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 13
    sheet.row_dimensions[head_row].height = 45
    sheet.freeze_panes = sheet.cell(row=head_row + 1, column=2)
    return sheet


SHEETS = {
    "agency": ("Co quan", gettext_lazy("Cơ quan, đơn vị")),
    "field": ("Linh vuc", gettext_lazy("Lĩnh vực")),
    "procedure": ("Thu tuc", gettext_lazy("Thủ tục")),
    "officer": ("Can bo", gettext_lazy("Cán bộ xử lý")),
}


def to_xlsx(board, heading):
    """The workbook of ``board`` (its tables and months) as bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for dimension, (rows, total) in board.tables.items():
        title, first = SHEETS[dimension]
        _sheet(workbook, title, str(first), rows, total, board.period, f"{heading} — {board.period.label}")
    if board.months:
        _sheet(
            workbook, "Theo thang", _("Tháng"), board.months, None, board.period, f"{heading} — {board.period.label}"
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
