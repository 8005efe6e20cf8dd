"""Procedures in the JSON API, mounted at ``/api/v1/procedures/``.

- ``GET /``: list with filters and pagination.
- ``GET /search?q=&field=&agency=&level=&online_level=&page=``: results with
  highlighted matches (HTML, escaped, ``<mark>``) and facets with counts.
- ``GET /autocomplete?q=``: at most 8 suggestions (code, name, url).
- ``GET /{code}``: one procedure with components, methods, fees and legal
  bases.

Bad parameters answer 400 with a message in the visitor's language
(Vietnamese unless ``?lang=en``), never 500.
"""

import logging
from functools import lru_cache
from math import ceil

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from content.constants import GovernmentLevel, OnlineLevel

from .params import parse_search_params
from .querylog import log_search
from .services import (
    FACET_NAMES,
    PAGE_SIZE,
    live_procedures,
    procedure_url,
    search_procedures,
)
from .services import (
    autocomplete as autocomplete_suggestions,
)
from .text import clean_query, query_keys

logger = logging.getLogger("search")
router = Router()


# --- schemas -----------------------------------------------------------------


class Error(Schema):
    detail: str


class Ref(Schema):
    code: str
    name: str


class ProcedureSummary(Schema):
    code: str
    name: str
    url: str
    field: Ref | None = None
    agency: Ref | None = None
    level: str
    level_label: str
    online_level: str
    online_level_label: str


class SearchHit(ProcedureSummary):
    name_highlighted: str
    summary_highlighted: str
    promoted: bool


class FacetValue(Schema):
    value: str
    label: str
    count: int
    selected: bool


class Facets(Schema):
    field: list[FacetValue]
    agency: list[FacetValue]
    level: list[FacetValue]
    online_level: list[FacetValue]


class SearchResponse(Schema):
    query: str
    corrected_query: str | None = None
    suggestion: str | None = None
    total: int
    page: int
    pages: int
    per_page: int
    results: list[SearchHit]
    facets: Facets


class ProcedureList(Schema):
    total: int
    page: int
    pages: int
    per_page: int
    results: list[ProcedureSummary]


class Suggestion(Schema):
    code: str
    name: str
    url: str


class AutocompleteResponse(Schema):
    query: str
    results: list[Suggestion]


class Step(Schema):
    title: str
    description: str


class Component(Schema):
    name: str
    case_group: str
    originals: int
    copies: int
    required: bool
    template_name: str
    template_url: str | None = None


class Method(Schema):
    method: str
    method_label: str
    processing_time: str
    fee: str
    description: str


class LegalBasis(Schema):
    number: str
    title: str
    issued_on: str | None = None
    issuer: str


class ProcedureDetail(ProcedureSummary):
    decision_number: str
    summary: str
    keywords: str
    steps: list[Step]
    methods: list[Method]
    components: list[Component]
    legal_bases: list[LegalBasis]
    processing_days: float | None = None
    processing_time_note: str
    fee_vnd: int
    fee_description: str
    result: str
    conditions_html: str
    receiving_address: str
    applicants: list[str]


# --- helpers -------------------------------------------------------------------


def _params_or_400(request):
    params = parse_search_params(request.GET)
    if params.errors:
        raise HttpError(400, " ".join(str(e) for e in params.errors))
    return params


# Labels of the level choices, translated once per language
# (``get_FOO_display`` hashes every lazy label of the field's choices on
# each call: two thirds of the time spent turning 20 hits into JSON).
LEVEL_LABELS = {"level": dict(GovernmentLevel.choices), "online_level": dict(OnlineLevel.choices)}


@lru_cache(maxsize=256)
def _label(kind, value, language):
    return str(LEVEL_LABELS[kind].get(value, value))


def _summary(page, request):
    return {
        "code": page.code,
        "name": page.title,
        "url": procedure_url(page, request),
        "field": {"code": page.field.code, "name": page.field.title} if page.field_id else None,
        "agency": {"code": page.agency.code, "name": page.agency.title} if page.agency_id else None,
        "level": page.level,
        "level_label": _label("level", page.level, get_language()),
        "online_level": page.online_level,
        "online_level_label": _label("online_level", page.online_level, get_language()),
    }


def _facets(outcome):
    return {
        name: [
            {"value": v.value, "label": str(v.label), "count": v.count, "selected": v.selected}
            for v in outcome.facets.get(name, [])
        ]
        for name in FACET_NAMES
    }


# --- endpoints (fixed paths before /{code}) ------------------------------------


