"""A layout and a source → the application form as PDF bytes, through
``portal.pdf`` (one font setup, one build).

The page reads like the paper form: the form's number top right, the
national title and motto, the form's title, "Kính gửi", the official
fields in order, then whatever else the citizen answered on the e-form (so
no answer is lost), the declaration, the dateline "Làm tại …, ngày … tháng
… năm …" and the signature block(s). A footer says it was made from the
e-form (and, for a draft, that it is a preview)."""

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from eforms.dossiers.documents.applications.blocks import Line, markup
from eforms.dossiers.documents.applications.layouts import form_number
from portal.pdf import MOTTO, RULE, SERIF, Page, build_pdf, columns, fitted_lines, header_lines, styles

PAGE = Page(left=22 * mm, right=18 * mm, top=14 * mm, bottom=18 * mm)
MUTED = colors.HexColor("#555555")
SIGNER_NAME_CHARS = 120


def form_styles(size=11, leading=15.5):
    st = styles(size, leading)
    base = st["base"]
    bold, italic = f"{SERIF}-Bold", f"{SERIF}-Italic"
    small = {"fontSize": size - 2, "leading": leading - 4}
    extra = {
        "form": {"spaceBefore": 2.5, "alignment": TA_LEFT},
        "form_small": {"spaceBefore": 1, "alignment": TA_LEFT, "fontSize": size - 1.5, "leading": leading - 3},
        "declaration": {"spaceBefore": 6, "alignment": TA_JUSTIFY, "firstLineIndent": 10 * mm},
        "number": {**small, "alignment": TA_RIGHT, "fontName": italic},
        "motto": {"alignment": TA_CENTER, "fontName": bold},
        "doc_title": {"alignment": TA_CENTER, "fontName": bold, "fontSize": size + 3, "leading": leading + 4},
        "subtitle": {"alignment": TA_CENTER, "fontName": italic},
        "preview": {**small, "alignment": TA_CENTER, "fontName": bold, "textColor": colors.HexColor("#b00020")},
        "dateline": {"alignment": TA_CENTER, "fontName": italic},
        "sign_title": {"alignment": TA_CENTER, "fontName": bold},
        "sign_note": {**small, "alignment": TA_CENTER, "fontName": italic},
        "sign_name": {"alignment": TA_CENTER, "fontName": bold},
        "cell_head": {**small, "alignment": TA_CENTER, "fontName": bold},
        "cell_label": {"fontSize": size - 1, "leading": leading - 2.5},
        "cell_value": {"fontSize": size - 1, "leading": leading - 2.5, "fontName": bold},
        "cell_center": {**small, "alignment": TA_CENTER},
        "footer": {"fontSize": 7.5, "leading": 9, "textColor": MUTED},
    }
    for name, spec in extra.items():
        st[name] = ParagraphStyle(name, parent=base, **spec)
    return st


def _fitted(text, width, style):
    """``text`` on one line of ``width`` (the font shrunk to fit, then cut
    between words)."""
    font = f"{SERIF}-Italic"
    lines, size = fitted_lines(text, width, font=font, size=style.fontSize, min_size=9)
    fitted = ParagraphStyle(f"{style.name}_fit", parent=style, fontName=font, fontSize=size, leading=size * 1.35)
    return [Paragraph(markup(line), fitted) for line in lines]


