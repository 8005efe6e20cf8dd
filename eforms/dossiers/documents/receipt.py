"""The receipt "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (Mẫu số 01,
Circular 03/2025/TT-VPCP, Phụ lục I) as a PDF.

Laid out like the national form: agency header and national motto side
by side, title, dossier code, applicant, request, 1.–6. numbered items,
fees, signature blocks; plus a QR code of the tracking link (code +
look-up secret) and a Code128 barcode of the dossier code.
"""

import io
from decimal import Decimal
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.urls import reverse
from reportlab.graphics.barcode import code128
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, Spacer

from eforms.dossiers.constants import Channel, DossierStatus, PaymentStatus
from eforms.dossiers.documents.base import (
    agency_name,
    center_signed,
    document_header,
    moment_long,
    original_due,
    person,
)
from eforms.dossiers.documents.register import entry_of
from eforms.dossiers.models import DossierFee
from portal.pdf import SERIF, Page, build_pdf, columns, esc, grid_table, signature, styles

PAGE = Page(left=20 * mm, right=18 * mm, top=14 * mm, bottom=14 * mm)
PAYMENT_NOTES = {
    PaymentStatus.PAID: "đã thanh toán trực tuyến",
    PaymentStatus.PENDING: "chờ thanh toán trực tuyến",
    PaymentStatus.EXPIRED: "hết hạn thanh toán",
    PaymentStatus.FAILED: "thanh toán không thành công",
}


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
    return moment_long(value)


def _due_text(dossier):
    """The due moment; before acceptance the clock has not started (an
    online dossier is received, not yet accepted), so the receipt says when
    the date will be set rather than a bare dash."""
    due = original_due(dossier)
    if due is None and getattr(dossier, "accepted_at", None) is None:
        return "sẽ được hẹn khi cơ quan tiếp nhận hồ sơ (thời hạn tính từ ngày tiếp nhận)"
    return format_dt(due)


def format_vnd(amount):
    return f"{amount:,}".replace(",", ".") + " đồng"


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
    known = {c.pk: c for c in dossier.procedure.components.all()}
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
    attachments = dossier.attachments.filter(kind__in=("submission", "counter_scan")).order_by("id")
    for attachment in attachments:
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


def _components_table(dossier, width, P):
    head = ("STT", "Tên giấy tờ", "Bản chính", "Bản sao", "Số tệp điện tử")
    rows = [[P(f"<b>{text}</b>", "cell" if i == 1 else "cell_center") for i, text in enumerate(head)]]
    components = _components(dossier)
    for index, (name, originals, copies, files) in enumerate(components, start=1):
        cells = (str(index), esc(name), str(originals), str(copies), str(files))
        rows.append([P(text, "cell" if i == 1 else "cell_center") for i, text in enumerate(cells)])
    if not components:
        rows.append([P("—", "cell_center"), P("Không có tệp đính kèm", "cell"), "", "", ""])
    widths = [12 * mm, width - 12 * mm - 3 * 20 * mm, 20 * mm, 20 * mm, 20 * mm]
    return grid_table(rows, widths, extra=[("VALIGN", (0, 0), (-1, -1), "MIDDLE")])


def format_money(amount):
    """``10000`` → ``10.000 đ`` (the fee line's format)."""
    return f"{int(amount):,}".replace(",", ".") + " đ"


def _fee_line(dossier):
    """ "Phí, lệ phí: 10.000 đ (đã thanh toán trực tuyến)", "Miễn lệ phí" for an
    applicant exempted (or a procedure whose schedule waives it), from the
    line items computed when the dossier was made (``DossierFee``)."""
    record = DossierFee.objects.filter(dossier=dossier).first()
    if not dossier.fee_vnd:
        if record is not None and record.lines:
            waived = record.summary()
            category = record.category
            return f"{esc(waived)} ({esc(category)})" if category else esc(waived)
        return "Phí, lệ phí: không phải nộp"
    paid = PAYMENT_NOTES.get(dossier.payment_status, "nộp khi nhận kết quả")
    return f"Phí, lệ phí: <b>{esc(format_money(dossier.fee_vnd))}</b> ({esc(paid)})"


def _fee_items(dossier):
    """The computed lines under the fee line, when there are several or a
    reduction (what the amount is made of)."""
    record = DossierFee.objects.filter(dossier=dossier).first()
    if record is None or not record.total_vnd:
        return []
    lines = record.lines or []
    if len(lines) < 2 and not any(line.get("reduction_percent") for line in lines):
        return []
    return [f"– {esc(line.get('wording', ''))}" for line in lines]


def _tracking_block(dossier, width, P):
    """QR (tracking link with code and secret), barcode, secret."""
    url = tracking_url(dossier)
    barcode = code128.Code128(
        dossier.code, barHeight=12 * mm, barWidth=0.3 * mm, humanReadable=True, fontName=SERIF, fontSize=7
    )
    text = [
        P(f"Mã tra cứu: <b>{esc(dossier.lookup_secret)}</b>", "item"),
        P(
            "Theo dõi tình trạng hồ sơ: quét mã QR, hoặc vào mục “Tra cứu hồ sơ” tại "
            f"{esc(url.split('?')[0])} và nhập mã hồ sơ cùng mã tra cứu; "
            f"đường dây nóng {esc(settings.PORTAL_HOTLINE)}.",
            "small",
        ),
        Spacer(1, 4),
        barcode,
    ]
    box = [
        ("BOX", (0, 0), (-1, -1), 0.5, colors.grey),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]
    return columns([_qr_image(url, 32 * mm), text], [36 * mm, width - 36 * mm], extra=box)


