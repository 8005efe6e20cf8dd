"""The apology letter "Văn bản xin lỗi và đề nghị gia hạn thời gian giải
quyết" (Mẫu số 04, Circular 03/2025/TT-VPCP, Phụ lục I; it replaces the
"Phiếu xin lỗi và hẹn lại ngày trả kết quả" of Circular 01/2018/TT-VPCP):
sent before the due date, it apologises and asks the citizen to accept a
longer time limit, up to the new date. When a letter may be sent, and by
whom, is ``eforms.workspace.apology``'s business."""

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from eforms.dossiers.documents.base import agency_name, center_signed, document_header, issuing_agency, local, moment
from portal.pdf import SERIF, Page, build_pdf, columns, para, signature, styles

PAGE = Page(left=25 * mm, right=15 * mm, top=18 * mm, bottom=18 * mm)
TITLE = "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
# the title on two balanced lines (one line overflows A4 with one word left)
TITLE_LINES = ("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN", "THỜI GIAN GIẢI QUYẾT")
FORM = "Mẫu số 04, Thông tư 03/2025/TT-VPCP"
STYLE = {"small": {"textColor": colors.HexColor("#444444")}, "title": {"spaceBefore": 10, "spaceAfter": 8}}


def _body(letter):
    dossier = letter.dossier
    agency = agency_name(dossier)
    received = local(dossier.received_at, "%d/%m/%Y")
    previous = moment(letter.previous_due_at)
    new_date = local(letter.new_due_at, "%d/%m/%Y")
    return [
        f"Ngày {received}, {agency} tiếp nhận hồ sơ của Ông/Bà, mã hồ sơ {dossier.code}, "
        f"giải quyết thủ tục hành chính: {dossier.procedure_name}.",
        f"Thời hạn trả kết quả theo giấy tiếp nhận hồ sơ và hẹn trả kết quả là {previous}.",
        "Tuy nhiên đến nay, cơ quan chưa giải quyết xong hồ sơ của Ông/Bà. Lý do:",
        letter.reason,
        f"Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {agency} xin lỗi Ông/Bà và "
        f"đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ; kết quả sẽ được trả vào ngày {new_date}.",
        "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà.",
    ]


def _closing(letter, st):
    """Recipients on the left, the head of the agency signs on the right."""
    dossier = letter.dossier
    agency = issuing_agency(dossier)
    officer_name = ""
    if letter.officer_id:
        officer_name = letter.officer.get_full_name() or letter.officer.get_username()
    recipients = [
        para("Nơi nhận:", st["small_bold"]),
        para(f"- Ông/Bà {dossier.applicant_name};", st["small"]),
        para("- Lưu: hồ sơ.", st["small"]),
        para(f"Cán bộ lập phiếu: {officer_name}", st["small"]) if officer_name else Spacer(1, 1),
    ]
    head_title = (agency.head_title if agency else "") or "THỦ TRƯỞNG CƠ QUAN"
    head_name = (agency.head_name if agency else "") or ""
    sign = signature(head_title, head_name, st, note="(Ký, ghi rõ họ tên và đóng dấu)", space=20 * mm)
    return columns([recipients, sign], [PAGE.width * 0.46, PAGE.width * 0.54])


def apology_pdf(letter):
    """Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Mẫu số 04)."""
    dossier = letter.dossier
    st = styles(11, 15, **STYLE)
    st["small_bold"] = ParagraphStyle("small_bold", parent=st["small"], fontName=f"{SERIF}-BoldItalic")
    issued = letter.created_at or timezone.now()
    number = f"{dossier.code}/PXL"
    story = [document_header(dossier, PAGE.width, st, number=number, dated=issued), Spacer(1, 4 * mm)]
    first = ParagraphStyle("title_first", parent=st["title"], spaceAfter=0)
    second = ParagraphStyle("title_second", parent=st["title"], spaceBefore=0)
    story.extend([para(TITLE_LINES[0], first), para(TITLE_LINES[1], second)])
    story.append(para(f"Kính gửi: Ông/Bà {dossier.applicant_name}", st["center_bold"]))
    story.append(Spacer(1, 4 * mm))
    for text in _body(letter):
        story.extend([para(text, st["justify"]), Spacer(1, 2 * mm)])
    story.extend([Spacer(1, 6 * mm), _closing(letter, st)])
    pdf = build_pdf(
        story,
        PAGE,
        title=f"Văn bản xin lỗi {dossier.code}",
        author=settings.PORTAL_CENTER_NAME,
        subject=f"{TITLE} ({FORM})",
    )
    return center_signed(pdf, "Văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu số 04)")
