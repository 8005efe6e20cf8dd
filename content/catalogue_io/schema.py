"""The exchange record of one procedure (format ``portal.procedures/1``).

``serialize(page)`` gives the canonical record of a stored procedure;
``normalize(raw, lookups)`` turns an incoming record (JSON object or
spreadsheet row already decoded) into the same canonical shape, or raises
``RecordError`` with the reason in Vietnamese. Two records are equal exactly
when importing one over the other would change nothing.
"""
import datetime
import json
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..constants import GovernmentLevel, OnlineLevel, ProcedureType, SubmissionMethod
from ..text import fold
from ..validators import PROCEDURE_CODE_RE, normalize_procedure_code

FORMAT = "portal.procedures/1"

#: canonical keys, in export order; ``kind`` drives parsing and flattening
FIELDS = [
    ("code", "str"),
    ("name", "str"),
    ("slug", "slug"),
    ("decision_number", "str"),
    ("level", "level"),
    ("procedure_type", "ptype"),
    ("field", "str"),
    ("agency", "str"),
    ("coordinating_agencies", "codes"),
    ("competent_agency", "str"),
    ("authorised_agency", "str"),
    ("applicants", "applicants"),
    ("applicants_note", "str"),
    ("summary", "str"),
    ("keywords", "str"),
    ("online_level", "online"),
    ("processing_days", "days"),
    ("processing_time_note", "str"),
    ("fee_vnd", "int"),
    ("fee_description", "str"),
    ("result", "str"),
    ("conditions", "str"),
    ("receiving_address", "str"),
    ("steps", "steps"),
    ("methods", "methods"),
    ("components", "components"),
    ("legal_bases", "legal_bases"),
]
KEYS = [key for key, _kind in FIELDS]
KINDS = dict(FIELDS)
NESTED = {"steps", "methods", "components", "legal_bases"}
REQUIRED_COLUMNS = ["code", "name"]

DEFAULTS = {
    "level": GovernmentLevel.PROVINCE.value,
    "procedure_type": ProcedureType.NOT_DELEGATED.value,
    "online_level": OnlineLevel.INFORMATION.value,
    "applicants": ["citizen"],
    "processing_days": None,
    "fee_vnd": 0,
    "coordinating_agencies": [],
    "steps": [],
    "methods": [],
    "components": [],
    "legal_bases": [],
}

MAX_LENGTHS = {
    "code": 30,
    "name": 255,
    "slug": 255,
    "decision_number": 120,
    "competent_agency": 255,
    "authorised_agency": 255,
    "keywords": 500,
    "processing_time_note": 255,
}

#: other spellings accepted on import (header of a spreadsheet, keys of JSON)
ALIASES = {
    "title": "name",
    "ten_thu_tuc": "name",
    "tên thủ tục": "name",
    "ma_thu_tuc": "code",
    "mã thủ tục": "code",
    "agency_code": "agency",
    "co_quan": "agency",
    "cơ quan thực hiện": "agency",
    "field_code": "field",
    "linh_vuc": "field",
    "lĩnh vực": "field",
    "cấp thực hiện": "level",
    "mức độ": "online_level",
    "mức độ dịch vụ công trực tuyến": "online_level",
    "coordinating_agency_codes": "coordinating_agencies",
    "legal_basis": "legal_bases",
    "legal": "legal_bases",
    "fee": "fee_vnd",
    "đối tượng thực hiện": "applicants",
    "processing_time_days": "processing_days",
}


class RecordError(Exception):
    """A record that cannot be imported; ``str()`` is the reason."""


