"""The receipt "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" as a PDF.

Laid out like the national form (Mẫu số 01, Circular 01/2018/TT-VPCP):
agency header and national motto side by side, title, dossier code,
applicant, request, 1.–6. numbered items, fees, signature blocks; plus a
QR code of the tracking link (code + look-up secret) and a Code128 barcode
of the dossier code. Fonts: DejaVu Serif shipped in ``themes/base/pdf-fonts``.
"""
import io
import re
from decimal import Decimal
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from reportlab.graphics.barcode import code128
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from eforms.dossiers.constants import PaymentStatus

FONT_DIR = settings.BASE_DIR / "themes" / "base" / "pdf-fonts"
_FONTS_READY = False


def _register_fonts():
    global _FONTS_READY
    if _FONTS_READY:
        return
    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT_DIR / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSerif-Bold", str(FONT_DIR / "DejaVuSerif-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSerif-Italic", str(FONT_DIR / "DejaVuSerif-Italic.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSerif-BoldItalic", str(FONT_DIR / "DejaVuSerif-BoldItalic.ttf")))
    pdfmetrics.registerFontFamily(
        "DejaVuSerif",
        normal="DejaVuSerif",
        bold="DejaVuSerif-Bold",
        italic="DejaVuSerif-Italic",
        boldItalic="DejaVuSerif-BoldItalic",
    )
    _FONTS_READY = True


def tracking_url(dossier):
    base = getattr(settings, "PORTAL_BASE_URL", "").rstrip("/")
    query = urlencode({"ma": dossier.code, "mtc": dossier.lookup_secret})
    return f"{base}{reverse('eforms:track')}?{query}"


def format_days(days):
    if days is None:
        return "Không quy định"
    value = Decimal(days).normalize()
    text = f"{value:f}".replace(".", ",")
    return f"{text} ngày làm việc"


def format_dt(value):
    if not value:
        return "—"
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def format_vnd(amount):
    return f"{amount:,}".replace(",", ".") + " đồng"


def _styles():
    base = ParagraphStyle("base", fontName="DejaVuSerif", fontSize=10.5, leading=14.5)
    return {
        "base": base,
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("center_bold", parent=base, alignment=TA_CENTER, fontName="DejaVuSerif-Bold"),
        "title": ParagraphStyle(
            "title", parent=base, alignment=TA_CENTER, fontName="DejaVuSerif-Bold", fontSize=13.5, leading=18,
            spaceBefore=8,
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "small_center": ParagraphStyle("small_center", parent=base, fontSize=8.5, leading=11, alignment=TA_CENTER),
        "item": ParagraphStyle("item", parent=base, alignment=TA_LEFT, spaceBefore=3),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12.5),
        "cell_center": ParagraphStyle("cell_center", parent=base, fontSize=9.5, leading=12.5, alignment=TA_CENTER),
    }


def _qr_image(url, size):
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return Image(buffer, width=size, height=size)


def _components(dossier):
    """Rows ``(name, originals, copies, files)`` of the received components.

    Online dossiers: one row per component that has submitted files. Paper
    dossiers received at the counter: the components the officer ticked
    (``form_data["thanh_phan_da_nhan"]["items"]``) with the number of
    originals and copies actually received, and the scans uploaded for them.
    """
    rows = {}
    procedure = dossier.procedure
    known = {c.pk: c for c in procedure.components.all()}
    paper = ((dossier.form_data or {}).get("thanh_phan_da_nhan") or {}).get("items") or []
    for item in paper if isinstance(paper, list) else []:
        if not isinstance(item, dict):
            continue
        key = item.get("component_id") or item.get("name")
        if key in (None, "") or key in rows:
            continue
        component = known.get(item.get("component_id"))
        rows[key] = [
            str(item.get("name") or (component.name if component else "")),
            _count(item.get("originals")),
            _count(item.get("copies")),
            0,
        ]
    for attachment in dossier.attachments.filter(kind__in=("submission", "counter_scan")).order_by("id"):
        key = attachment.component_id or attachment.component_name
        component = known.get(attachment.component_id)
        if key not in rows:
            rows[key] = [
                attachment.component_name or (component.name if component else attachment.original_name),
                component.originals if component else 1,
                component.copies if component else 0,
                0,
            ]
        rows[key][3] += 1
    return list(rows.values())


