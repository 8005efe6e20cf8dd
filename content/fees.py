"""What one applicant pays: the fee calculator of the catalogue.

``quote(procedure, channel, category, units)`` reads the procedure's fee
schedule (``ProcedureFee`` rows and ``ProcedureFeeExemption`` rows) and
returns a ``FeeQuote``: one ``FeeLine`` per charge, with the legal wording
of the line, and the total. Pure: no database writes, no eforms imports;
every amount a citizen pays is computed here on the server, never taken
from a browser.

Rules:

- per channel: a row for the channel itself wins over the "every channel"
  row of the same name (the online reduction is the online row);
- per dossier rows count once; per copy / per unit rows count the units
  asked for, less ``free_units`` (the first N are included), at most
  ``max_units``;
- a claimed category (one of the procedure's exemptions) reduces the rows
  it applies to by its percent (100 = miễn), rounded down to the đồng.
"""

from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .models.fees import MAX_FEE_UNITS, FeeChannel, FeeKind, FeeUnit

__all__ = [
    "FeeError",
    "FeeLine",
    "FeeQuote",
    "clean_category",
    "clean_units",
    "exemption_categories",
    "format_vnd",
    "has_per_unit_fee",
    "quote",
    "unit_question_label",
]


class FeeError(ValueError):
    """An input the calculator refuses; ``str()`` is the Vietnamese reason."""


def format_vnd(amount):
    """``10000`` → ``"10.000 đ"``."""
    return f"{int(amount):,}".replace(",", ".") + " đ"


@dataclass
class FeeLine:
    name: str
    kind: str
    unit_amount: int
    quantity: int
    unit_label: str
    gross: int
    reduction_percent: int = 0
    category: str = ""
    amount: int = 0
    legal_basis: str = ""
    wording: str = ""


@dataclass
class FeeQuote:
    channel: str
    category: str = ""
    units: int = 1
    lines: list = field(default_factory=list)

    @property
    def total(self):
        return sum(line.amount for line in self.lines)

    @property
    def exempt(self):
        """Every charge waived for this applicant (a schedule with rows)."""
        return bool(self.lines) and self.total == 0

    def as_json(self):
        """What a dossier stores: the computed lines, frozen."""
        return {
            "channel": self.channel,
            "category": self.category,
            "units": self.units,
            "total": self.total,
            "lines": [asdict(line) for line in self.lines],
        }

    def summary(self):
        """One sentence: ``"Phí, lệ phí: 10.000 đ"`` or ``"Miễn lệ phí"``."""
        if not self.lines or self.total == 0:
            return _waived_text(self.lines)
        return _("Phí, lệ phí: %(amount)s") % {"amount": format_vnd(self.total)}


def _waived_text(lines):
    kinds = {line.kind for line in lines}
    if kinds == {FeeKind.FEE}:
        return _("Miễn phí")
    if kinds == {FeeKind.CHARGE}:
        return _("Miễn lệ phí")
    if not lines:
        return _("Không thu phí, lệ phí")
    return _("Miễn phí, lệ phí")


# --- what the e-form asks ---------------------------------------------------


def _rows(procedure):
    return list(procedure.fees.all())


def exemption_categories(procedure):
    """The distinct categories the procedure exempts or reduces, in order,
    as ``[(category, proof_name, percent)]``."""
    seen, out = set(), []
    for row in procedure.fee_exemptions.all():
        label = row.category.strip()
        if label and label not in seen:
            seen.add(label)
            out.append((label, row.proof_name.strip(), row.percent))
    return out


def has_per_unit_fee(procedure):
    return any(row.unit != FeeUnit.DOSSIER for row in _rows(procedure))


def unit_question_label(procedure):
    """The unit the e-form counts (“bản”, “phiếu”, “trang”): the first
    per-unit row's."""
    for row in _rows(procedure):
        if row.unit != FeeUnit.DOSSIER:
            return row.unit_text()
    return _("bản")


def clean_units(value):
    """A number of copies / units from the applicant: an int from 1 to
    ``MAX_FEE_UNITS``; ``None`` or "" means 1."""
    if value in (None, ""):
        return 1
    if isinstance(value, bool):
        raise FeeError(_("Số lượng phải là một số nguyên."))
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise FeeError(_("Số lượng phải là một số nguyên.")) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise FeeError(_("Số lượng phải là một số nguyên."))
    number = int(number)
    if number < 1:
        raise FeeError(_("Số lượng phải từ 1 trở lên."))
    if number > MAX_FEE_UNITS:
        raise FeeError(_("Số lượng tối đa là %(max)d.") % {"max": MAX_FEE_UNITS})
    return number


def clean_category(procedure, value):
    """A claimed category: "" (none) or one of the procedure's own."""
    label = (value or "").strip() if isinstance(value, str) else value
    if not label:
        return ""
    if not isinstance(label, str) or label not in {c for c, _p, _r in exemption_categories(procedure)}:
        raise FeeError(_("Đối tượng miễn, giảm phí, lệ phí không có trong danh sách của thủ tục này."))
    return label


# --- the calculation ---------------------------------------------------------


def _applicable(rows, channel):
    """One row per name: the channel's own row, else the every-channel row."""
    chosen = {}
    for row in rows:
        if row.channel not in (channel, FeeChannel.ALL):
            continue
        current = chosen.get(row.name.strip())
        if current is None or (current.channel == FeeChannel.ALL and row.channel != FeeChannel.ALL):
            chosen[row.name.strip()] = row
    picked = {id(row) for row in chosen.values()}
    return [row for row in rows if id(row) in picked]