def _dateline(source):
    place = source.place or "…………"
    when = source.made_at
    if when is None:
        return f"Làm tại: {place}, ngày …… tháng …… năm ……"
    local = timezone.localtime(when) if timezone.is_aware(when) else when
    return f"Làm tại: {place}, ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def _head(layout, source, st, width):
    story = []
    number = form_number(layout, source)
    if number:
        story.append(Paragraph(markup(number), st["number"]))
        story.append(Spacer(1, 2.5 * mm))
    for text in MOTTO:
        story.extend(header_lines(text, width, st["motto"], bold=True))
    story.append(Paragraph(RULE, st["motto"]))
    story.append(Spacer(1, 5 * mm))
    story.extend(header_lines(layout.title, width, st["doc_title"], bold=True, min_size=10))
    if layout.subtitle:
        story.append(Paragraph(markup(layout.subtitle), st["subtitle"]))
    if source.preview:
        story.append(Spacer(1, 2 * mm))
        story.append(Paragraph("BẢN XEM TRƯỚC — hồ sơ chưa nộp, không có giá trị nộp", st["preview"]))
    story.append(Spacer(1, 5 * mm))
    recipient = f"<b>Kính gửi{layout.recipient_note}:</b> {markup(source.recipient or '')}"
    story.append(Paragraph(recipient, st["form"]))
    return story


def _signers(layout, source, st, width):
    count = len(layout.signers)
    blocks = []
    for signer in layout.signers:
        name = source.value(*signer.keys) if signer.keys else None
        if name and len(name) > SIGNER_NAME_CHARS:  # a signature line, not a page: the field above has it whole
            name = name[:SIGNER_NAME_CHARS].rstrip() + "…"
        size_style = st["cell_head"] if count > 2 else st["sign_title"]
        blocks.append(
            [
                Paragraph(markup(signer.title.upper()), size_style),
                Paragraph(markup(signer.note), st["sign_note"]),
                Spacer(1, 14 * mm),
                Paragraph(markup(name) if name else "", st["sign_name"]),
            ]
        )
    dateline = _fitted(_dateline(source), width * 0.6 - 8, st["dateline"])
    if count == 1:
        return [Spacer(1, 4 * mm), columns([[], [*dateline, *blocks[0]]], [width * 0.4, width * 0.6])]
    right = columns([[], dateline], [width * 0.4, width * 0.6])
    share = width / count
    return [Spacer(1, 4 * mm), right, Spacer(1, 2 * mm), columns(blocks, [share] * count)]


def _others(source, st, width, official):
    others = source.others()
    if not others:
        return []
    title = "Thông tin khác đã khai trên biểu mẫu điện tử:" if official else "Nội dung đề nghị:"
    story = [Spacer(1, 2 * mm), Paragraph(f"<b>{markup(title)}</b>", st["form"])]
    # an official form's extra lines are smaller: the form's own fields come first
    lines = {**st, "form": st["form_small"]} if official else st
    for answer in others:
        story.extend(Line(f"– {answer.label}", (answer.name,)).flowables(source, lines, width))
    return story


def _footer(source):
    made = "Bản xem trước, lập từ biểu mẫu điện tử" if source.preview else "Lập từ biểu mẫu điện tử"
    code = f" — hồ sơ {source.dossier_code}" if source.dossier_code else ""
    text = f"{made} trên Cổng dịch vụ công{code}"

    def draw(canvas, document):
        canvas.saveState()
        canvas.setFont(SERIF, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(PAGE.left, 9 * mm, text[:150])
        canvas.drawRightString(PAGE.size[0] - PAGE.right, 9 * mm, f"Trang {document.page}")
        canvas.restoreState()

    return draw


def render_layout(layout, source):
    """The PDF bytes of ``source`` printed with ``layout``."""
    st = form_styles()
    width = PAGE.width
    if layout.prepare is not None:
        layout.prepare(source)
    body = [flowable for block in layout.blocks for flowable in block.flowables(source, st, width)]
    after = [flowable for block in layout.after_declaration for flowable in block.flowables(source, st, width)]
    signatures = _signers(layout, source, st, width)
    story = _head(layout, source, st, width) + body + _others(source, st, width, layout.official)
    closing = [Paragraph(markup(layout.declaration), st["declaration"])] if layout.declaration else []
    # the declaration and the signatures stay on one page
    story.append(KeepTogether([*closing, *after, *signatures]))
    return build_pdf(
        story,
        PAGE,
        title=layout.title,
        author=getattr(settings, "PORTAL_CENTER_NAME", ""),
        subject=source.procedure_name,
        on_page=_footer(source),
    )