def canonical_key(key):
    key = str(key or "").strip().lstrip("\ufeff")
    lowered = key.lower()
    if lowered in KINDS:
        return lowered
    return ALIASES.get(lowered, ALIASES.get(key, key))


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
    {"trung ương": "central", "tỉnh": "province", "huyện": "district", "xã": "commune",
     "cấp trung ương": "central", "cấp tỉnh": "province", "cấp huyện": "district", "cấp xã": "commune"},
)
ONLINE = _choice_lookup(
    OnlineLevel.choices,
    {"thông tin": "information", "một phần": "partial", "toàn trình": "full",
     "toan trinh": "full", "mot phan": "partial", "muc do 2": "information",
     "muc do 3": "partial", "muc do 4": "full", "2": "information", "3": "partial", "4": "full"},
)
PTYPES = _choice_lookup(ProcedureType.choices)
METHODS = _choice_lookup(
    SubmissionMethod.choices,
    {"trực tiếp": "in_person", "trực tuyến": "online", "bưu chính": "postal",
     "dịch vụ bưu chính công ích": "postal", "bưu chính công ích": "postal"},
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
    raise RecordError(_("giá trị “%(value)s” của %(label)s không phải có/không") % {"value": _text(value)[:40], "label": label})


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
        raise RecordError(_("%(label)s “%(value)s” không phải là số") % {"label": label, "value": _text(value)[:40]})
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
        raise RecordError(_("thời hạn giải quyết “%(value)s” không phải là số ngày") % {"value": text[:40]})
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
    "citizen": "citizen", "ca nhan": "citizen", "cong dan": "citizen",
    "cong dan viet nam / ca nhan": "citizen", "individual": "citizen",
    "organisation": "organisation", "organization": "organisation", "to chuc": "organisation",
    "enterprise": "enterprise", "doanh nghiep": "enterprise", "business": "enterprise",
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
            raise RecordError(_("đối tượng thực hiện “%(value)s” không hợp lệ (citizen, organisation, enterprise)") % {"value": _text(item)[:40]})
        found.add(APPLICANTS[text])
    return [key for key in APPLICANT_ORDER if key in found]


def _slug(value):
    from django.utils.text import slugify

    text = _text(value)
    if not text:
        return ""
    slug = slugify(fold(text))
    if slug != text:
        raise RecordError(_("đường dẫn (slug) “%(value)s” chỉ được gồm chữ thường không dấu, số và dấu gạch ngang") % {"value": text[:60]})
    return slug


def _nested(value, key):
    """A list of objects: already a list (JSON) or JSON text (spreadsheet)."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise RecordError(_("cột “%(key)s” không đúng định dạng JSON") % {"key": key})
    if not isinstance(value, list):
        raise RecordError(_("cột “%(key)s” phải là một danh sách") % {"key": key})
    return value


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
        steps.append({"title": title[:255], "description": _text(item.get("description"))})
    return steps


def _methods(value):
    methods = []
    for item in _nested(value, "methods"):
        if not isinstance(item, dict):
            raise RecordError(_("một cách thức thực hiện trong “methods” không hợp lệ"))
        methods.append(
            {
                "method": _choice(item.get("method"), METHODS, _("hình thức nộp")),
                "processing_time": _text(item.get("processing_time"))[:255],
                "fee": _text(item.get("fee"))[:500],
                "description": _text(item.get("description")),
            }
        )
    return methods


def _components(value, documents):
    components = []
    for item in _nested(value, "components"):
        if not isinstance(item, dict):
            raise RecordError(_("một thành phần hồ sơ trong “components” không hợp lệ"))
        name = _text(item.get("name"))
        if not name:
            raise RecordError(_("một thành phần hồ sơ thiếu tên giấy tờ"))
        template = _text(item.get("template")) or None
        if template is not None and template not in documents:
            template = None  # unknown document title: keep the template name only
        components.append(
            {
                "case_group": _text(item.get("case_group"))[:255],
                "name": name,
                "originals": _int(item.get("originals", 1), _("số bản chính"), 999),
                "copies": _int(item.get("copies", 0), _("số bản sao"), 999),
                "required": _bool(item.get("required", True), _("bắt buộc")),
                "template_name": _text(item.get("template_name"))[:255],
                "template": template,
            }
        )
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
            return datetime.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise RecordError(_("ngày ban hành “%(value)s” không đúng định dạng (YYYY-MM-DD hoặc DD/MM/YYYY)") % {"value": text[:40]})


def _legal_bases(value):
    bases = []
    for item in _nested(value, "legal_bases"):
        if not isinstance(item, dict):
            raise RecordError(_("một căn cứ pháp lý trong “legal_bases” không hợp lệ"))
        number = _text(item.get("number"))
        title = _text(item.get("title"))
        if not number or not title:
            raise RecordError(_("một căn cứ pháp lý thiếu số ký hiệu hoặc trích yếu"))
        bases.append(
            {
                "number": number[:120],
                "title": title,
                "issued_on": _date(item.get("issued_on")),
                "issuer": _text(item.get("issuer"))[:255],
            }
        )
    return bases


class Lookups:
    """What records refer to: agencies, fields and template documents."""

    def __init__(self):
        from wagtail.documents import get_document_model

        from ..models import AgencyPage, FieldPage

        self.agencies = dict(AgencyPage.objects.values_list("code", "pk"))
        self.fields = dict(FieldPage.objects.values_list("code", "pk"))
        self.documents = {}
        for pk, title in get_document_model().objects.order_by("pk").values_list("pk", "title"):
            self.documents.setdefault(title, pk)


def normalize(raw, lookups, base=None):
    """Canonical record from an incoming one. Keys absent from ``raw`` keep
    the value of ``base`` (the stored record) or the default."""
    if not isinstance(raw, dict):
        raise RecordError(_("mục không phải là một đối tượng (cần các cặp khóa: giá trị)"))
    incoming = {}
    for key, value in raw.items():
        incoming[canonical_key(key)] = value
    code = normalize_procedure_code(_text(incoming.get("code")))
    if not code:
        raise RecordError(_("thiếu mã thủ tục"))
    if not PROCEDURE_CODE_RE.match(code):
        raise RecordError(_("mã thủ tục “%(code)s” sai định dạng (ví dụ đúng: 1.001612 hoặc 1.000948.H38)") % {"code": code[:40]})
    if not _text(incoming.get("name")):
        raise RecordError(_("thiếu tên thủ tục"))

    record = {}
    for key, kind in FIELDS:
        if key not in incoming:
            record[key] = (base or {}).get(key, DEFAULTS.get(key, ""))
            continue
        value = incoming[key]
        if kind == "str":
            record[key] = _text(value)
        elif kind == "applicants":
            record[key] = _applicants(value)
        elif kind == "slug":
            record[key] = _slug(value)
        elif kind == "int":
            record[key] = _int(value, _("phí, lệ phí"))
        elif kind == "days":
            record[key] = _days(value)
        elif kind == "level":
            record[key] = _choice(value, LEVELS, _("cấp thực hiện")) if _text(value) else DEFAULTS[key]
        elif kind == "online":
            record[key] = _choice(value, ONLINE, _("mức độ dịch vụ công trực tuyến")) if _text(value) else DEFAULTS[key]
        elif kind == "ptype":
            record[key] = _choice(value, PTYPES, _("loại thủ tục")) if _text(value) else DEFAULTS[key]
        elif kind == "codes":
            record[key] = _codes(value)
        elif kind == "steps":
            record[key] = _steps(value)
        elif kind == "methods":
            record[key] = _methods(value)
        elif kind == "components":
            record[key] = _components(value, lookups.documents)
        elif kind == "legal_bases":
            record[key] = _legal_bases(value)
    record["code"] = code

    for key, limit in MAX_LENGTHS.items():
        if len(record[key] or "") > limit:
            raise RecordError(_("“%(key)s” dài quá %(limit)d ký tự") % {"key": key, "limit": limit})
    if record["agency"] and record["agency"] not in lookups.agencies:
        raise RecordError(_("cơ quan không tồn tại: “%(code)s”") % {"code": record["agency"][:60]})
    if record["field"] and record["field"] not in lookups.fields:
        raise RecordError(_("lĩnh vực không tồn tại: “%(code)s”") % {"code": record["field"][:60]})
    for agency in record["coordinating_agencies"]:
        if agency not in lookups.agencies:
            raise RecordError(_("cơ quan phối hợp không tồn tại: “%(code)s”") % {"code": agency[:60]})
    return record


def _days_value(value):
    if value is None:
        return None
    value = Decimal(value).quantize(Decimal("0.1"))
    return int(value) if value == value.to_integral_value() else float(value)


def _ordered(rows):
    """Inline rows in their editorial order, ties (legacy rows without a
    sort order) by creation, so that exports are deterministic."""
    return sorted(rows, key=lambda row: (row.sort_order is None, row.sort_order or 0, row.pk or 0))


def serialize(page, documents_by_pk=None):
    """The canonical record of a stored procedure."""
    documents_by_pk = documents_by_pk or {}
    return {
        "code": page.code,
        "name": page.title,
        "slug": page.slug,
        "decision_number": page.decision_number,
        "level": page.level,
        "procedure_type": page.procedure_type,
        "field": page.field.code if page.field_id else "",
        "agency": page.agency.code if page.agency_id else "",
        "coordinating_agencies": sorted(a.code for a in page.coordinating_agencies.all()),
        "competent_agency": page.competent_agency,
        "authorised_agency": page.authorised_agency,
        "applicants": [
            key
            for key, flag in zip(APPLICANT_ORDER, (page.for_citizens, page.for_organisations, page.for_enterprises))
            if flag
        ],
        "applicants_note": page.applicants_note,
        "summary": page.summary,
        "keywords": page.keywords,
        "online_level": page.online_level,
        "processing_days": _days_value(page.processing_days),
        "processing_time_note": page.processing_time_note,
        "fee_vnd": page.fee_vnd,
        "fee_description": page.fee_description,
        "result": page.result,
        "conditions": page.conditions,
        "receiving_address": page.receiving_address,
        "steps": [
            {"title": step.value["title"], "description": step.value["description"] or ""}
            for step in page.steps
        ],
        "methods": [
            {"method": m.method, "processing_time": m.processing_time, "fee": m.fee, "description": m.description}
            for m in _ordered(page.methods.all())
        ],
        "components": [
            {
                "case_group": c.case_group,
                "name": c.name,
                "originals": c.originals,
                "copies": c.copies,
                "required": c.required,
                "template_name": c.template_name,
                "template": documents_by_pk.get(c.template_id) if c.template_id else None,
            }
            for c in _ordered(page.components.all())
        ],
        "legal_bases": [
            {
                "number": b.number,
                "title": b.title,
                "issued_on": b.issued_on.isoformat() if b.issued_on else "",
                "issuer": b.issuer,
            }
            for b in _ordered(page.legal_bases.all())
        ],
    }


def comparable(record):
    """Records compare after sorting coordinating agencies (stored as a set)."""
    record = dict(record)
    record["coordinating_agencies"] = sorted(record["coordinating_agencies"])
    return record
