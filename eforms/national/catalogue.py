"""Refreshing the catalogue from the national procedure database.

The national records (``LayDanhSachTTHC``; the labels of the national
database: MATTHC, TENTTHC, CAPTHUCHIEN, LINHVUCTHUCHIEN, TRINHTUTHUCHIEN,
CACHTHUCTHUCHIEN, THANHPHANHOSO, CANCUPHAPLY …) are mapped onto the portal's
exchange records (``content.catalogue_io``, format ``portal.procedures/1``)
and imported by code. Only what the national database holds is mapped; what
editors keep locally (slug, summary, keywords, online level, fee schedule,
e-form, receiving address …) is never in the mapped record, and a national
value that is empty never blanks a local one. A record whose TRANGTHAI says
"Đã bãi bỏ" withdraws (unpublishes) the local procedure.

A record the importer would reject is left out and reported; the others
are imported in one transaction. Each run is stored as ``CatalogueRefresh``.
"""

import io
import json

import structlog
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from content.catalogue_io import import_procedures
from content.catalogue_io.schema import FORMAT, serialize
from content.models import AgencyPage, FieldPage, ProcedurePage
from content.validators import normalize_procedure_code
from eforms.national.constants import RefreshOutcome
from eforms.national.gateway import GatewayError, get_gateway
from eforms.national.models import CatalogueRefresh

log = structlog.get_logger(__name__)

WITHDRAWN = {"đã bãi bỏ", "bãi bỏ", "da bai bo", "withdrawn"}
MAX_TEXT = 50_000
MAX_RECORDS = 20_000


class MappingError(Exception):
    pass


def _text(value, limit=MAX_TEXT):
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise MappingError(_("giá trị không phải là văn bản"))
    return value.replace("\x00", "").strip()[: limit + 1]


def _list(value, what):
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise MappingError(_("“%(what)s” phải là một danh sách các đối tượng") % {"what": what})
    return value


def _first(value, what):
    items = _list(value, what)
    return items[0] if items else {}


def _agency_code(item, agencies):
    unit, name = _text(item.get("MADONVI")), _text(item.get("TENDONVI"))
    return agencies.get(("code", unit)) or agencies.get(("title", name.casefold())) or agencies.get(("unit", unit))


def _field_code(item, fields):
    code, name = _text(item.get("MALINHVUC")), _text(item.get("TENLINHVUC"))
    return fields.get(("code", code)) or fields.get(("title", name.casefold()))


def _steps(value):
    steps = []
    for case in _list(value, "TRINHTUTHUCHIEN"):
        for step in _list(case.get("TRINHTU"), "TRINHTU"):
            steps.append({"title": _text(step.get("TENTRINHTU")), "description": _text(step.get("MOTA"))})
    return steps


def _methods(value):
    methods = []
    for item in _list(value, "CACHTHUCTHUCHIEN"):
        time = _first(item.get("THOIGIAN"), "THOIGIAN")
        fee = _first(time.get("PHILEPHI"), "PHILEPHI")
        methods.append(
            {
                "method": _text(item.get("KENH")),
                "processing_time": _text(time.get("MOTA")),
                "fee": _text(fee.get("MOTA")),
                "description": _text(item.get("MOTA")),
            }
        )
    return methods


def _components(value, local):
    """National documents, with the local extras (required, shown only at the
    counter, filled from the e-form, template document) of the same one."""
    by_name = {(c["case_group"], c["name"]): c for c in local}
    components = []
    for case in _list(value, "THANHPHANHOSO"):
        for paper in _list(case.get("GIAYTO"), "GIAYTO"):
            component = {
                "case_group": _text(case.get("TRUONGHOP")),
                "name": _text(paper.get("TENGIAYTO")),
                "originals": paper.get("SOBANCHINH", 1),
                "copies": paper.get("SOBANSAO", 0),
                "template_name": _text(paper.get("TENMAUDON")),
            }
            mine = by_name.get((component["case_group"], component["name"]))
            if mine:
                for key in ("required", "present_only", "generated_from_eform", "template"):
                    component[key] = mine[key]
            components.append(component)
    return components


def _legal_bases(value):
    return [
        {
            "number": _text(item.get("SOVANBAN")),
            "title": _text(item.get("TENVANBAN")),
            "issued_on": _text(item.get("NGAYBANHANH")),
            "issuer": _text(item.get("COQUANBANHANH")),
        }
        for item in _list(value, "CANCUPHAPLY")
    ]


def _empty(value):
    return value in ("", None, [])


