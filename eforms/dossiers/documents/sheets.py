"""PDFs of the workspace (reportlab, DejaVu Serif for Vietnamese): the
human-readable submission and the apology letter, in the official layout
(national motto, agency header, signature block)."""
import io
from functools import lru_cache
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from eforms.dossiers.constants import Channel, DossierStatus
from eforms.dossiers.rendering import form_data_rows

FONT = "WsSerif"


@lru_cache(maxsize=1)
def register_fonts():
    font_dir = settings.THEMES_DIR / "base" / "pdf-fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(font_dir / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont(f"{FONT}-Bold", str(font_dir / "DejaVuSerif-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(f"{FONT}-Italic", str(font_dir / "DejaVuSerif-Italic.ttf")))
    pdfmetrics.registerFont(TTFont(f"{FONT}-BoldItalic", str(font_dir / "DejaVuSerif-BoldItalic.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=f"{FONT}-Bold", italic=f"{FONT}-Italic", boldItalic=f"{FONT}-BoldItalic"
    )
    return True


def styles():
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=11, leading=15)
    return {
        "base": base,
        "justify": ParagraphStyle("justify", parent=base, alignment=TA_JUSTIFY),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("center_bold", parent=base, alignment=TA_CENTER, fontName=f"{FONT}-Bold"),
        "title": ParagraphStyle(
            "title", parent=base, alignment=TA_CENTER, fontName=f"{FONT}-Bold", fontSize=14, leading=19, spaceBefore=10, spaceAfter=8
        ),
        "right_italic": ParagraphStyle("right_italic", parent=base, alignment=TA_RIGHT, fontName=f"{FONT}-Italic"),
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=12, textColor=colors.HexColor("#444444")),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=13),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontSize=10, leading=13, fontName=f"{FONT}-Bold"),
    }


