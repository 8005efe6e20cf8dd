"""The one PDF toolkit of the portal (ReportLab): fonts, styles, paragraphs,
the official header, tables, signature blocks and the document build.

Every PDF the portal prints goes through here: the procedure sheet
(``content.pdf``) and the official documents of a dossier
(``eforms.dossiers.documents``). The DejaVu fonts shipped in
``themes/base/pdf-fonts`` cover every Vietnamese letter; they are
registered once per process under the family names ``PortalSerif`` and
``PortalSans``.
"""

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

import structlog
from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from portal import pdf_tags

log = structlog.get_logger(__name__)

SERIF = "PortalSerif"
SANS = "PortalSans"
FONT_FILES = {
    SERIF: "DejaVuSerif.ttf",
    f"{SERIF}-Bold": "DejaVuSerif-Bold.ttf",
    f"{SERIF}-Italic": "DejaVuSerif-Italic.ttf",
    f"{SERIF}-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
    SANS: "DejaVuSans.ttf",
    f"{SANS}-Bold": "DejaVuSans-Bold.ttf",
}
GRID = colors.HexColor("#8a939d")
FILL = colors.HexColor("#f0f2f5")
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
RULE = "———————————"


@lru_cache(maxsize=1)
def register_fonts():
    """Register the DejaVu fonts once; returns True."""
    font_dir = settings.THEMES_DIR / "base" / "pdf-fonts"
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(font_dir / filename)))
    pdfmetrics.registerFontFamily(
        SERIF,
        normal=SERIF,
        bold=f"{SERIF}-Bold",
        italic=f"{SERIF}-Italic",
        boldItalic=f"{SERIF}-BoldItalic",
    )
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=f"{SANS}-Bold")
    return True


def styles(size=11, leading=15, **overrides):
    """Paragraph styles at one body size: ``base``, ``justify``, ``center``,
    ``center_bold``, ``right_italic``, ``item``, ``title``, ``small``,
    ``small_center``, ``cell``, ``cell_bold``, ``cell_center``, ``head``.

    ``overrides`` maps a style name to the attributes a document changes
    (``title={"fontSize": 15}``)."""
    register_fonts()
    base = ParagraphStyle("base", fontName=SERIF, fontSize=size, leading=leading)
    cell = {"fontSize": size - 1, "leading": leading - 2}
    small = {"fontSize": size - 2, "leading": leading - 3.5}
    bold = {"fontName": f"{SERIF}-Bold"}
    specs = {
        "justify": {"alignment": TA_JUSTIFY},
        "center": {"alignment": TA_CENTER},
        "center_bold": {"alignment": TA_CENTER, **bold},
        "right_italic": {"alignment": TA_RIGHT, "fontName": f"{SERIF}-Italic"},
        "item": {"spaceBefore": 3},
        "title": {
            "alignment": TA_CENTER,
            "fontSize": size + 3,
            "leading": leading + 3.5,
            "spaceBefore": 8,
            **bold,
        },
        "small": small,
        "small_center": {**small, "alignment": TA_CENTER},
        "cell": cell,
        "cell_bold": {**cell, **bold},
        "cell_center": {**cell, "alignment": TA_CENTER},
        "head": {**cell, "alignment": TA_CENTER, **bold},
    }
    sheet = {"base": base}
    for name, spec in specs.items():
        sheet[name] = ParagraphStyle(name, parent=base, **{**spec, **overrides.get(name, {})})
    return sheet


def esc(value, empty="—"):
    """``value`` as escaped Paragraph markup; ``empty`` when blank."""
    return escape(str(value if value is not None else "")) or empty


def para(text, style):
    """A paragraph of plain text: escaped, newlines kept."""
    return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>"), style)


def head_row(labels, style):
    """The header row of a table: one escaped paragraph per label."""
    return [para(label, style) for label in labels]


def columns(cells, widths, extra=()):
    """Flowables side by side (header, signatures), top-aligned, no border."""
    table = Table([cells], colWidths=list(widths))
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                *extra,
            ]
        )
    )
    return pdf_tags.mark_layout(table)


def grid_table(rows, widths, header_rows=1, extra=()):
    """A ruled table; the first ``header_rows`` rows shaded and repeated."""
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), FILL))
    # a row taller than a page (a long answer) splits across pages instead of failing the build
    table = Table(rows, colWidths=list(widths), repeatRows=header_rows, splitInRow=1)
    table.setStyle(TableStyle([*commands, *extra]))
    # no header row but a shaded first column: that column labels each row
    shaded_labels = any(command[0] == "BACKGROUND" and command[1][0] == command[2][0] == 0 for command in extra)
    return pdf_tags.mark_data(table, row_headers=not header_rows and shaded_labels)


def key_value_table(pairs, widths, st):
    """(label, value) pairs of plain text, labels bold on a shaded column."""
    rows = [[para(label, st["cell_bold"]), para(value, st["cell"])] for label, value in pairs]
    return grid_table(rows, widths, header_rows=0, extra=[("BACKGROUND", (0, 0), (0, -1), FILL)])


def place_name(province_name):
    """ "Lâm Đồng" from "Tỉnh Lâm Đồng" (the place of a dateline)."""
    return re.sub(r"^(tỉnh|thành phố)\s+", "", province_name or "", flags=re.I)


