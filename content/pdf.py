"""The procedure sheet as PDF (``<procedure url>pdf/``), drawn with
reportlab in the DejaVu fonts shipped with the base theme so that every
Vietnamese letter prints; A4, tables, "Trang x/y" footer."""

from xml.sax.saxutils import escape

from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from portal.pdf import FILL, GRID, SERIF, Page, build_pdf, columns, grid_table, head_row, styles
from portal.pdf import para as _p

from .models.richtext import sanitise_rich_text
from .templatetags.catalogue_tags import days as format_days
from .templatetags.catalogue_tags import is_demo_record

RED = colors.HexColor("#7d0f12")
PAGE = Page(left=18 * mm, right=18 * mm, top=16 * mm, bottom=20 * mm)


def _styles():
    st = styles(10, 13.5, small={"fontSize": 8.5, "leading": 11})
    base = st["base"]
    bold = f"{SERIF}-Bold"
    extra = {
        "org": {"fontName": bold, "fontSize": 9.5, "leading": 12, "alignment": TA_CENTER},
        "org_sub": {"fontSize": 9, "leading": 12, "alignment": TA_CENTER},
        "kicker": {
            "fontName": bold,
            "fontSize": 11,
            "leading": 14,
            "alignment": TA_CENTER,
            "textColor": RED,
            "spaceBefore": 10,
        },
        "title": {
            "fontName": bold,
            "fontSize": 15,
            "leading": 19,
            "alignment": TA_CENTER,
            "spaceBefore": 2,
            "spaceAfter": 4,
        },
        "code": {"fontSize": 10, "alignment": TA_CENTER, "spaceAfter": 8},
        "h2": {"fontName": bold, "fontSize": 11, "leading": 14, "textColor": RED, "spaceBefore": 10, "spaceAfter": 4},
        "step": {"leftIndent": 12, "spaceAfter": 3},
    }
    for name, spec in extra.items():
        st[name] = ParagraphStyle(name, parent=base, **spec)
    st["body"] = base
    return st


def _html_text(html):
    """The text of stored rich text, cleaned first: no script or style
    content, whatever an import or a script stored."""
    return BeautifulSoup(sanitise_rich_text(html or ""), "html.parser").get_text("\n").strip()


def _table(rows, widths, header_rows=1, extra_styles=()):
    return grid_table(rows, widths, header_rows=header_rows, extra=extra_styles)


class NumberedCanvas(pdfcanvas.Canvas):
    """Draws "Trang x/y" once the page count is known."""

    footer_left = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_pages = []

    def showPage(self):
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total):
        width, _height = A4
        self.setFont(SERIF, 8)
        self.setStrokeColor(GRID)
        self.line(18 * mm, 14 * mm, width - 18 * mm, 14 * mm)
        self.drawString(18 * mm, 10 * mm, self.footer_left)
        self.drawRightString(
            width - 18 * mm, 10 * mm, _("Trang %(page)d/%(total)d") % {"page": self._pageNumber, "total": total}
        )


