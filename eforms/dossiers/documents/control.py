"""The control sheet "Phiếu kiểm soát quá trình giải quyết hồ sơ" (Mẫu số
06, Circular 03/2025/TT-VPCP, Phụ lục I; it was Mẫu số 05 of Circular
01/2018/TT-VPCP): every step of the dossier — who handed it over, who
received it, when, and whether the step came before, on or after
its due date. A dossier handled through an internal process gets one row per
step of the process (the caller passes them as :class:`HandOver`, since the
processes sit above this package), judged against each step's deadline;
otherwise the rows are read from its history rows, judged against the
dossier's due date."""

from dataclasses import dataclass

from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from eforms.dossiers.constants import CLOCK_PAUSED_STATUSES, DossierStatus
from eforms.dossiers.documents.base import (
    agency_name,
    author,
    center_signed,
    centered_title,
    document_header,
    local,
    moment,
    original_due,
    person,
)
from portal.pdf import Page, build_pdf, columns, grid_table, para, signature, styles

PAGE = Page(left=20 * mm, right=15 * mm, top=15 * mm, bottom=15 * mm)
TITLE = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
EARLY, ON_TIME, LATE = "Trước hạn", "Đúng hạn", "Quá hạn"
PAUSED = "Tạm dừng tính thời hạn"


@dataclass(frozen=True)
class Step:
    number: int
    label: str  # what happened: the status the dossier moved to
    giver: str  # who handed the dossier over
    receiver: str  # who received it
    at: object  # when (aware datetime)
    result: str  # Trước hạn / Đúng hạn / Quá hạn / —
    note: str


@dataclass(frozen=True)
class HandOver:
    """One step of an internal process, as the caller read it."""

    number: int
    name: str
    role: str  # the role's label: "Cán bộ xử lý", "Lãnh đạo"
    due_at: object  # the step's deadline, or None
    done_at: object  # when the step was completed (the hand-over), or None
    done_by: str  # who completed it
    note: str = ""
    pauses: tuple = ()  # ((start, end or None), …) of the clock within the step


def judge(at, due):
    """Trước hạn (an earlier day than the due date), Đúng hạn (by the due
    moment), Quá hạn (after it); "—" without a due date."""
    if due is None or at is None:
        return "—"
    if at > due:
        return LATE
    if timezone.localtime(at).date() < timezone.localtime(due).date():
        return EARLY
    return ON_TIME


def _actor(row):
    return person(row.actor) or row.actor_label or "—"


def steps(dossier):
    """The :class:`Step` list of ``dossier``, oldest first."""
    due = original_due(dossier)
    rows = list(dossier.history.select_related("actor").order_by("created_at", "pk"))
    result = []
    giver = dossier.applicant_name
    for index, row in enumerate(rows, start=1):
        receiver = _actor(row)
        if row.from_status is None and receiver in ("Công dân", "—"):
            receiver = "Hệ thống thông tin giải quyết TTHC"
        paused = row.to_status in CLOCK_PAUSED_STATUSES
        verdict = PAUSED if paused else judge(row.created_at, due)
        if row.to_status in (DossierStatus.NEW, DossierStatus.NOT_ACCEPTED, DossierStatus.WITHDRAWN):
            verdict = "—"
        label = DossierStatus(row.to_status).label
        result.append(Step(index, str(label), giver, receiver, row.created_at, verdict, row.note or ""))
        giver = receiver
    return result


def _pause_text(pauses):
    lines = []
    for start, end in pauses:
        until = moment(end) if end else "nay"
        lines.append(f"{PAUSED} từ {moment(start)} đến {until}.")
    return "\n".join(lines)


def process_rows(dossier, handovers, st):
    """The table rows of an internal process: row *k* is the hand-over at
    the end of step *k*, from its handler to the next step's (the last
    step hands the result to the applicant)."""
    agency = (dossier.agency.short_name if dossier.agency else "") or agency_name(dossier)
    rows = []
    for index, step in enumerate(handovers):
        following = handovers[index + 1] if index + 1 < len(handovers) else None
        if following is not None:
            to_body = f"bước {following.number}: {following.name} ({following.role})"
            receiver = following.done_by or following.role
        else:
            to_body = f"Ông/Bà {dossier.applicant_name} (nhận kết quả)"
            receiver = dossier.applicant_name if dossier.returned_at else "—"
        giver = step.done_by or "—"
        when = (
            f"{local(step.done_at, '%H giờ %M phút')},\nngày {local(step.done_at, '%d/%m/%Y')}"
            if step.done_at
            else "…… giờ …… phút,\nngày ……/……/……"
        )
        verdict = judge(step.done_at, step.due_at) if step.done_at else ""
        due = f"Hạn bước:\n{local(step.due_at)}" if step.due_at else "Hạn bước: —"
        notes = "\n".join(filter(None, [step.note, _pause_text(step.pauses)]))
        rows.append(
            [
                para(str(step.number), st["cell_center"]),
                para(f"Giao: {agency} — bước {step.number}: {step.name} ({step.role})\nNhận: {to_body}", st["cell"]),
                para(f"{when}\nNgười giao: {giver}\nNgười nhận: {receiver}", st["cell"]),
                [para(verdict or "—", st["cell_center"]), para(due, st["small_center"])],
                para(notes, st["cell"]),
            ]
        )
    return rows


