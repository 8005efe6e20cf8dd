"""A horizontal stacked bar chart as server-rendered SVG (no script): for
each agency or month, the dossiers resolved early, on time and late.

The SVG carries ``role="img"`` with a ``<title>`` and a ``<desc>`` that says
the figures in words; the template puts a table of the same figures next to
it for readers who cannot see the picture. Only presentation attributes are
used (the site's CSP allows no inline style)."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

LABEL_WIDTH = 230
BAR_AREA = 460
RIGHT = 190
BAR_HEIGHT = 18
GAP = 12
TOP = 34
MAX_BARS = 40
COLOURS = {"early": "#1f6f3f", "on_time": "#3a9a5c", "late": "#b3261e"}
MAX_LABEL_CHARS = 34


@dataclass
class Bar:
    label: str
    early: int
    on_time: int
    late: int

    @property
    def total(self):
        return self.early + self.on_time + self.late


def bars_of(rows):
    return [Bar(r.name, r.early, r.on_time, r.late) for r in rows if r.resolved][:MAX_BARS]


def _short(text):
    text = str(text)
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def describe(bars):
    """The figures in words, for ``<desc>``."""
    if not bars:
        return _("Chưa có hồ sơ được giải quyết trong kỳ.")
    parts = [
        _("%(label)s: %(early)s trước hạn, %(on_time)s đúng hạn, %(late)s quá hạn")
        % {"label": b.label, "early": b.early, "on_time": b.on_time, "late": b.late}
        for b in bars
    ]
    return "; ".join(parts) + "."


def _rate_text(bar):
    rate = round(100 * (bar.early + bar.on_time) / bar.total, 1) if bar.total else 0
    return f"{rate:.1f}".replace(".", ",")


def bar_chart(rows, title, chart_id="stats-chart", narrow=False):
    """The SVG (safe markup) of ``rows`` (Rows with early / on_time / late).
    ``narrow``: the phone layout, each label on its own line above its bar."""
    bars = bars_of(rows)
    scale = max((b.total for b in bars), default=0) or 1
    label_width, bar_area, right = (0, 210, 110) if narrow else (LABEL_WIDTH, BAR_AREA, RIGHT)
    step = BAR_HEIGHT + GAP + (18 if narrow else 0)
    width = label_width + bar_area + right + (10 if narrow else 0)
    height = TOP + max(1, len(bars)) * step + 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ws-chart__svg{" ws-chart__svg--narrow" if narrow else ""}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="inherit" font-size="13">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(bars))}</desc>',
    ]
    x0 = 5 if narrow else label_width
    for position, bar in enumerate(bars):
        y = TOP + position * step
        if narrow:
            out.append(f'<text x="{x0}" y="{y + 12}" fill="#1b1f24">{escape(bar.label)}</text>')
            y += 18
        else:
            out.append(
                f'<text x="{label_width - 8}" y="{y + BAR_HEIGHT - 5}" text-anchor="end" fill="#1b1f24">'
                f"{escape(_short(bar.label))}</text>"
            )
        x = x0
        for name in ("early", "on_time", "late"):
            value = getattr(bar, name)
            if not value:
                continue
            w = round(bar_area * value / scale, 1)
            out.append(
                f'<rect x="{x}" y="{y}" width="{w}" height="{BAR_HEIGHT}" fill="{COLOURS[name]}">'
                f"<title>{escape(bar.label)} — {escape(legend_labels()[name])}: {value}</title></rect>"
            )
            x += w
        if narrow:
            summary = _("%(n)s · %(rate)s%%") % {"n": bar.total, "rate": _rate_text(bar)}
        else:
            summary = _("%(n)s hồ sơ · %(rate)s%% đúng hạn") % {"n": bar.total, "rate": _rate_text(bar)}
        out.append(f'<text x="{x + 6}" y="{y + BAR_HEIGHT - 5}" fill="#1b1f24">{escape(summary)}</text>')
    if not bars:
        out.append(f'<text x="{x0}" y="{TOP + 12}" fill="#555">{escape(describe(bars))}</text>')
    legend_y = height - 16
    x = x0
    for name, label in legend_labels().items():
        out.append(f'<rect x="{x}" y="{legend_y - 11}" width="12" height="12" fill="{COLOURS[name]}"/>')
        out.append(f'<text x="{x + 17}" y="{legend_y}" fill="#1b1f24">{escape(label)}</text>')
        x += 105 if narrow else 130
    out.append("</svg>")
    return mark_safe("".join(out))  # every text above is escaped


def legend_labels():
    return {"early": _("Trước hạn"), "on_time": _("Đúng hạn"), "late": _("Quá hạn")}
