"""Exports (CSV, XLSX) of the filtered queue and of one dossier's answers,
safe against formula injection: a cell starting with = + - @ tab or CR is
prefixed with ' (``Mode.CELL`` of the answer renderer). In the XLSX, dates
are Excel dates (``dd/mm/yyyy hh:mm``, local time) and amounts numbers with
a thousands format, never text; the CSV writes the same as text."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from eforms.dossiers.constants import Channel, DossierStatus
from eforms.dossiers.deadlines import DEADLINE_LABELS, completed_late, deadline_calendar, deadline_state
from eforms.dossiers.rendering import AnswerRenderer, Mode, neutralize

MAX_EXPORT_ROWS = 10_000


def headers():
    return [
        _("Mã hồ sơ"),
        _("Mã thủ tục"),
        _("Tên thủ tục"),
        _("Người nộp"),
        _("Số định danh"),
        _("Số điện thoại"),
        _("Kênh nộp"),
        _("Trạng thái"),
        _("Ngày tiếp nhận"),
        _("Hẹn trả kết quả"),
        _("Ngày xử lý xong"),
        _("Tình trạng thời hạn"),
        _("Phí, lệ phí (đồng)"),
    ]


DATE_COLUMNS = (8, 9, 10)  # 0-based: received, due, completed
MONEY_COLUMN = 12
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MONEY_FORMAT = "#,##0"


def _deadline_text(dossier, now, calendar=None):
    state = deadline_state(dossier, now, calendar)
    if state:
        return str(DEADLINE_LABELS[state])
    if dossier.completed_at:
        return _("Xử lý xong quá hạn") if completed_late(dossier) else _("Xử lý xong đúng hạn")
    return ""


def export_dossiers(queryset):
    """The dossiers an export holds (at most ``MAX_EXPORT_ROWS``), as a list:
    the rows written and the codes audited are the same."""
    return list(queryset[:MAX_EXPORT_ROWS])


def records(queryset):
    """Typed cells of each dossier: text neutralised against formulas, dates
    as naive local datetimes (Excel has no time zone), the fee as a number."""
    now = timezone.now()
    dossiers = export_dossiers(queryset)
    calendar = deadline_calendar(dossiers, now)
    for dossier in dossiers:
        texts = [
            neutralize(value)
            for value in (
                dossier.code,
                dossier.procedure_code,
                dossier.procedure_name,
                dossier.applicant_name,
                dossier.applicant_id_number,
                dossier.applicant_phone,
                Channel(dossier.channel).label,
                DossierStatus(dossier.status).label,
            )
        ]
        moments = [_naive_local(value) for value in (dossier.received_at, dossier.due_at, dossier.completed_at)]
        yield [*texts, *moments, neutralize(_deadline_text(dossier, now, calendar)), int(dossier.fee_vnd or 0)]


def _naive_local(value):
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0) if value else None


def rows(queryset):
    """Cells of each dossier as text (a queryset, or the list of :func:`export_dossiers`)."""
    for record in records(queryset):
        yield [
            (value.strftime("%d/%m/%Y %H:%M") if value else "")
            if index in DATE_COLUMNS
            else (str(value) if index == MONEY_COLUMN else value)
            for index, value in enumerate(record)
        ]


def answer_rows(dossier):
    """One dossier's answers as ``[label, value]`` cells, the same text as
    its review page, detail page and submission sheet."""
    return [[neutralize(label), value] for label, value in AnswerRenderer.for_dossier(dossier, Mode.CELL)]


def _csv(header, body):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(body)
    return buffer.getvalue().encode("utf-8")


def to_csv(queryset):
    return _csv(headers(), rows(queryset))


def answers_csv(dossier):
    return _csv([_("Nội dung"), _("Trả lời")], answer_rows(dossier))


def to_xlsx(queryset):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ho so"
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in records(queryset):
        sheet.append(record)
        for index, cell in enumerate(sheet[sheet.max_row]):
            if index in DATE_COLUMNS:
                cell.number_format = DATETIME_FORMAT
            elif index == MONEY_COLUMN:
                cell.number_format = MONEY_FORMAT
            elif cell.value is not None:
                cell.data_type = "s"  # text, never a formula
    widths = [26, 14, 50, 28, 16, 14, 14, 24, 18, 18, 18, 18, 14]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
