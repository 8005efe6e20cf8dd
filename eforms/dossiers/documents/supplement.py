"""The supplement request "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" (Mẫu
số 02, Circular 03/2025/TT-VPCP, Phụ lục I), from a dossier's ``SupplementRequest``."""

import datetime as dt

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
    moment,
    person,
)
from portal.pdf import Page, build_pdf, columns, para, signature, styles

PAGE = Page(left=25 * mm, right=15 * mm, top=18 * mm, bottom=18 * mm)
TITLE = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"


def _items(text):
    """The requested documents as numbered lines (one per line typed)."""
    lines = [line.strip(" -•\t") for line in (text or "").splitlines()]
    return [line for line in lines if line] or ["—"]


def _reason(request):
    """The officer's note on the history row that asked for the supplement,
    when it says more than the list itself."""
    since = request.requested_at - dt.timedelta(minutes=5)
    rows = request.dossier.history.filter(to_status=DossierStatus.SUPPLEMENT_REQUESTED, created_at__gte=since)
    row = rows.order_by("created_at").first()
    note = (row.note or "").strip() if row else ""
    return "" if not note or note == request.items.strip() else note


def supplement_pdf(request):
    """Mẫu số 02 for one supplement request (``SupplementRequest``)."""
    dossier = request.dossier
    st = styles(11, 15, justify={"spaceBefore": 3})
    st["bullet"] = ParagraphStyle("bullet", parent=st["item"], leftIndent=6 * mm)
    agency = issuing_agency(dossier)
    number = f"{dossier.code}/HDHS"
    story = [document_header(dossier, PAGE.width, st, number=number, dated=request.requested_at), Spacer(1, 4 * mm)]
    story.extend(centered_title(TITLE, st))
    lines = [
        f"Hồ sơ của: Ông/Bà {dossier.applicant_name}",
        f"Mã hồ sơ: {dossier.code}, tiếp nhận ngày {day(dossier.received_at)}",
        f"Nội dung yêu cầu giải quyết: {dossier.procedure_name}",
        f"1. Địa chỉ: {dossier.applicant_address or '—'}",
        f"2. Số điện thoại: {dossier.applicant_phone or '—'}    Thư điện tử: {dossier.applicant_email or '—'}",
        "3. Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:",
    ]
    story.extend(para(text, st["item"]) for text in lines)
    story.extend(para(f"- {item}", st["bullet"]) for item in _items(request.items))
    reason = _reason(request)
    if reason:
        story.append(para(f"Lý do: {reason}", st["item"]))
    deadline = getattr(request, "deadline_at", None)
    if deadline:
        story.append(para(f"Thời hạn bổ sung, hoàn thiện hồ sơ: trước {moment(deadline)}.", st["item"]))
    officer = person(request.requested_by, "Bộ phận tiếp nhận và trả kết quả")
    phone = (agency.phone if agency else "") or "—"
    story.append(
        para(
            "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với "
            f"{officer}, {agency_name(dossier)}, số điện thoại {phone} để được hướng dẫn.",
            st["justify"],
        )
    )
    story.append(
        para(
            "Thời gian chờ bổ sung, hoàn thiện hồ sơ không tính vào thời hạn giải quyết hồ sơ.",
            st["item"],
        )
    )
    story.append(Spacer(1, 8 * mm))
    sign = signature("NGƯỜI HƯỚNG DẪN", person(request.requested_by), st)
    story.append(columns([Spacer(1, 1), sign], [PAGE.width * 0.46, PAGE.width * 0.54]))
    pdf = build_pdf(
        story,
        PAGE,
        title=f"Phiếu yêu cầu bổ sung {dossier.code}",
        author=author(),
        subject=f"{TITLE} (Mẫu số 02, Thông tư 03/2025/TT-VPCP)",
    )
    return center_signed(pdf, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu số 02)")
