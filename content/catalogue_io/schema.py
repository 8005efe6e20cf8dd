"""The exchange record of one procedure (format ``portal.procedures/1``).

``serialize(page)`` gives the canonical record of a stored procedure;
``normalize(raw, lookups)`` turns an incoming record (JSON object or
spreadsheet row already decoded) into the same canonical shape, or raises
``RecordError`` with the reason in Vietnamese. Two records are equal exactly
when importing one over the other would change nothing.
"""

import json
from decimal import Decimal

from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from ..constants import GovernmentLevel, OnlineLevel, ProcedureType
from ..fees import schedule_problems
from ..models import AgencyPage, FieldPage
from ..models.richtext import sanitise_rich_text
from ..validators import PROCEDURE_CODE_RE, normalize_procedure_code
from .limits import MAX_CELL_CHARS, TEXT_LIMITS
from .parsing import (
    APPLICANT_ORDER,
    LEVELS,
    ONLINE,
    PTYPES,
    RecordError,
    _applicants,
    _bool,
    _choice,
    _codes,
    _components,
    _days,
    _fee_exemptions,
    _fees,
    _legal_bases,
    _methods,
    _slug,
    _steps,
    _text,
    legacy_fees,
    too_long,
)

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
    ("payment_pauses_clock", "bool"),
    ("result", "str"),
    ("conditions", "str"),
    ("receiving_address", "str"),
    ("steps", "steps"),
    ("methods", "methods"),
    ("components", "components"),
    ("legal_bases", "legal_bases"),
    ("fees", "fees"),
    ("fee_exemptions", "fee_exemptions"),
]
KEYS = [key for key, _kind in FIELDS]
KINDS = dict(FIELDS)
NESTED = {"steps", "methods", "components", "legal_bases", "fees", "fee_exemptions"}
#: keys of files written before the fee schedule; read into ``fees``
LEGACY_FEE_KEYS = ("fee_vnd", "fee_description")
REQUIRED_COLUMNS = ["code", "name"]

DEFAULTS = {
    "level": GovernmentLevel.PROVINCE.value,
    "procedure_type": ProcedureType.NOT_DELEGATED.value,
    "online_level": OnlineLevel.INFORMATION.value,
    "applicants": ["citizen"],
    "processing_days": None,
    "payment_pauses_clock": False,
    "fees": [],
    "fee_exemptions": [],
    "coordinating_agencies": [],
    "steps": [],
    "methods": [],
    "components": [],
    "legal_bases": [],
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
    "phí, lệ phí": "fees",
    "fee_schedule": "fees",
    "exemptions": "fee_exemptions",
    "đối tượng thực hiện": "applicants",
    "processing_time_days": "processing_days",
}


def canonical_key(key):
    key = str(key or "").strip().lstrip("\ufeff")
    lowered = key.lower()
    if lowered in KINDS:
        return lowered
    return ALIASES.get(lowered, ALIASES.get(key, key))


class Lookups:
    """What records refer to: agencies, fields and template documents."""

    def __init__(self):
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
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            raise RecordError(too_long(canonical_key(key), len(value), MAX_CELL_CHARS))
        incoming[canonical_key(key)] = value
    code = normalize_procedure_code(_text(incoming.get("code")))
    if not code:
        raise RecordError(_("thiếu mã thủ tục"))
    if not PROCEDURE_CODE_RE.match(code):
        raise RecordError(
            _("mã thủ tục “%(code)s” sai định dạng (ví dụ đúng: 1.001612 hoặc 1.000948.H38)") % {"code": code[:40]}
        )
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
        elif kind == "bool":
            record[key] = _bool(value, key)
        elif kind == "fees":
            record[key] = _fees(value)
        elif kind == "fee_exemptions":
            record[key] = _fee_exemptions(value)
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
    if "fees" not in incoming and any(key in incoming for key in LEGACY_FEE_KEYS):
        record["fees"] = legacy_fees(
            incoming.get("fee_vnd"), incoming.get("fee_description"), _raw_methods(incoming.get("methods"))
        )

    problems = schedule_problems(record["fees"], record["fee_exemptions"])
    if problems:
        raise RecordError(problems[0])

    for key, limit in TEXT_LIMITS.items():
        if len(record[key] or "") > limit:
            raise RecordError(too_long(key, len(record[key]), limit))
    record["conditions"] = sanitise_rich_text(record["conditions"])
    if record["agency"] and record["agency"] not in lookups.agencies:
        raise RecordError(_("cơ quan không tồn tại: “%(code)s”") % {"code": record["agency"][:60]})
    if record["field"] and record["field"] not in lookups.fields:
        raise RecordError(_("lĩnh vực không tồn tại: “%(code)s”") % {"code": record["field"][:60]})
    for agency in record["coordinating_agencies"]:
        if agency not in lookups.agencies:
            raise RecordError(_("cơ quan phối hợp không tồn tại: “%(code)s”") % {"code": agency[:60]})
    return record


def _raw_methods(value):
    """The methods of a legacy record as given (their "fee" texts)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return value if isinstance(value, list) else []


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
            for key, flag in zip(
                APPLICANT_ORDER, (page.for_citizens, page.for_organisations, page.for_enterprises), strict=False
            )
            if flag
        ],
        "applicants_note": page.applicants_note,
        "summary": page.summary,
        "keywords": page.keywords,
        "online_level": page.online_level,
        "processing_days": _days_value(page.processing_days),
        "processing_time_note": page.processing_time_note,
        "payment_pauses_clock": page.payment_pauses_clock,
        "result": page.result,
        "conditions": page.conditions,
        "receiving_address": page.receiving_address,
        "steps": [
            {"title": step.value["title"], "description": step.value["description"] or ""} for step in page.steps
        ],
        "methods": [
            {"method": m.method, "processing_time": m.processing_time, "description": m.description}
            for m in _ordered(page.methods.all())
        ],
        "fees": [
            {
                "name": f.name,
                "kind": f.kind,
                "channel": f.channel,
                "amount_vnd": f.amount_vnd,
                "unit": f.unit,
                "unit_label": f.unit_label,
                "free_units": f.free_units,
                "max_units": f.max_units,
                "legal_basis": f.legal_basis,
                "note": f.note,
            }
            for f in _ordered(page.fees.all())
        ],
        "fee_exemptions": [
            {
                "category": e.category,
                "percent": e.percent,
                "fee_name": e.fee_name,
                "proof_name": e.proof_name,
                "legal_basis": e.legal_basis,
            }
            for e in _ordered(page.fee_exemptions.all())
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
                "present_only": c.present_only,
                "generated_from_eform": c.generated_from_eform,
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
