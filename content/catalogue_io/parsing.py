"""Parsing of single values of an exchange record (spreadsheet cells or
JSON values) into their canonical form; every failure is a ``RecordError``
whose text is the reason shown to the editor, in Vietnamese."""

import datetime
import json
import re
from decimal import Decimal, InvalidOperation

from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..constants import GovernmentLevel, OnlineLevel, ProcedureType, SubmissionMethod
from ..models.component_kinds import detect_generated_from_eform, detect_present_only
from ..models.fees import MAX_FEE_AMOUNT, MAX_FEE_UNITS, FeeChannel, FeeKind, FeeUnit
from ..text import fold
from .limits import MAX_CELL_CHARS, NESTED_LIMITS, deep_json_message, json_too_deep


class RecordError(Exception):
    """A record that cannot be imported; ``str()`` is the reason."""


# --- parsing of values --------------------------------------------------------


def _choice_lookup(choices, extra=None):
    table = {}
    for value, label in choices:
        table[fold(value)] = value
        table[fold(str(label))] = value
    for alias, value in (extra or {}).items():
        table[fold(alias)] = value
    return table


LEVELS = _choice_lookup(
    GovernmentLevel.choices,
    {
        "trung ương": "central",
        "tỉnh": "province",
        "huyện": "district",
        "xã": "commune",
        "cấp trung ương": "central",
        "cấp tỉnh": "province",
        "cấp huyện": "district",
        "cấp xã": "commune",
    },
)
ONLINE = _choice_lookup(
    OnlineLevel.choices,
    {
        "thông tin": "information",
        "một phần": "partial",
        "toàn trình": "full",
        "toan trinh": "full",
        "mot phan": "partial",
        "muc do 2": "information",
        "muc do 3": "partial",
        "muc do 4": "full",
        "2": "information",
        "3": "partial",
        "4": "full",
    },
)
PTYPES = _choice_lookup(ProcedureType.choices)
METHODS = _choice_lookup(
    SubmissionMethod.choices,
    {
        "trực tiếp": "in_person",
        "trực tuyến": "online",
        "bưu chính": "postal",
        "dịch vụ bưu chính công ích": "postal",
        "bưu chính công ích": "postal",
    },
)

TRUE_WORDS = {"1", "true", "yes", "x", "co", "có", "bat buoc", "bắt buộc"}
FALSE_WORDS = {"0", "false", "no", "", "khong", "không", "nếu có", "neu co", "none"}


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _CONTROL.sub("", str(value).replace("\r\n", "\n")).strip()


def _bool(value, label):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = fold(_text(value))
    if text in {fold(w) for w in TRUE_WORDS}:
        return True
    if text in {fold(w) for w in FALSE_WORDS}:
        return False
    raise RecordError(
        _("giá trị “%(value)s” của %(label)s không phải có/không") % {"value": _text(value)[:40], "label": label}
    )


def _choice(value, table, label):
    text = fold(_text(value))
    if text in table:
        return table[text]
    raise RecordError(_("%(label)s “%(value)s” không hợp lệ") % {"label": label, "value": _text(value)[:60]})


def _int(value, label, maximum=2_000_000_000):
    if value in (None, ""):
        return 0
    if isinstance(value, bool):
        raise RecordError(_("%(label)s phải là số nguyên không âm") % {"label": label})
    text = _text(value).replace(".", "").replace(",", "").replace(" ", "")
    text = text.removesuffix("đ").removesuffix("đồng").removesuffix("VND").removesuffix("vnd")
    try:
        number = int(text)
    except ValueError:
        raise RecordError(
            _("%(label)s “%(value)s” không phải là số") % {"label": label, "value": _text(value)[:40]}
        ) from None
    if number < 0 or number > maximum:
        raise RecordError(_("%(label)s nằm ngoài giới hạn cho phép") % {"label": label})
    return number


def _days(value):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise RecordError(_("thời hạn giải quyết phải là số ngày"))
    text = _text(value).replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise RecordError(_("thời hạn giải quyết “%(value)s” không phải là số ngày") % {"value": text[:40]}) from None
    if not number.is_finite() or number < 0 or number >= 10000:
        raise RecordError(_("thời hạn giải quyết nằm ngoài giới hạn (0–9999 ngày)"))
    number = number.quantize(Decimal("0.1"))
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def _codes(value):
    if value in (None, ""):
        return []
    if isinstance(value, str):
        items = value.replace(",", ";").split(";")
    elif isinstance(value, list):
        items = value
    else:
        raise RecordError(_("danh sách cơ quan phối hợp không hợp lệ"))
    codes = []
    for item in items:
        code = _text(item)
        if code and code not in codes:
            codes.append(code)
    return codes