def _rows(dossier, st, handovers=None):
    head = ("STT", "TÊN CƠ QUAN", "THỜI GIAN GIAO,\nNHẬN HỒ SƠ", "KẾT QUẢ GIẢI QUYẾT HỒ SƠ", "GHI CHÚ")
    table = [[para(text, st["head"]) for text in head]]
    table.append(["", "", "", para("(Trước hạn/đúng hạn/quá hạn)", st["small_center"]), ""])
    agency = (dossier.agency.short_name if dossier.agency else "") or agency_name(dossier)
    if handovers:
        table.extend(process_rows(dossier, handovers, st))
    for step in steps(dossier) if not handovers else ():
        table.append(
            [
                para(str(step.number), st["cell_center"]),
                para(f"{agency}\n{step.label}", st["cell"]),
                para(f"{moment(step.at)}\nNgười giao: {step.giver}\nNgười nhận: {step.receiver}", st["cell"]),
                para(step.result, st["cell_center"]),
                para(step.note, st["cell"]),
            ]
        )
    if len(table) == 2:
        table.append(["", para("Chưa có bước xử lý nào.", st["cell"]), "", "", ""])
    width = PAGE.width
    if handovers:  # the bodies and steps need the room; times are short
        widths = [9 * mm, width * 0.36, width * 0.27, 27 * mm]
    else:
        widths = [11 * mm, width * 0.22, width * 0.37, 30 * mm]
    widths.append(width - sum(widths))
    spans = [("SPAN", (col, 0), (col, 1)) for col in (0, 1, 2, 4)]
    padding = [("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    return grid_table(table, widths, header_rows=2, extra=[*spans, *padding, ("VALIGN", (0, 0), (-1, 1), "MIDDLE")])


def control_pdf(dossier, handovers=None):
    """Mẫu số 06 of ``dossier``; ``handovers``: the steps of its internal
    process (:class:`HandOver`), when it has one."""
    st = styles(10.5, 14)
    story = [document_header(dossier, PAGE.width, st, dated=timezone.now()), Spacer(1, 3 * mm)]
    story.extend(centered_title(TITLE, st))
    story.append(para(f"Mã hồ sơ: {dossier.code}", st["center_bold"]))
    story.append(para("(Liên: lưu tại Bộ phận tiếp nhận và trả kết quả)", st["small_center"]))
    story.append(Spacer(1, 3 * mm))
    coordinating = ", ".join(a.title for a in dossier.procedure.coordinating_agencies.all()) or "—"
    lines = [
        f"Kèm theo hồ sơ của: Ông/Bà {dossier.applicant_name}",
        f"Nội dung yêu cầu giải quyết: {dossier.procedure_name}",
        f"Cơ quan (bộ phận) giải quyết hồ sơ: {agency_name(dossier)}",
        f"Cơ quan phối hợp giải quyết hồ sơ: {coordinating}",
        f"Thời gian nhận hồ sơ: {moment(dossier.received_at)}",
        f"Thời gian trả kết quả theo giấy tiếp nhận: {moment(original_due(dossier))}",
    ]
    story.extend(para(text, st["item"]) for text in lines)
    table_styles = styles(9.5, 12.5) if handovers else st
    story.extend([Spacer(1, 3 * mm), _rows(dossier, table_styles, handovers), Spacer(1, 6 * mm)])
    officer = person(dossier.assigned_officer)
    sign = signature("NGƯỜI LẬP PHIẾU", officer, st)
    story.append(columns([Spacer(1, 1), sign], [PAGE.width * 0.5, PAGE.width * 0.5]))
    pdf = build_pdf(story, PAGE, title=f"Phiếu kiểm soát {dossier.code}", author=author(), subject=TITLE)
    return center_signed(pdf, "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu số 06)")