def render_procedure_pdf(page, identity=None):
    """PDF bytes of one procedure's sheet."""
    identity = identity or {
        "province_name": settings.PORTAL_PROVINCE_NAME,
        "center_name": settings.PORTAL_CENTER_NAME,
        "center_address": settings.PORTAL_CENTER_ADDRESS,
    }
    s = _styles()
    width = PAGE.width
    story = []

    # heading: who issues the sheet
    org = columns(
        [
            _p(_("ỦY BAN NHÂN DÂN") + "\n" + identity["province_name"].upper(), s["org"]),
            _p(identity["center_name"], s["org_sub"]),
        ],
        [width * 0.45, width * 0.55],
        extra=[("LINEBELOW", (0, 0), (-1, 0), 0.8, RED)],
    )
    story += [
        org,
        _p(_("THÔNG TIN THỦ TỤC HÀNH CHÍNH"), s["kicker"]),
        _p(page.title, s["title"]),
        _p(_("Mã thủ tục: %(code)s") % {"code": page.code}, s["code"]),
    ]
    if is_demo_record(page):
        notice = (
            _("Bản ghi minh họa")
            + ". "
            + _("Mã và nội dung chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính")
        )
        story.append(_p(notice + ".", s["code"]))

    # general information
    label_w, value_w = width * 0.32, width * 0.68
    coordinating = "; ".join(a.title for a in page.coordinating_agencies.all())
    info = [
        (_("Mã thủ tục"), page.code),
        (_("Số quyết định"), page.decision_number),
        (_("Tên thủ tục"), page.title),
        (_("Cấp thực hiện"), page.get_level_display()),
        (_("Loại thủ tục"), page.get_procedure_type_display()),
        (_("Lĩnh vực"), page.field.title if page.field_id else ""),
        (_("Cơ quan thực hiện"), page.agency.title if page.agency_id else ""),
        (_("Cơ quan có thẩm quyền"), page.competent_agency),
        (_("Cơ quan phối hợp"), coordinating),
        (
            _("Đối tượng thực hiện"),
            ", ".join(page.applicant_labels) + (f"\n{page.applicants_note}" if page.applicants_note else ""),
        ),
        (_("Mức độ dịch vụ công trực tuyến"), page.get_online_level_display()),
    ]
    rows = [[_p(label, s["cell_bold"]), _p(value, s["cell"])] for label, value in info if value]
    story += [
        _p(_("1. Thông tin chung"), s["h2"]),
        _table(rows, [label_w, value_w], header_rows=0, extra_styles=[("BACKGROUND", (0, 0), (0, -1), FILL)]),
    ]

    number = 2
    steps = page.step_list()
    if steps:
        story.append(_p(f"{number}. " + _("Trình tự thực hiện"), s["h2"]))
        for i, step in enumerate(steps, start=1):
            text = f"<b>{escape(step['title'])}</b>"
            if step.get("description"):
                text += "<br/>" + escape(step["description"]).replace("\n", "<br/>")
            story.append(Paragraph(f"{i}. {text}", s["step"]))
        number += 1

    methods = list(page.methods.all())
    if methods:
        rows = [
            head_row(
                (_("Hình thức nộp"), _("Thời hạn giải quyết"), _("Phí, lệ phí"), _("Mô tả")),
                s["head"],
            )
        ]
        rows += [
            [
                _p(m.get_method_display(), s["cell_bold"]),
                _p(m.processing_time, s["cell"]),
                _p(m.fee, s["cell"]),
                _p(m.description, s["cell"]),
            ]
            for m in methods
        ]
        story += [
            _p(f"{number}. " + _("Cách thức thực hiện"), s["h2"]),
            _table(rows, [width * 0.17, width * 0.28, width * 0.25, width * 0.30]),
        ]
        number += 1

    groups = page.numbered_component_groups()
    if groups:
        rows = [
            head_row(
                (_("STT"), _("Tên giấy tờ"), _("Mẫu đơn, tờ khai"), _("Bản chính"), _("Bản sao"), _("Bắt buộc")),
                s["head"],
            )
        ]
        extra = []
        for case, components in groups:
            heading = case or (_("Thành phần chung") if len(groups) > 1 else "")
            if heading:
                extra += [
                    ("SPAN", (0, len(rows)), (-1, len(rows))),
                    ("BACKGROUND", (0, len(rows)), (-1, len(rows)), colors.HexColor("#fff7db")),
                ]
                rows.append([_p(heading, s["cell_bold"]), "", "", "", "", ""])
            for i, c in components:
                template = c.template_name or (c.template.title if c.template_id else "")
                name = c.name
                if c.present_only:
                    name += " (" + _("chỉ xuất trình bản chính, không phải nộp") + ")"
                rows.append(
                    [
                        _p(i, s["cell_center"]),
                        _p(name, s["cell"]),
                        _p(template, s["cell"]),
                        _p(c.originals, s["cell_center"]),
                        _p(c.copies, s["cell_center"]),
                        _p(_("Có") if c.required else _("Nếu có"), s["cell_center"]),
                    ]
                )
        story += [
            _p(f"{number}. " + _("Thành phần hồ sơ"), s["h2"]),
            _table(
                rows,
                [width * 0.07, width * 0.45, width * 0.22, width * 0.08, width * 0.08, width * 0.10],
                extra_styles=extra,
            ),
        ]
        number += 1

    time_text = format_days(page.processing_days) if page.processing_days is not None else ""
    if page.processing_time_note:
        time_text = f"{time_text}. {page.processing_time_note}" if time_text else page.processing_time_note
    story += [
        _p(f"{number}. " + _("Thời hạn giải quyết"), s["h2"]),
        _p(time_text or _("Giải quyết ngay trong ngày hoặc không quy định."), s["body"]),
    ]
    number += 1
    story += [_p(f"{number}. " + _("Phí, lệ phí"), s["h2"]), _p(page.fee_summary, s["body"])]
    number += 1
    if page.result:
        story += [_p(f"{number}. " + _("Kết quả thực hiện"), s["h2"]), _p(page.result, s["body"])]
        number += 1
    conditions = _html_text(page.conditions)
    if conditions:
        story += [_p(f"{number}. " + _("Yêu cầu, điều kiện thực hiện"), s["h2"]), _p(conditions, s["body"])]
        number += 1

    bases = list(page.legal_bases.all())
    if bases:
        rows = [
            head_row(
                (_("Số ký hiệu"), _("Trích yếu"), _("Ngày ban hành"), _("Cơ quan ban hành")),
                s["head"],
            )
        ]
        rows += [
            [
                _p(b.number, s["cell"]),
                _p(b.title, s["cell"]),
                _p(b.issued_on.strftime("%d/%m/%Y") if b.issued_on else "", s["cell_center"]),
                _p(b.issuer, s["cell"]),
            ]
            for b in bases
        ]
        story += [
            _p(f"{number}. " + _("Căn cứ pháp lý"), s["h2"]),
            _table(rows, [width * 0.2, width * 0.48, width * 0.14, width * 0.18]),
        ]
        number += 1

    address = page.receiving_address or (page.agency.address if page.agency_id else "") or identity["center_address"]
    story.append(KeepTogether([_p(f"{number}. " + _("Địa chỉ tiếp nhận hồ sơ"), s["h2"]), _p(address, s["body"])]))
    submit_url = page.submit_url if page.is_online else ""
    if submit_url:
        url = settings.PORTAL_BASE_URL.rstrip("/") + submit_url
        story += [Spacer(1, 6), _p(_("Nộp hồ sơ trực tuyến tại: %(url)s") % {"url": url}, s["small"])]

    printed = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    footer = f"{page.code} — " + _("In từ Cổng dịch vụ công lúc %(time)s") % {"time": printed}

    class Canvas(NumberedCanvas):
        footer_left = footer

    return build_pdf(
        story,
        PAGE,
        title=f"{page.code} — {page.title}",
        author=identity["center_name"],
        subject=_("Thông tin thủ tục hành chính"),
        canvasmaker=Canvas,
    )