APPLICANTS = {
    "citizen": "citizen",
    "ca nhan": "citizen",
    "cong dan": "citizen",
    "cong dan viet nam / ca nhan": "citizen",
    "individual": "citizen",
    "organisation": "organisation",
    "organization": "organisation",
    "to chuc": "organisation",
    "enterprise": "enterprise",
    "doanh nghiep": "enterprise",
    "business": "enterprise",
}
APPLICANT_ORDER = ["citizen", "organisation", "enterprise"]


def _applicants(value):
    if value in (None, ""):
        return []
    items = value.split(";") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise RecordError(_("đối tượng thực hiện không hợp lệ"))
    found = set()
    for item in items:
        text = fold(_text(item))
        if not text:
            continue
        if text not in APPLICANTS:
            raise RecordError(
                _("đối tượng thực hiện “%(value)s” không hợp lệ (citizen, organisation, enterprise)")
                % {"value": _text(item)[:40]}
            )
        found.add(APPLICANTS[text])
    return [key for key in APPLICANT_ORDER if key in found]


def _slug(value):
    text = _text(value)
    if not text:
        return ""
    slug = slugify(fold(text))
    if slug != text:
        raise RecordError(
            _("đường dẫn (slug) “%(value)s” chỉ được gồm chữ thường không dấu, số và dấu gạch ngang")
            % {"value": text[:60]}
        )
    return slug