def _acceptance(dossier):
    """The history row that accepted the dossier (status 2), or None."""
    return dossier.history.filter(to_status=DossierStatus.ACCEPTED).select_related("actor").first()


def _copy_note(dossier):
    if dossier.channel == Channel.ONLINE:
        return f"(Liên: giao người nộp hồ sơ — nộp trực tuyến qua {settings.WAGTAIL_SITE_NAME})"
    if dossier.channel == Channel.POSTAL:
        return "(Liên: giao người nộp hồ sơ — nộp qua dịch vụ bưu chính công ích)"
    return "(Liên: giao người nộp hồ sơ)"


def _receiver(dossier, accepted, st):
    """The receiving officer's signature block: the officer who accepted
    the dossier, or the system's note for an online dossier not yet
    accepted by a person."""
    name = ""
    if accepted is not None:
        name = person(accepted.actor) or (accepted.actor_label if accepted.actor_id else "")
    if name or dossier.channel != Channel.ONLINE:
        return signature("NGƯỜI TIẾP NHẬN HỒ SƠ", name, st)
    online = Paragraph("<i>Tiếp nhận trực tuyến — Hệ thống thông tin giải quyết TTHC</i>", st["small_center"])
    return signature("NGƯỜI TIẾP NHẬN HỒ SƠ", online, st, space=8 * mm)


def render_receipt_pdf(dossier):
    st = styles(10.5, 14.5)
    width = PAGE.width

    def P(text, style="base"):
        return Paragraph(text, st[style])

    accepted = _acceptance(dossier)
    issued = getattr(dossier, "accepted_at", None) or (accepted.created_at if accepted else dossier.received_at)
    entry = entry_of(dossier)
    story = [document_header(dossier, width, st, dated=issued), Spacer(1, 6)]
    story.append(P("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "title"))
    story.append(P(f"Mã hồ sơ: <b>{esc(dossier.code)}</b>", "center"))
    story.append(P(f"<i>{esc(_copy_note(dossier))}</i>", "small_center"))
    story.append(Spacer(1, 8))
    story.append(P(f"{esc(agency_name(dossier))} tiếp nhận hồ sơ của:"))
    applicant = [
        ("Ông/Bà", f"<b>{esc(dossier.applicant_name)}</b>"),
        ("Số định danh cá nhân/CCCD", esc(dossier.applicant_id_number)),
        ("Địa chỉ", esc(dossier.applicant_address)),
        ("Số điện thoại", esc(dossier.applicant_phone)),
        ("Thư điện tử", esc(dossier.applicant_email)),
    ]
    story.extend(P(f"{label}: {value}", "item") for label, value in applicant)
    story.append(
        P(
            f"Nội dung yêu cầu giải quyết: <b>{esc(dossier.procedure_name)}</b> "
            f"(mã thủ tục {esc(dossier.procedure_code)})",
            "item",
        )
    )
    story.append(P("1. Hồ sơ gồm những giấy tờ sau:", "item"))
    story.extend([Spacer(1, 3), _components_table(dossier, width, P)])
    items = [
        f"2. Số lượng hồ sơ: {dossier.sets_count:02d} (bộ)",
        f"3. Thời gian giải quyết hồ sơ theo quy định là: <b>{esc(format_days(dossier.processing_days))}</b>",
        f"4. Thời gian nhận hồ sơ: {esc(format_dt(dossier.received_at))}",
        f"5. Thời gian trả kết quả giải quyết hồ sơ: <b>{esc(_due_text(dossier))}</b>",
        f"6. Đăng ký nhận kết quả tại: {esc(dossier.result_place)}",
        _fee_line(dossier),
        *_fee_items(dossier),
        f"Vào Sổ theo dõi hồ sơ, Quyển số: <b>{esc(entry.book)}</b>, Số thứ tự: <b>{entry.number}</b>",
    ]
    story.extend(P(text, "item") for text in items)
    story.extend([Spacer(1, 6), _tracking_block(dossier, width, P), Spacer(1, 10)])
    story.append(
        columns(
            [signature("NGƯỜI NỘP HỒ SƠ", dossier.applicant_name, st), _receiver(dossier, accepted, st)],
            [width / 2, width / 2],
        )
    )
    pdf = build_pdf(
        story,
        PAGE,
        title=f"Giấy tiếp nhận hồ sơ {dossier.code}",
        author=getattr(settings, "PORTAL_CENTER_NAME", ""),
        subject="Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu số 01, Thông tư 03/2025/TT-VPCP)",
    )
    return center_signed(pdf, "Giấy tiếp nhận hồ sơ (Mẫu số 01)")