def long_date(value):
    """ "ngày 05 tháng 07 năm 2025" in local time."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def _balanced_split(words, lines, font, size):
    """``words`` in ``lines`` lines, cut only between words, the longest
    line as short as possible (a name never ends a line with a lone
    "ĐÀ" before "LẠT" when a better cut exists)."""
    if lines <= 1 or len(words) <= 1:
        return [" ".join(words)]
    best = None
    for cut in range(1, len(words)):
        head = " ".join(words[:cut])
        rest = _balanced_split(words[cut:], lines - 1, font, size)
        widest = max(stringWidth(line, font, size) for line in [head, *rest])
        # a cut next to a hyphen ("XUÂN HƯƠNG - ĐÀ LẠT") splits one name
        penalty = 1.15 if words[cut - 1] == "-" or words[cut] == "-" else 1.0
        score = widest * penalty
        if best is None or score < best[0]:
            best = (score, [head, *rest])
    return best[1]


def fitted_lines(text, width, *, font=f"{SERIF}-Bold", size=11, min_size=8.5, max_lines=3):
    """``(lines, size)``: ``text`` on as few lines as fit ``width`` points,
    shrinking the font down to ``min_size`` before cutting, and cutting
    only on word boundaries (balanced lines). Explicit line breaks
    (``\\n``) are kept."""
    register_fonts()
    parts = [part.split() for part in str(text or "").split("\n") if part.strip()]
    if not parts:
        return [], size
    for count in range(1, max_lines + 1):
        lines = []
        for words in parts:
            lines.extend(_balanced_split(words, min(count, len(words)), font, size))
        widest = max(stringWidth(line, font, size) for line in lines)
        if widest <= width:
            return lines, size
        if widest * min_size / size <= width:
            fitted = max(min_size, size * width / widest)
            return lines, round(fitted - 0.05, 1)
    return lines, min_size


def header_lines(text, width, style, *, bold=False, min_size=8.5):
    """Centred paragraphs of one header line (issuing body, parent body)
    fitted to ``width`` by ``fitted_lines``: one paragraph per line, never
    wrapped again by ReportLab."""
    font = f"{SERIF}-Bold" if bold else SERIF
    lines, size = fitted_lines(text, width, font=font, size=style.fontSize, min_size=min_size)
    fitted = ParagraphStyle(
        f"{style.name}_fit", parent=style, fontName=font, fontSize=size, leading=size * style.leading / style.fontSize
    )
    return [Paragraph(escape(line), fitted) for line in lines]


def official_header(left, width, st, *, dateline=None, share=0.44):
    """The header of an official document (Decree 30/2020/NĐ-CP): the
    issuing body on the left (``left``: flowables), the national title and
    motto on the right, with the place and date under it when given."""
    column = width * (1 - share) - 4
    right = [line for text in MOTTO for line in header_lines(text, column, st["center"], bold=True)]
    right.append(para(RULE, st["center"]))
    if dateline:
        place, when = dateline
        right.append(Paragraph(f"<i>{esc(place)}, {long_date(when)}</i>", st["center"]))
    return columns([left, right], [width * share, width * (1 - share)])


def signature(title, name="", st=None, *, note="(Ký và ghi rõ họ tên)", space=14 * mm):
    """A signature block: title, note, room to sign, then the name (text
    or a flowable)."""
    block = [para(title.upper(), st["center_bold"]), Paragraph(f"<i>{esc(note)}</i>", st["small_center"])]
    block.append(Spacer(1, space))
    block.append(para(name, st["center_bold"]) if isinstance(name, str) else name)
    return block


@dataclass(frozen=True)
class Page:
    """A4 margins (``wide``: landscape); ``width`` is the frame width a
    story lays out in."""

    left: float = 20 * mm
    right: float = 18 * mm
    top: float = 14 * mm
    bottom: float = 14 * mm
    wide: bool = False

    @property
    def size(self):
        return landscape(A4) if self.wide else A4

    @property
    def width(self):
        return self.size[0] - self.left - self.right


def build_pdf(story, page, *, title, author="", subject="", canvasmaker=None, on_page=None, lang="vi-VN"):
    """The story as a tagged PDF's bytes on A4 (upright or ``page.wide``)
    with ``page``'s margins; ``on_page(canvas, document)`` draws on every
    page (a page number: an artifact). The structure tree is written by
    ``portal.pdf_tags``; the same facts are on an HTML page too."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=page.size,
        leftMargin=page.left,
        rightMargin=page.right,
        topMargin=page.top,
        bottomMargin=page.bottom,
        title=title,
        author=author,
        subject=subject,
        # the document language for screen readers, the title shown
        # instead of the file name
        lang=lang,
        displayDocTitle=True,
        creator=settings.PORTAL_CENTER_NAME,
    )
    tagger = pdf_tags.Tagger()
    pages = {"onFirstPage": on_page, "onLaterPages": on_page} if on_page else {}
    document.build(pdf_tags.tag_story(story), canvasmaker=pdf_tags.canvas_class(tagger, canvasmaker), **pages)
    try:
        return pdf_tags.finish(buffer.getvalue(), tagger, title=title, lang=lang, author=author)
    except Exception:  # an official document untagged is better than none
        log.exception("pdf_tagging_failed", title=title)
        return buffer.getvalue()