def _nested(value, key):
    """A list of objects: already a list (JSON) or JSON text (spreadsheet)."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        if len(value) > MAX_CELL_CHARS:
            raise RecordError(too_long(key, len(value), MAX_CELL_CHARS))
        too_deep = json_too_deep(value)
        if too_deep:
            raise RecordError(_("cột “%(key)s”: %(reason)s") % {"key": key, "reason": deep_json_message(too_deep[0])})
        try:
            value = json.loads(value)
        except ValueError:
            raise RecordError(_("cột “%(key)s” không đúng định dạng JSON") % {"key": key}) from None
    if not isinstance(value, list):
        raise RecordError(_("cột “%(key)s” phải là một danh sách") % {"key": key})
    return value


def too_long(key, length, limit):
    return _("“%(key)s” dài %(length)d ký tự, tối đa %(limit)d ký tự; hãy rút gọn") % {
        "key": key,
        "length": length,
        "limit": limit,
    }


def _checked(key, number, item):
    """``item`` (the ``number``-th of list ``key``) if every text of it fits
    its model field; a longer text is refused, never cut."""
    for name, limit in NESTED_LIMITS[key].items():
        text = item.get(name) or ""
        if len(text) > limit:
            raise RecordError(
                _("%(list)s, mục thứ %(number)d: %(reason)s")
                % {"list": key, "number": number, "reason": too_long(name, len(text), limit)}
            )
    return item


def _steps(value):
    steps = []
    for item in _nested(value, "steps"):
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, dict):
            raise RecordError(_("một bước trong “steps” không hợp lệ"))
        title = _text(item.get("title") or item.get("name"))
        if not title:
            raise RecordError(_("một bước thực hiện thiếu nội dung"))
        steps.append(_checked("steps", len(steps) + 1, {"title": title, "description": _text(item.get("description"))}))
    return steps


def _methods(value):
    methods = []
    for item in _nested(value, "methods"):
        if not isinstance(item, dict):
            raise RecordError(_("một cách thức thực hiện trong “methods” không hợp lệ"))
        # "fee" of files written before the fee schedule: read by
        # ``legacy_fees``, never stored on the method.
        method = {
            "method": _choice(item.get("method"), METHODS, _("hình thức nộp")),
            "processing_time": _text(item.get("processing_time")),
            "description": _text(item.get("description")),
        }
        methods.append(_checked("methods", len(methods) + 1, method))
    return methods


def _components(value, documents):
    components = []
    for item in _nested(value, "components"):
        if not isinstance(item, dict):
            raise RecordError(_("một thành phần hồ sơ trong “components” không hợp lệ"))
        name = _text(item.get("name"))
        if not name:
            raise RecordError(_("một thành phần hồ sơ thiếu tên giấy tờ"))
        component = {
            "case_group": _text(item.get("case_group")),
            "name": name,
            "originals": _int(item.get("originals", 1), _("số bản chính"), 999),
            "copies": _int(item.get("copies", 0), _("số bản sao"), 999),
            "required": _bool(item.get("required", True), _("bắt buộc")),
            "template_name": _text(item.get("template_name")),
            "template": _text(item.get("template")) or None,
        }
        # Files written before these two fields existed: read from the wording.
        present = item.get("present_only")
        component["present_only"] = (
            detect_present_only(name) if present in (None, "") else _bool(present, _("chỉ xuất trình"))
        )
        generated = item.get("generated_from_eform")
        component["generated_from_eform"] = (
            (not component["present_only"])
            and detect_generated_from_eform(name, component["template_name"], bool(component["template"]))
            if generated in (None, "")
            else _bool(generated, _("lập từ tờ khai điện tử"))
        )
        _checked("components", len(components) + 1, component)
        if component["template"] not in documents:
            component["template"] = None  # unknown document title: keep the template name only
        components.append(component)
    return components


def _date(value):
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = _text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date().isoformat()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise RecordError(
        _("ngày ban hành “%(value)s” không đúng định dạng (YYYY-MM-DD hoặc DD/MM/YYYY)") % {"value": text[:40]}
    )


def _legal_bases(value):
    bases = []
    for item in _nested(value, "legal_bases"):
        if not isinstance(item, dict):
            raise RecordError(_("một căn cứ pháp lý trong “legal_bases” không hợp lệ"))
        number = _text(item.get("number"))
        title = _text(item.get("title"))
        if not number or not title:
            raise RecordError(_("một căn cứ pháp lý thiếu số ký hiệu hoặc trích yếu"))
        basis = {
            "number": number,
            "title": title,
            "issued_on": _date(item.get("issued_on")),
            "issuer": _text(item.get("issuer")),
        }
        bases.append(_checked("legal_bases", len(bases) + 1, basis))
    return bases


FEE_KINDS = _choice_lookup(FeeKind.choices, {"phi": "phi", "lệ phí": "le_phi", "le phi": "le_phi", "fee": "phi"})
FEE_CHANNELS = _choice_lookup(
    FeeChannel.choices,
    {
        "": "all",
        "tất cả": "all",
        "mọi hình thức": "all",
        "trực tiếp": "in_person",
        "trực tuyến": "online",
        "bưu chính": "postal",
    },
)
FEE_UNITS = _choice_lookup(
    FeeUnit.choices, {"hồ sơ": "dossier", "mỗi hồ sơ": "dossier", "bản": "copy", "mỗi bản": "copy", "đơn vị": "unit"}
)


def _optional_int(value, label, maximum):
    if value in (None, ""):
        return None
    number = _int(value, label, maximum)
    return number or None


def _fees(value):
    fees = []
    for item in _nested(value, "fees"):
        if not isinstance(item, dict):
            raise RecordError(_("một khoản phí, lệ phí trong “fees” không hợp lệ"))
        name = _text(item.get("name"))
        if not name:
            raise RecordError(_("một khoản phí, lệ phí thiếu tên khoản thu"))
        fee = {
            "name": name,
            "kind": _choice(item.get("kind") or "le_phi", FEE_KINDS, _("loại phí, lệ phí")),
            "channel": _choice(item.get("channel") or "all", FEE_CHANNELS, _("hình thức nộp của khoản thu")),
            "amount_vnd": _int(item.get("amount_vnd"), _("mức thu"), MAX_FEE_AMOUNT),
            "unit": _choice(item.get("unit") or "dossier", FEE_UNITS, _("đơn vị tính")),
            "unit_label": _text(item.get("unit_label")),
            "free_units": _int(item.get("free_units"), _("số đơn vị đầu không thu"), MAX_FEE_UNITS),
            "max_units": _optional_int(item.get("max_units"), _("số đơn vị tối đa"), MAX_FEE_UNITS),
            "legal_basis": _text(item.get("legal_basis")),
            "note": _text(item.get("note")),
        }
        fees.append(_checked("fees", len(fees) + 1, fee))
    return fees


def _fee_exemptions(value):
    exemptions = []
    for item in _nested(value, "fee_exemptions"):
        if not isinstance(item, dict):
            raise RecordError(_("một đối tượng miễn, giảm trong “fee_exemptions” không hợp lệ"))
        category = _text(item.get("category"))
        if not category:
            raise RecordError(_("một đối tượng miễn, giảm thiếu tên đối tượng"))
        percent = _int(item.get("percent", 100), _("tỷ lệ giảm"), 100)
        if percent < 1:
            raise RecordError(_("tỷ lệ giảm phải từ 1 đến 100"))
        exemption = {
            "category": category,
            "percent": percent,
            "fee_name": _text(item.get("fee_name")),
            "proof_name": _text(item.get("proof_name")),
            "legal_basis": _text(item.get("legal_basis")),
        }
        exemptions.append(_checked("fee_exemptions", len(exemptions) + 1, exemption))
    return exemptions


def legacy_fees(amount, description, methods):
    """The schedule of a record written before it existed (``fee_vnd``,
    ``fee_description``, ``methods[].fee``): one row for every channel."""
    amount = _int(amount, _("phí, lệ phí"))
    description = _text(description)
    if not description:
        texts = []
        for item in methods if isinstance(methods, list) else []:
            text = _text(item.get("fee")) if isinstance(item, dict) else ""
            if text and text not in texts:
                texts.append(text)
        description = "\n".join(texts)
    if not amount and not description:
        return []
    return [
        {
            "name": _("Phí, lệ phí"),
            "kind": FeeKind.CHARGE.value,
            "channel": FeeChannel.ALL.value,
            "amount_vnd": amount,
            "unit": FeeUnit.DOSSIER.value,
            "unit_label": "",
            "free_units": 0,
            "max_units": None,
            "legal_basis": "",
            "note": description[:4000],
        }
    ]
