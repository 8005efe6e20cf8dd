"""The rules of an internal process definition, one function for the admin
form, the demo loader and the tests: at least one step, a known officer
role for each, a plain-text name, positive shares summing to the whole time
limit (100 %, or the procedure's time limit in working hours)."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from eforms.dossiers.calendar import hours_per_day
from eforms.dossiers.deadlines import SAME_DAY, published_time_limit
from eforms.processes.roles import StepRole

MAX_STEPS = 20
MAX_NAME_LENGTH = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class StepSpec:
    name: str
    role: str
    share: object


def _number(value):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _words(value):
    """``24`` not ``24.00``; ``2,5`` the Vietnamese way."""
    return f"{value.normalize():f}".replace(".", ",")


def working_hours_of(days, agency=None):
    """The time limit in working hours (Decimal; a working day is the length
    of the agency's office day), None without one."""
    if days is None:
        return None
    return Decimal(str(days)) * Decimal(hours_per_day(agency).total_seconds()) / Decimal(3600)


def check_steps(specs, unit, time_limit_days=None, agency=None):
    """The Vietnamese error messages of a process whose steps are ``specs``
    (``StepSpec``) shared by ``unit`` ("percent" or "hours"); empty when it
    is valid. ``time_limit_days``: the procedure's published time limit;
    ``agency``: whose office hours make a working day."""
    errors = []
    specs = list(specs)
    if not specs:
        return [_("Quy trình nội bộ phải có ít nhất một bước xử lý.")]
    if len(specs) > MAX_STEPS:
        errors.append(_("Quy trình nội bộ có tối đa %(n)s bước.") % {"n": MAX_STEPS})
    roles = dict(StepRole.choices)
    shares = []
    for index, spec in enumerate(specs, start=1):
        name = (spec.name or "").strip()
        where = _("Bước %(n)s") % {"n": index}
        if not name:
            errors.append(_("%(where)s: vui lòng nhập tên bước.") % {"where": where})
        elif len(name) > MAX_NAME_LENGTH:
            errors.append(_("%(where)s: tên bước tối đa %(n)s ký tự.") % {"where": where, "n": MAX_NAME_LENGTH})
        elif _CONTROL.search(name) or "<" in name or ">" in name:
            errors.append(
                _("%(where)s: tên bước không được chứa ký tự điều khiển hay thẻ HTML (<, >).") % {"where": where}
            )
        if spec.role not in roles:
            errors.append(
                _("%(where)s: vai trò “%(role)s” không có trong không gian làm việc của cán bộ (chọn: %(known)s).")
                % {"where": where, "role": str(spec.role)[:40], "known": ", ".join(str(v) for v in roles.values())}
            )
        share = _number(spec.share)
        if share is None or share <= 0:
            errors.append(_("%(where)s: thời gian của bước phải là một số lớn hơn 0.") % {"where": where})
        else:
            shares.append(share)
    if errors:
        return errors
    total = sum(shares, Decimal(0))
    if unit == "hours":
        if time_limit_days is None or Decimal(str(time_limit_days)) == SAME_DAY:
            return [
                _(
                    "Thủ tục chưa công bố thời hạn giải quyết tính bằng ngày làm việc (hoặc giải quyết trong ngày): "
                    "hãy chia thời gian theo phần trăm."
                )
            ]
        whole = working_hours_of(time_limit_days, agency)
        if total != whole:
            errors.append(
                _(
                    "Tổng thời gian các bước là %(total)s giờ làm việc; phải bằng thời hạn giải quyết của thủ tục: "
                    "%(whole)s giờ làm việc (%(days)s ngày làm việc)."
                )
                % {"total": _words(total), "whole": _words(whole), "days": _words(Decimal(str(time_limit_days)))}
            )
    elif unit == "percent":
        if total != HUNDRED:
            errors.append(
                _("Tổng thời gian các bước là %(total)s%%; phải bằng 100%% thời hạn giải quyết.")
                % {"total": _words(total)}
            )
    else:
        errors.append(_("Cách chia thời hạn không hợp lệ."))
    return errors


def check_process(procedure, specs, unit):
    """``check_steps`` against the procedure's published time limit."""
    if procedure is None:
        return check_steps(specs, unit)
    agency = procedure.agency if procedure.agency_id else None
    return check_steps(specs, unit, published_time_limit(procedure), agency)


def fractions(shares):
    """Each share as a fraction of their sum (six decimals), summing to 1."""
    shares = [Decimal(str(s)) for s in shares]
    total = sum(shares, Decimal(0))
    if not total:
        return []
    out = [(s / total).quantize(Decimal("0.000001")) for s in shares]
    out[-1] = Decimal(1) - sum(out[:-1], Decimal(0))
    return out
