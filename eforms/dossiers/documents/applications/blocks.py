"""The pieces a paper form is made of, each turning into ReportLab
flowables: a labelled line (``Line``), several short fields on one line
(``Inline``), a fixed sentence (``Text``), a tick-box question (``Choice``),
a two-party table (``Parties``: Bên nữ / Bên nam) and a list table
(``ListTable``: household members, residence history).

An answer the citizen did not give is printed as the paper form's dotted
line, never "None" or "—". Every value is escaped (an answer is text, never
markup).
"""

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from portal.pdf import GRID, SANS, SERIF

DOT = "."
BOX, TICKED = "☐", "☒"
SHORT_BLANK = 18  # dots of a short blank (date, gender) on a shared line
PADDING = 14  # the frame's side paddings and a margin: a dotted line never wraps


def markup(text):
    return escape(text).replace("\n", "<br/>")


def dots(count):
    return DOT * max(4, int(count))


def fill_dots(used_width, width, size):
    """Dots from ``used_width`` to the end of a ``width`` line (a label
    longer than one line: to the end of its last line, roughly)."""
    room = width - PADDING
    left = room - (used_width % room)
    if left < room * 0.2:
        left += room
    return dots(left / stringWidth(DOT, SERIF, size) * 0.94)


def value_markup(text, blank):
    return f"<b>{markup(text)}</b>" if text else blank


@dataclass
class Line:
    """ "Label: value" on its own line(s); ``keys``: the e-form fields that
    may carry it, the first answered wins."""

    label: str
    keys: tuple = ()
    note: str = ""  # the paper form's footnote mark, e.g. "(1)"
    prefixes: dict = field(default_factory=dict)  # key → words printed before its answer
    default: object = None  # source → text, when no key is answered
    suffix: str = ""  # printed after the answer ("bản", "Phiếu")

    def flowables(self, source, st, width):
        key, text = source.lookup(*self.keys)
        if text and key in self.prefixes:
            text = f"{self.prefixes[key]}{text}"
        if not text and self.default is not None:
            text = self.default(source)
        if text and self.suffix:
            text = f"{text} {self.suffix}"
        head = f"{self.label}{self.note}: "
        style = st["form"]
        blank = fill_dots(stringWidth(head, SERIF, style.fontSize), width, style.fontSize)
        return [Paragraph(markup(head) + value_markup(text, blank), style)]


@dataclass
class Inline:
    """Several short fields on one line: ``[(label, keys), …]``."""

    parts: list

    def flowables(self, source, st, width):
        pieces = []
        for label, keys in self.parts:
            text = source.value(*keys)
            pieces.append(f"{markup(label)}: {value_markup(text, dots(SHORT_BLANK))}")
        return [Paragraph("&nbsp;&nbsp;&nbsp;".join(pieces), st["form"])]


@dataclass
class Text:
    """A fixed sentence of the form (``bold``, ``italic``)."""

    text: str
    bold: bool = False
    italic: bool = False

    def flowables(self, source, st, width):
        body = markup(self.text)
        if self.bold:
            body = f"<b>{body}</b>"
        if self.italic:
            body = f"<i>{body}</i>"
        return [Paragraph(body, st["form"])]


def _truthy(text):
    return (text or "").strip().lower() in {"có", "co", "true", "1", "yes", "x"}


@dataclass
class Choice:
    """A tick-box question: the box of the answered option is ticked;
    ``options`` are the printed labels, matched to the answer's text
    (``"Có"``/``"Không"`` also from a checkbox)."""

    label: str
    keys: tuple
    options: tuple = ("Có", "Không")
    extra: tuple = ()  # a Line-like ("Số lượng", keys) printed after the boxes

    def flowables(self, source, st, width):
        text = source.value(*self.keys)
        chosen = [part.strip().lower() for part in (text or "").split(",")]
        boxes = []
        for option in self.options:
            folded = option.lower()
            ticked = folded in chosen or any(c and folded.endswith(f" {c}") for c in chosen)
            ticked = ticked or (option == "Có" and _truthy(text))
            box = f'<font name="{SANS}">{TICKED if ticked else BOX}</font>'
            boxes.append(f"{markup(option)} {box}")
        line = f"{markup(self.label)}: " + "&nbsp;&nbsp;&nbsp;".join(boxes)
        if self.extra:
            label, keys = self.extra
            line += f"&nbsp;&nbsp;&nbsp;{markup(label)}: {value_markup(source.value(*keys), dots(12))}"
        return [Paragraph(line, st["form"])]


def _cell(text, style):
    return Paragraph(markup(text) if text else "&nbsp;", style)


def _table(rows, widths, header_rows=1):
    table = Table(rows, colWidths=list(widths), repeatRows=header_rows, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


@dataclass
class Parties:
    """The two-column table of a form both parties fill in (Tờ khai đăng ký
    kết hôn): ``rows`` are ``(label, keys of the first party, keys of the
    second)``."""

    heads: tuple
    rows: list

    def flowables(self, source, st, width):
        widths = (width * 0.28, width * 0.36, width * 0.36)
        data = [[_cell(head, st["cell_head"]) for head in self.heads]]
        for label, first, second in self.rows:
            data.append(
                [
                    _cell(label, st["cell_label"]),
                    _cell(source.value(*first), st["cell_value"]),
                    _cell(source.value(*second), st["cell_value"]),
                ]
            )
        return [Spacer(1, 2 * mm), _table(data, widths), Spacer(1, 2 * mm)]


@dataclass
class ListTable:
    """A numbered table of people or periods (``columns``: (head, share of
    the width)). The rows come from one answer (``keys``), one line per row,
    cells separated by ";" or "|"; without it, ``blank_rows`` empty rows to
    fill by hand."""

    title: str
    keys: tuple
    columns: list
    blank_rows: int = 2
    numbered: bool = True
    rows: list = field(default_factory=list)

    def _rows(self, text):
        rows = []
        for line in (text or "").splitlines():
            line = line.strip()
            if not line:
                continue
            cells = [cell.strip() for cell in line.replace("|", ";").split(";")]
            count = len(self.columns)
            if len(cells) > count:
                cells = [*cells[: count - 1], "; ".join(cells[count - 1 :])]
            rows.append(cells + [""] * (count - len(cells)))
        return rows

    def flowables(self, source, st, width):
        heads = [head for head, _share in self.columns]
        shares = [share for _head, share in self.columns]
        number_share = 0.07 if self.numbered else 0
        scale = (1 - number_share) / sum(shares)
        widths = ([width * number_share] if self.numbered else []) + [width * s * scale for s in shares]
        data = [[_cell(h, st["cell_head"]) for h in (["TT"] if self.numbered else []) + heads]]
        rows = self._rows(source.value(*self.keys)) or [[""] * len(heads) for _ in range(self.blank_rows)]
        for number, cells in enumerate(rows, start=1):
            lead = [_cell(f"{number:02d}", st["cell_center"])] if self.numbered else []
            data.append(lead + [_cell(cell, st["cell_value"]) for cell in cells])
        story = [Paragraph(markup(self.title), st["form"])] if self.title else []
        return [*story, Spacer(1, 1.5 * mm), _table(data, widths), Spacer(1, 2 * mm)]


@dataclass
class When:
    """``blocks`` printed only when ``condition(source)`` holds."""

    condition: object
    blocks: tuple

    def flowables(self, source, st, width):
        if not self.condition(source):
            return []
        return [flowable for block in self.blocks for flowable in block.flowables(source, st, width)]