def _quantity(row, units):
    if row.unit == FeeUnit.DOSSIER:
        return 1
    quantity = max(0, units - (row.free_units or 0))
    if row.max_units:
        quantity = min(quantity, row.max_units)
    return quantity


def _rate(row):
    """ "20.000 đ/bản (từ bản thứ 2 trở đi)": a row's amount per unit."""
    rate = _("%(amount)s/%(unit)s") % {"amount": format_vnd(row.amount_vnd), "unit": row.unit_text()}
    if row.free_units and row.unit != FeeUnit.DOSSIER:
        rate += " " + _("(từ %(unit)s thứ %(n)d trở đi)") % {"unit": row.unit_text(), "n": row.free_units + 1}
    return rate


def _wording(row, line, channel):
    where = {
        FeeChannel.ONLINE: _("nộp trực tuyến"),
        FeeChannel.IN_PERSON: _("nộp trực tiếp"),
        FeeChannel.POSTAL: _("nộp qua bưu chính"),
    }.get(row.channel)
    head = row.name.strip() + (f" ({where})" if where else "")
    text = f"{head}: {_rate(row)}"
    if row.unit != FeeUnit.DOSSIER:
        text += f" × {line.quantity} = {format_vnd(line.gross)}"
    if line.reduction_percent >= 100:
        text += " — " + _("miễn (%(category)s)") % {"category": line.category}
    elif line.reduction_percent:
        text += " — " + _("giảm %(percent)d%% (%(category)s), còn %(amount)s") % {
            "percent": line.reduction_percent,
            "category": line.category,
            "amount": format_vnd(line.amount),
        }
    if row.legal_basis:
        text += " — " + _("theo %(basis)s") % {"basis": row.legal_basis.strip()}
    return text


def quote(procedure, channel=FeeChannel.ONLINE, category="", units=1):
    """The ``FeeQuote`` of one applicant; raises ``FeeError`` for a category
    the procedure does not have or a number of units out of range."""
    channel = str(channel)
    if channel not in FeeChannel.values or channel == FeeChannel.ALL:
        raise FeeError(_("Hình thức nộp không hợp lệ."))
    units = clean_units(units)
    category = clean_category(procedure, category)
    exemptions = [row for row in procedure.fee_exemptions.all() if row.category.strip() == category] if category else []
    result = FeeQuote(channel=channel, category=category, units=units)
    for row in _applicable(_rows(procedure), channel):
        quantity = _quantity(row, units)
        if row.unit != FeeUnit.DOSSIER and quantity == 0:
            continue
        gross = row.amount_vnd * quantity
        percent = max((e.percent for e in exemptions if e.applies_to(row.name)), default=0)
        percent = min(percent, 100)
        amount = gross - gross * percent // 100
        line = FeeLine(
            name=row.name.strip(),
            kind=row.kind,
            unit_amount=row.amount_vnd,
            quantity=quantity,
            unit_label=row.unit_text(),
            gross=gross,
            reduction_percent=percent if gross else 0,
            category=category if percent and gross else "",
            amount=amount,
            legal_basis=row.legal_basis.strip(),
        )
        line.wording = _wording(row, line, channel)
        result.lines.append(line)
    return result


def schedule_summary(procedure):
    """The schedule as text lines for the sheet, the PDF and the search
    index: every row with its channel, then the exemptions."""
    lines = []
    for row in _rows(procedure):
        channel = "" if row.channel == FeeChannel.ALL else f" ({row.get_channel_display().lower()})"
        if row.amount_vnd == 0:
            amount = _("miễn")
        else:
            amount = _rate(row)
        text = f"{row.name.strip()}{channel}: {amount}"
        if row.legal_basis:
            text += f" ({row.legal_basis.strip()})"
        if row.note:
            text += f". {row.note.strip()}"
        lines.append(text)
    for row in procedure.fee_exemptions.all():
        what = _("miễn") if row.percent >= 100 else _("giảm %(percent)d%%") % {"percent": row.percent}
        target = f" {row.fee_name.strip().lower()}" if row.fee_name.strip() else ""
        lines.append(f"{row.category.strip()}: {what}{target}")
    return lines


def schedule_problems(fees, exemptions):
    """What makes a schedule ambiguous, in Vietnamese: two rows of the same
    charge for the same channel, or an exemption naming no charge of the
    schedule. ``fees`` and ``exemptions`` are dicts (import records, admin
    formset data)."""
    problems = []
    seen = set()
    names = set()
    for row in fees:
        name = (row.get("name") or "").strip()
        names.add(name)
        key = (name, row.get("channel") or FeeChannel.ALL)
        if key in seen:
            problems.append(
                _(
                    "Biểu phí có hai dòng “%(name)s” cho cùng hình thức nộp; mỗi khoản thu chỉ một mức cho mỗi "
                    "hình thức."
                )
                % {"name": name[:80]}
            )
        seen.add(key)
    for row in exemptions:
        target = (row.get("fee_name") or "").strip()
        if target and target not in names:
            problems.append(
                _("Đối tượng “%(category)s” áp dụng cho khoản thu “%(name)s” không có trong biểu phí.")
                % {"category": (row.get("category") or "")[:80], "name": target[:80]}
            )
    return problems