def p(text, style):
    """A paragraph of plain text (escaped; newlines kept)."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def local(value, fmt="%d/%m/%Y %H:%M"):
    return timezone.localtime(value).strftime(fmt) if value else "—"


def official_header(agency_name, number_line=""):
    """Two columns: agency on the left, national motto on the right."""
    st = styles()
    left = [p(settings.PORTAL_CENTER_NAME.upper() if not agency_name else agency_name.upper(), st["center_bold"])]
    if number_line:
        left.append(p(number_line, st["center"]))
    right = [
        p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st["center_bold"]),
        Paragraph("<u>Độc lập - Tự do - Hạnh phúc</u>", st["center_bold"]),
    ]
    table = Table([[left, right]], colWidths=[75 * mm, 100 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def key_value_table(rows, col_widths=(60 * mm, 115 * mm)):
    st = styles()
    data = [[p(label, st["cell_bold"]), p(value, st["cell"])] for label, value in rows]
    table = Table(data, colWidths=list(col_widths), repeatRows=0)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
            ]
        )
    )
    return table


def _build(story, title):
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=25 * mm, rightMargin=15 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
        title=title, author=settings.PORTAL_CENTER_NAME,
    )
    doc.build(story)
    return buffer.getvalue()


def agency_name(dossier):
    return dossier.agency.title if dossier.agency_id else settings.PORTAL_CENTER_NAME


def submission_pdf(dossier):
    """The dossier as submitted: applicant, procedure, form data, components."""
    st = styles()
    story = [official_header(agency_name(dossier)), Spacer(1, 6 * mm)]
    story.append(p(_("TỜ KHAI HỒ SƠ ĐÃ NỘP"), st["title"]))
    story.append(p(f"{_('Mã hồ sơ')}: {dossier.code}", st["center_bold"]))
    story.append(Spacer(1, 4 * mm))
    general = [
        (_("Thủ tục"), f"{dossier.procedure_name} ({dossier.procedure_code})"),
        (_("Cơ quan giải quyết"), agency_name(dossier)),
        (_("Kênh nộp"), Channel(dossier.channel).label),
        (_("Trạng thái"), DossierStatus(dossier.status).label),
        (_("Thời điểm tiếp nhận"), local(dossier.received_at)),
        (_("Hẹn trả kết quả"), local(dossier.due_at)),
        (_("Họ và tên người nộp"), dossier.applicant_name),
        (_("Số định danh cá nhân / CCCD"), dossier.applicant_id_number or "—"),
        (_("Số điện thoại"), dossier.applicant_phone or "—"),
        (_("Thư điện tử"), dossier.applicant_email or "—"),
        (_("Địa chỉ"), dossier.applicant_address or "—"),
    ]
    story.append(key_value_table(general))
    rows = form_data_rows(dossier)
    if rows:
        story.append(p(_("Nội dung tờ khai"), st["title"]))
        story.append(key_value_table(rows))
    attachments = list(dossier.attachments.all())
    if attachments:
        story.append(p(_("Thành phần hồ sơ đính kèm"), st["title"]))
        story.append(
            key_value_table(
                [
                    (a.component_name or a.get_kind_display(), f"{a.original_name} — {a.size:,} B — SHA-256 {a.sha256[:16]}…")
                    for a in attachments
                ]
            )
        )
    story.append(Spacer(1, 6 * mm))
    story.append(p(_("Bản in từ Cổng dịch vụ công lúc %(at)s.") % {"at": local(timezone.now())}, st["small"]))
    return _build(story, f"{_('Hồ sơ')} {dossier.code}")


def apology_pdf(letter):
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu theo Thông tư 01/2018/TT-VPCP)."""
    dossier = letter.dossier
    st = styles()
    issued = timezone.localtime(letter.created_at or timezone.now())
    story = [official_header(agency_name(dossier), number_line=f"Số: {dossier.code}/PXL"), Spacer(1, 4 * mm)]
    story.append(
        p(f"{settings.PORTAL_PROVINCE_NAME.replace('Tỉnh ', '').replace('tỉnh ', '')}, ngày {issued:%d} tháng {issued:%m} năm {issued:%Y}", st["right_italic"])
    )
    story.append(p("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", st["title"]))
    story.append(p(f"Kính gửi: Ông/Bà {dossier.applicant_name}", st["center_bold"]))
    story.append(Spacer(1, 4 * mm))
    received = local(dossier.received_at, "%d/%m/%Y")
    previous = local(letter.previous_due_at, "%H giờ %M, ngày %d/%m/%Y")
    new_date = local(letter.new_due_at, "%d/%m/%Y")
    paragraphs = [
        f"Ngày {received}, {agency_name(dossier)} tiếp nhận hồ sơ của Ông/Bà, mã hồ sơ {dossier.code}, "
        f"giải quyết thủ tục hành chính: {dossier.procedure_name}.",
        f"Thời hạn trả kết quả theo giấy tiếp nhận hồ sơ và hẹn trả kết quả là {previous}.",
        "Tuy nhiên đến nay, cơ quan chưa giải quyết xong hồ sơ của Ông/Bà. Lý do:",
        letter.reason,
        f"Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {agency_name(dossier)} xin lỗi Ông/Bà và "
        f"hẹn trả kết quả giải quyết hồ sơ vào ngày {new_date}.",
        "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà.",
    ]
    for text in paragraphs:
        story.append(p(text, st["justify"]))
        story.append(Spacer(1, 2 * mm))
    story.append(Spacer(1, 6 * mm))
    officer_name = ""
    if letter.officer_id:
        officer_name = letter.officer.get_full_name() or letter.officer.get_username()
    head_title = (dossier.agency.head_title if dossier.agency_id else "") or "THỦ TRƯỞNG CƠ QUAN"
    signature = [
        p(head_title.upper(), st["center_bold"]),
        p("(Ký, ghi rõ họ tên và đóng dấu)", ParagraphStyle("sig", parent=st["center"], fontName=f"{FONT}-Italic", fontSize=10)),
        Spacer(1, 20 * mm),
        p((dossier.agency.head_name if dossier.agency_id else "") or "", st["center_bold"]),
    ]
    recipients = [
        p("Nơi nhận:", ParagraphStyle("nr", parent=st["small"], fontName=f"{FONT}-BoldItalic")),
        p(f"- Ông/Bà {dossier.applicant_name};", st["small"]),
        p("- Lưu: hồ sơ.", st["small"]),
        p(f"Cán bộ lập phiếu: {officer_name}", st["small"]) if officer_name else Spacer(1, 1),
    ]
    table = Table([[recipients, signature]], colWidths=[80 * mm, 95 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(table)
    return _build(story, f"Phiếu xin lỗi {dossier.code}")