def _count(value):
    try:
        return max(0, min(int(value), 999))
    except (TypeError, ValueError):
        return 0


def render_receipt_pdf(dossier):
    _register_fonts()
    st = _styles()
    P = lambda text, style="base": Paragraph(text, st[style])  # noqa: E731
    e = lambda value: escape(str(value or "")) or "—"  # noqa: E731
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=18 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=f"Giấy tiếp nhận hồ sơ {dossier.code}",
        author=getattr(settings, "PORTAL_CENTER_NAME", ""),
        subject="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    )
    width = doc.width
    agency = dossier.agency or dossier.procedure.agency
    parent_name = getattr(settings, "PORTAL_CENTER_NAME", "").upper()
    agency_name = (agency.title if agency else parent_name).upper()
    header_left = [P(e(f"UBND {settings.PORTAL_PROVINCE_NAME}".upper()), "center")]
    header_left.append(P(f"<b>{e(agency_name)}</b>", "center"))
    header_left.append(P("———————", "center"))
    header_left.append(P(f"Số: {e(dossier.code)}", "center"))
    place = re.sub(r"^(tỉnh|thành phố)\s+", "", settings.PORTAL_PROVINCE_NAME, flags=re.I)
    header_right = [
        P("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>", "center"),
        P("<b>Độc lập - Tự do - Hạnh phúc</b>", "center"),
        P("———————————", "center"),
        P(f"<i>{e(place)}, "
          f"ngày {timezone.localtime(dossier.received_at):%d} tháng {timezone.localtime(dossier.received_at):%m} "
          f"năm {timezone.localtime(dossier.received_at):%Y}</i>", "center"),
    ]
    header = Table([[header_left, header_right]], colWidths=[width * 0.44, width * 0.56])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story = [header, Spacer(1, 6)]
    story.append(P("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "title"))
    story.append(P(f"Mã hồ sơ: <b>{e(dossier.code)}</b>", "center"))
    story.append(P(f"<i>(Liên: giao người nộp hồ sơ — nộp trực tuyến qua {e(settings.WAGTAIL_SITE_NAME)})</i>", "small_center"))
    story.append(Spacer(1, 8))

    center = getattr(settings, "PORTAL_CENTER_NAME", "")
    story.append(P(f"{e(agency.title if agency else center)} tiếp nhận hồ sơ của:"))
    applicant = [
        ("Ông/Bà", f"<b>{e(dossier.applicant_name)}</b>"),
        ("Số định danh cá nhân/CCCD", e(dossier.applicant_id_number)),
        ("Địa chỉ", e(dossier.applicant_address)),
        ("Số điện thoại", e(dossier.applicant_phone)),
        ("Thư điện tử", e(dossier.applicant_email)),
    ]
    for label, value in applicant:
        story.append(P(f"{label}: {value}", "item"))
    story.append(P(f"Nội dung yêu cầu giải quyết: <b>{e(dossier.procedure_name)}</b> (mã thủ tục {e(dossier.procedure_code)})", "item"))

    story.append(P("1. Hồ sơ gồm những giấy tờ sau:", "item"))
    rows = [[P("<b>STT</b>", "cell_center"), P("<b>Tên giấy tờ</b>", "cell"), P("<b>Bản chính</b>", "cell_center"),
             P("<b>Bản sao</b>", "cell_center"), P("<b>Số tệp điện tử</b>", "cell_center")]]
    components = _components(dossier)
    for index, (name, originals, copies, files) in enumerate(components, start=1):
        rows.append([P(str(index), "cell_center"), P(e(name), "cell"), P(str(originals), "cell_center"),
                     P(str(copies), "cell_center"), P(str(files), "cell_center")])
    if not components:
        rows.append([P("—", "cell_center"), P("Không có tệp đính kèm", "cell"), P("", "cell"), P("", "cell"), P("", "cell")])
    table = Table(rows, colWidths=[12 * mm, width - 12 * mm - 3 * 20 * mm, 20 * mm, 20 * mm, 20 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f1f1")),
    ]))
    story.append(Spacer(1, 3))
    story.append(table)
    story.append(P(f"2. Số lượng hồ sơ: {dossier.sets_count:02d} (bộ)", "item"))
    story.append(P(f"3. Thời gian giải quyết hồ sơ theo quy định là: <b>{e(format_days(dossier.processing_days))}</b>", "item"))
    story.append(P(f"4. Thời gian nhận hồ sơ: {e(format_dt(dossier.received_at))}", "item"))
    story.append(P(f"5. Thời gian trả kết quả giải quyết hồ sơ: <b>{e(format_dt(dossier.due_at))}</b>", "item"))
    story.append(P(f"6. Đăng ký nhận kết quả tại: {e(dossier.result_place)}", "item"))
    if dossier.fee_vnd:
        paid = {
            PaymentStatus.PAID: "đã thanh toán trực tuyến",
            PaymentStatus.PENDING: "chờ thanh toán trực tuyến",
            PaymentStatus.EXPIRED: "hết hạn thanh toán",
            PaymentStatus.FAILED: "thanh toán không thành công",
        }.get(dossier.payment_status, "nộp khi nhận kết quả")
        story.append(P(f"Phí, lệ phí: <b>{e(format_vnd(dossier.fee_vnd))}</b> ({e(paid)})", "item"))
    else:
        story.append(P("Phí, lệ phí: không phải nộp", "item"))
    story.append(Spacer(1, 6))

    # Tracking block: QR (tracking link with code and secret), barcode, secret.
    url = tracking_url(dossier)
    barcode = code128.Code128(dossier.code, barHeight=12 * mm, barWidth=0.3 * mm, humanReadable=True,
                              fontName="DejaVuSerif", fontSize=7)
    track_text = [
        P(f"Mã tra cứu: <b>{e(dossier.lookup_secret)}</b>", "item"),
        P("Theo dõi tình trạng hồ sơ: quét mã QR, hoặc vào mục “Tra cứu hồ sơ” tại "
          f"{e(url.split('?')[0])} và nhập mã hồ sơ cùng mã tra cứu; "
          f"đường dây nóng {e(settings.PORTAL_HOTLINE)}.", "small"),
        Spacer(1, 4),
        barcode,
    ]
    tracking = Table([[_qr_image(url, 32 * mm), track_text]], colWidths=[36 * mm, width - 36 * mm])
    tracking.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (0, 0), (-1, -1), 0.5, colors.grey),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 4)]))
    story.append(tracking)
    story.append(Spacer(1, 10))
    signatures = Table(
        [[
            [P("<b>NGƯỜI NỘP HỒ SƠ</b>", "center"), P("<i>(Ký và ghi rõ họ tên)</i>", "small_center"),
             Spacer(1, 14 * mm), P(e(dossier.applicant_name), "center")],
            [P("<b>NGƯỜI TIẾP NHẬN HỒ SƠ</b>", "center"), P("<i>(Ký và ghi rõ họ tên)</i>", "small_center"),
             Spacer(1, 8 * mm), P("<i>Tiếp nhận trực tuyến — Hệ thống thông tin giải quyết TTHC</i>", "small_center")],
        ]],
        colWidths=[width / 2, width / 2],
    )
    signatures.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(signatures)
    doc.build(story)
    return buffer.getvalue()