@router.get(
    "/",
    response={200: ProcedureList, 400: Error},
    summary="Danh sách thủ tục",
    description="Thủ tục đang công bố, lọc theo field, agency, level, online_level; 20 mỗi trang.",
)
def list_procedures(
    request, field: str = "", agency: str = "", level: str = "", online_level: str = "", page: str = ""
):
    params = _params_or_400(request)
    queryset = params.filters.apply(live_procedures()).select_related("field", "agency").order_by("title", "code")
    total = queryset.count()
    pages = max(1, ceil(total / PAGE_SIZE))
    number = min(params.page, pages)
    items = queryset[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    return {
        "total": total,
        "page": number,
        "pages": pages,
        "per_page": PAGE_SIZE,
        "results": [_summary(p, request) for p in items],
    }


@router.get(
    "/search",
    response={200: SearchResponse, 400: Error},
    summary="Tìm kiếm thủ tục",
    description=(
        "Tìm theo tên, mã, từ khóa, lĩnh vực, cơ quan, trình tự, thành phần hồ sơ và kết quả; "
        "có dấu hoặc không dấu. Kết quả có đoạn tô sáng (HTML đã escape, <mark>) và bộ đếm theo "
        "lĩnh vực, cơ quan, cấp thực hiện, mức độ trực tuyến."
    ),
)
def search(
    request, q: str = "", field: str = "", agency: str = "", level: str = "", online_level: str = "", page: str = ""
):
    params = _params_or_400(request)
    cleaned = clean_query(params.query)
    if not cleaned:
        raise HttpError(400, _("Thiếu từ khóa tìm kiếm (tham số q)."))
    if not query_keys(cleaned):
        raise HttpError(400, _("Từ khóa không có chữ hoặc số để tìm. Hãy nhập tên hoặc mã thủ tục."))
    outcome = search_procedures(params.query, params.filters, params.page)
    log_search(outcome, params.filters)
    results = []
    for hit in outcome.hits:
        item = _summary(hit.page, request)
        item.update(
            name_highlighted=str(hit.title_html),
            summary_highlighted=str(hit.summary_html),
            promoted=hit.promoted,
        )
        results.append(item)
    return {
        "query": outcome.query,
        "corrected_query": outcome.corrected_query or None,
        "suggestion": outcome.suggestion or None,
        "total": outcome.total,
        "page": outcome.page,
        "pages": outcome.pages,
        "per_page": outcome.per_page,
        "results": results,
        "facets": _facets(outcome),
    }


@router.get(
    "/autocomplete",
    response={200: AutocompleteResponse, 400: Error},
    summary="Gợi ý khi gõ",
    description=(
        "Tối đa 8 thủ tục có tên bắt đầu bằng các từ đang gõ (có dấu hoặc không dấu) hoặc có mã bắt đầu như vậy."
    ),
)
def autocomplete(request, q: str = ""):
    cleaned = clean_query(request.GET.get("q", ""))
    return {"query": cleaned, "results": autocomplete_suggestions(cleaned)}


@router.get(
    "/{code}",
    response={200: ProcedureDetail, 404: Error},
    summary="Chi tiết thủ tục",
    description="Một thủ tục theo mã (ví dụ 1.001612 hoặc 1.000948.H38).",
)
def detail(request, code: str):
    code = clean_query(code).upper()
    page = (
        live_procedures()
        .filter(code=code)
        .select_related("field", "agency")
        .prefetch_related("components__template", "methods", "legal_bases")
        .first()
    )
    if page is None:
        raise HttpError(404, _("Không có thủ tục với mã “%(code)s”.") % {"code": code})
    data = _summary(page, request)
    data.update(
        decision_number=page.decision_number,
        summary=page.summary,
        keywords=page.keywords,
        steps=[
            {"title": block.value.get("title") or "", "description": block.value.get("description") or ""}
            for block in page.steps
        ],
        methods=[
            {
                "method": m.method,
                "method_label": str(m.get_method_display()),
                "processing_time": m.processing_time,
                "fee": m.fee,
                "description": m.description,
            }
            for m in page.methods.all()
        ],
        components=[
            {
                "name": c.name,
                "case_group": c.case_group,
                "originals": c.originals,
                "copies": c.copies,
                "required": c.required,
                "template_name": c.template_name,
                "template_url": c.template.url if c.template_id else None,
            }
            for c in page.components.all()
        ],
        legal_bases=[
            {
                "number": b.number,
                "title": b.title,
                "issued_on": b.issued_on.isoformat() if b.issued_on else None,
                "issuer": b.issuer,
            }
            for b in page.legal_bases.all()
        ],
        processing_days=float(page.processing_days) if page.processing_days is not None else None,
        processing_time_note=page.processing_time_note,
        fee_vnd=page.fee_vnd,
        fee_description=page.fee_description,
        result=page.result,
        conditions_html=str(page.conditions or ""),
        receiving_address=page.receiving_address,
        applicants=page.applicant_labels,
    )
    return data
