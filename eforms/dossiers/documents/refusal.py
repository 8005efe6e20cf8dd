"""The refusal "Phiếu từ chối tiếp nhận giải quyết hồ sơ" (Mẫu số 03,
Circular 03/2025/TT-VPCP, Phụ lục I), for a dossier in status 3 with the reason the
officer recorded in its history."""

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
    legal_basis,
    person,
)
from portal.pdf import Page, build_pdf, columns, para, signature, styles

PAGE = Page(left=25 * mm, right=15 * mm, top=18 * mm, bottom=18 * mm)
TITLE = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"


class NotRefused(ValueError):
    """The dossier was not refused: there is no refusal to print."""


def refusal_row(dossier):
    """The history row that refused the dossier (its latest move to 3)."""
    return dossier.history.filter(to_status=DossierStatus.NOT_ACCEPTED).select_related("actor").last()


def refusal_pdf(dossier):
    """Mẫu số 03; :class:`NotRefused` when the dossier is not in status 3."""
    row = refusal_row(dossier)
    if dossier.status != DossierStatus.NOT_ACCEPTED or row is None:
        raise NotRefused(dossier.code)
    st = styles(11, 15)
    agency = agency_name(dossier)
    story = [
        document_header(dossier, PAGE.width, st, number=f"{dossier.code}/TCHS", dated=row.created_at),
        Spacer(1, 4 * mm),
    ]
    story.extend(centered_title(TITLE, st))
    lines = [
        f"{agency} tiếp nhận hồ sơ của: Ông/Bà {dossier.applicant_name}",
        f"Mã hồ sơ: {dossier.code}, nộp ngày {day(dossier.received_at)}",
        f"Địa chỉ: {dossier.applicant_address or '—'}",
        f"Số điện thoại: {dossier.applicant_phone or '—'}    Thư điện tử: {dossier.applicant_email or '—'}",
        f"Nội dung yêu cầu giải quyết: {dossier.procedure_name}",
    ]
    story.extend(para(text, st["item"]) for text in lines)
    story.append(Spacer(1, 2 * mm))
    story.append(
        para(
            f"Căn cứ quy định tại {legal_basis(dossier)}, {agency} từ chối tiếp nhận giải quyết hồ sơ "
            "này vì lý do sau:",
            st["justify"],
        )
    )
    story.append(para((row.note or "").strip() or "—", st["item"]))
    story.append(para("Xin thông báo cho Ông/Bà được biết và thực hiện./.", st["item"]))
    story.append(Spacer(1, 8 * mm))
    officer = person(row.actor) or (row.actor_label if row.actor_id else "")
    sign = signature("NGƯỜI TIẾP NHẬN HỒ SƠ", officer, st)
    story.append(columns([Spacer(1, 1), sign], [PAGE.width * 0.46, PAGE.width * 0.54]))
    pdf = build_pdf(
        story,
        PAGE,
        title=f"Phiếu từ chối tiếp nhận {dossier.code}",
        author=author(),
        subject=f"{TITLE} (Mẫu số 03, Thông tư 03/2025/TT-VPCP)",
    )
    return center_signed(pdf, "Phiếu từ chối tiếp nhận hồ sơ (Mẫu số 03)")