def map_record(national, local, lookups):
    """The exchange record of one national record (keys the national database
    holds), merged over ``local`` (the stored record, or ``None``)."""
    if not isinstance(national, dict):
        raise MappingError(_("bản ghi không phải là một đối tượng"))
    code = normalize_procedure_code(_text(national.get("MATTHC"), 40))
    if not code:
        raise MappingError(_("thiếu mã thủ tục (MATTHC)"))
    local = local or {}
    mapped = {
        "name": _text(national.get("TENTTHC")),
        "decision_number": _text(national.get("SOQUYETDINH")),
        "level": _text(national.get("CAPTHUCHIEN")),
        "competent_agency": _text(national.get("COQUANCOTHAMQUYEN")),
        "authorised_agency": _text(national.get("COQUANDUOCUYQUYEN")),
        "applicants": [_text(v) for v in national.get("DOITUONGTHUCHIEN") or [] if isinstance(v, str)],
        "applicants_note": _text(national.get("MOTADOITUONGTHUCHIEN")),
        "conditions": _text(national.get("YEUCAU")),
        "result": "\n".join(
            _text(item.get("TENKETQUA")) for item in _list(national.get("KETQUATHUCHIEN"), "KETQUATHUCHIEN")
        ),
        "steps": _steps(national.get("TRINHTUTHUCHIEN")),
        "methods": _methods(national.get("CACHTHUCTHUCHIEN")),
        "components": _components(national.get("THANHPHANHOSO"), local.get("components", [])),
        "legal_bases": _legal_bases(national.get("CANCUPHAPLY")),
        "field": _field_code(_first(national.get("LINHVUCTHUCHIEN"), "LINHVUCTHUCHIEN"), lookups["fields"]),
        "agency": _agency_code(_first(national.get("COQUANTHUCHIEN"), "COQUANTHUCHIEN"), lookups["agencies"]),
    }
    record = {"code": code}
    for key, value in mapped.items():
        if _empty(value):
            continue  # nothing nationally: keep what the portal has
        record[key] = value
    if not local and "name" not in record:
        raise MappingError(_("thiếu tên thủ tục (TENTTHC)"))
    return record


def _lookups():
    agencies = {}
    for code, unit, title in AgencyPage.objects.values_list("code", "receiving_unit_code", "title"):
        agencies[("code", code)] = code
        if unit:
            agencies.setdefault(("unit", unit), code)
        agencies.setdefault(("title", title.casefold()), code)
    fields = {}
    for code, title in FieldPage.objects.values_list("code", "title"):
        fields[("code", code)] = code
        fields.setdefault(("title", title.casefold()), code)
    return {"agencies": agencies, "fields": fields}


def _is_withdrawn(national):
    state = national.get("TRANGTHAI") if isinstance(national, dict) else None
    return isinstance(state, str) and state.strip().casefold() in WITHDRAWN


def _import(records, report):
    """Import ``records`` (a dry run first: a record it rejects is left out and
    reported, so one bad record does not hold back the rest)."""

    def run(items, dry_run):
        data = json.dumps({"format": FORMAT, "procedures": items}, ensure_ascii=False).encode()
        return import_procedures(io.BytesIO(data), filename="dvcqg.json", dry_run=dry_run)

    if not records:
        return
    trial = run(records, dry_run=True)
    refused = {r.code for r in trial.rejected if r.code}
    for rejection in trial.rejected:
        report.rejected.append({"code": rejection.code, "reason": rejection.reason})
    if any(not r.code for r in trial.rejected):
        return  # a rejection naming no record: the whole feed is suspect
    kept = [r for r in records if r["code"] not in refused]
    if not kept:
        return
    result = run(kept, dry_run=False)
    for rejection in result.rejected:
        report.rejected.append({"code": rejection.code, "reason": rejection.reason})
    report.added, report.updated, report.unchanged = result.created, result.updated, result.unchanged


def _withdraw(codes, report):
    for page in ProcedurePage.objects.filter(code__in=codes, live=True):
        page.unpublish(log_action=True)
        report.withdrawn.append(page.code)


def apply_feed(feed, report):
    """Map, import and withdraw; fills ``report`` (not saved)."""
    if not isinstance(feed, list):
        raise MappingError(_("danh sách thủ tục không hợp lệ"))
    if len(feed) > MAX_RECORDS:
        raise MappingError(_("danh sách có quá nhiều thủ tục (%(n)s)") % {"n": len(feed)})
    lookups = _lookups()
    codes = [normalize_procedure_code(str(item.get("MATTHC") or "")[:40]) for item in feed if isinstance(item, dict)]
    stored = {
        page.code: page
        for page in ProcedurePage.objects.filter(code__in=codes).prefetch_related(
            "methods", "components", "legal_bases"
        )
    }
    documents = dict(get_document_model().objects.values_list("pk", "title"))
    records, withdrawn, seen = [], [], set()
    for position, national in enumerate(feed, start=1):
        try:
            if _is_withdrawn(national):
                withdrawn.append(normalize_procedure_code(_text(national.get("MATTHC"), 40)))
                continue
            code = normalize_procedure_code(_text(national.get("MATTHC"), 40)) if isinstance(national, dict) else ""
            page = stored.get(code)
            record = map_record(national, serialize(page, documents) if page else None, lookups)
        except MappingError as error:
            report.rejected.append({"code": f"#{position}", "reason": str(error)})
            continue
        if record["code"] in seen:
            report.rejected.append({"code": record["code"], "reason": _("mã trùng trong danh sách")})
            continue
        seen.add(record["code"])
        records.append(record)
    with transaction.atomic():
        _import(records, report)
        _withdraw(withdrawn, report)


def refresh(trigger="", gateway=None):
    """Fetch the national records and apply them; returns the stored report."""
    report = CatalogueRefresh.objects.create(trigger=trigger[:100])
    try:
        feed = (gateway or get_gateway()).fetch_catalogue()
        apply_feed(feed, report)
    except (GatewayError, MappingError) as error:
        report.outcome, report.error = RefreshOutcome.FAILED, str(error)[:2000]
        log.warning("national_catalogue_failed", error=str(error)[:300])
    else:
        report.outcome = RefreshOutcome.PARTIAL if report.rejected else RefreshOutcome.OK
    report.finished_at = timezone.now()
    report.save()
    log.info("national_catalogue_refreshed", outcome=report.outcome, **report.counts())
    return report
