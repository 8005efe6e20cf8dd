"""The notice "Thông báo dừng giải quyết hồ sơ" (Mẫu số 05, Circular
03/2025/TT-VPCP, Phụ lục I; new, Circular 01/2018/TT-VPCP had no such
form), for a dossier the agency stopped handling (status 8, the
workspace's "Dừng xử lý"): the dossier, the date it was stopped, the legal
basis and the reason the officer recorded in its history; the head of the
agency signs."""

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.documents.base import (
    agency_name,
    author,
    center_signed,
    centered_title,
    day,
    document_header,
    issuing_agency,
    legal_basis,
    person,
)
from portal.pdf import SERIF, Page, build_pdf, columns, para, signature, styles

PAGE = Page(left=25 * mm, right=15 * mm, top=18 * mm, bottom=18 * mm)
TITLE = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"
FORM = "Mẫu số 05, Thông tư 03/2025/TT-VPCP"
STYLE = {"small": {"textColor": colors.HexColor("#444444")}}


# control characters (NUL …) never reach the PDF; line breaks and tabs do
CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10))


class NotStopped(ValueError):
    """The dossier was not stopped: there is no notice to print."""


def stop_row(dossier):
    """The history row that stopped the dossier (its latest move to 8)."""
    return dossier.history.filter(to_status=DossierStatus.STOPPED).select_related("actor").last()


def _body(dossier, row):
    agency = agency_name(dossier)
    return [
        f"Ngày {day(dossier.received_at)}, {agency} tiếp nhận hồ sơ của Ông/Bà, mã hồ sơ {dossier.code}, "
        f"đề nghị giải quyết thủ tục hành chính: {dossier.procedure_name}.",
        f"Căn cứ quy định tại {legal_basis(dossier)}, {agency} thông báo dừng giải quyết hồ sơ nêu trên "
        f"kể từ ngày {day(row.created_at)} vì lý do sau:",
    ]


def _closing(dossier, row, st):
    """Recipients and the officer on the left, the head of the agency signs
    on the right."""
    agency = issuing_agency(dossier)
    officer = person(row.actor) or (row.actor_label if row.actor_id else "")
    recipients = [
        para("Nơi nhận:", st["small_bold"]),
        para(f"- Ông/Bà {dossier.applicant_name};", st["small"]),
        para("- Lưu: hồ sơ.", st["small"]),
        para(f"Cán bộ xử lý hồ sơ: {officer}", st["small"]) if officer else Spacer(1, 1),
    ]
    head_title = (agency.head_title if agency else "") or "THỦ TRƯỞNG CƠ QUAN"
    head_name = (agency.head_name if agency else "") or ""
    sign = signature(head_title, head_name, st, note="(Ký, ghi rõ họ tên và đóng dấu)", space=20 * mm)
    return columns([recipients, sign], [PAGE.width * 0.46, PAGE.width * 0.54])


def stop_notice_pdf(dossier):
    """Mẫu số 05; :class:`NotStopped` when the dossier is not in status 8."""
    row = stop_row(dossier)
    if dossier.status != DossierStatus.STOPPED or row is None:
        raise NotStopped(dossier.code)
    st = styles(11, 15, **STYLE)
    st["small_bold"] = ParagraphStyle("small_bold", parent=st["small"], fontName=f"{SERIF}-BoldItalic")
    story = [
        document_header(dossier, PAGE.width, st, number=f"{dossier.code}/TBDGQ", dated=row.created_at),
        Spacer(1, 4 * mm),
    ]
    story.extend(centered_title(TITLE, st))
    story.append(para(f"Kính gửi: Ông/Bà {dossier.applicant_name}", st["center_bold"]))
    story.append(Spacer(1, 4 * mm))
    for text in _body(dossier, row):
        story.extend([para(text, st["justify"]), Spacer(1, 2 * mm)])
    story.append(para((row.note or "").translate(CONTROL).strip() or "—", st["item"]))
    story.append(Spacer(1, 2 * mm))
    story.append(para("Xin thông báo để Ông/Bà được biết./.", st["justify"]))
    story.extend([Spacer(1, 6 * mm), _closing(dossier, row, st)])
    pdf = build_pdf(
        story,
        PAGE,
        title=f"Thông báo dừng giải quyết hồ sơ {dossier.code}",
        author=author(),
        subject=f"{TITLE} ({FORM})",
    )
    return center_signed(pdf, "Thông báo dừng giải quyết hồ sơ (Mẫu số 05)")
