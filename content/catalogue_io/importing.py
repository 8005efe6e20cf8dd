"""``import_procedures``: validate a whole file, then write it in one
transaction, or write nothing."""

import datetime
import os
import time
from decimal import Decimal

import structlog
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import (
    AgencyPage,
    ProcedureComponent,
    ProcedureFee,
    ProcedureFeeExemption,
    ProcedureIndexPage,
    ProcedureLegalBasis,
    ProcedureMethod,
    ProcedurePage,
)
from ..text import fold
from ..validators import normalize_procedure_code
from .formats import detect_format, read_records
from .limits import MAX_FILE_BYTES, FileError
from .report import ImportReport
from .schema import Lookups, RecordError, _text, canonical_key, comparable, normalize, serialize

log = structlog.get_logger(__name__)


def _read_source(source, filename):
    """Bytes of a path or of an uploaded/open file, refusing big files
    before reading them whole."""
    if isinstance(source, (str, os.PathLike)):
        size = os.path.getsize(source)
        if size > MAX_FILE_BYTES:
            raise FileError(_too_big(size))
        with open(source, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    size = getattr(source, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise FileError(_too_big(size))
    data = source.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise FileError(_too_big(len(data)))
    return data


def _too_big(size):
    return _("tệp quá lớn (%(size).1f MB; tối đa %(max)d MB)") % {
        "size": size / 1024 / 1024,
        "max": MAX_FILE_BYTES // 1024 // 1024,
    }


def catalogue_index():
    index = ProcedureIndexPage.objects.first()
    if index is None:
        raise FileError(_("chưa có trang danh mục thủ tục (/thu-tuc/) để nhập vào"))
    return index


def import_procedures(source, filename=None, dry_run=False, user=None):
    """Import a file (path, or file object with ``filename``). Returns an
    ``ImportReport``; nothing is written when any row is rejected."""
    started = time.monotonic()
    filename = filename or (
        os.fspath(source) if isinstance(source, (str, os.PathLike)) else getattr(source, "name", "")
    )
    report = ImportReport(filename=os.path.basename(str(filename or "")), dry_run=dry_run)
    try:
        data = _read_source(source, filename)
        report.file_format = detect_format(str(filename or ""), data[:64])
        rows = read_records(data, report.file_format)
        if not rows:
            raise FileError(_("tệp không có thủ tục nào"))
        index = catalogue_index()
    except FileError as error:
        report.reject(error.row, "", str(error))
        report.seconds = time.monotonic() - started
        log.warning("catalogue.import.rejected_file", file=report.filename, row=error.row, reason=str(error))
        return report

    plan = _plan(rows, report)
    if report.ok and not dry_run:
        try:
            with transaction.atomic():
                _write(plan, index, user)
        except WriteError as error:
            report.reject(error.row, error.code, error.reason)
            report.created, report.updated = [], []
        else:
            report.written = True
    report.seconds = time.monotonic() - started
    log.info(
        "catalogue.import.done",
        file=report.filename,
        n_created=len(report.created),
        n_updated=len(report.updated),
        n_unchanged=len(report.unchanged),
        n_rejected=len(report.rejected),
        dry_run=dry_run,
        written=report.written,
    )
    return report


def _code_of(raw):
    """The normalised procedure code a raw record names, or ""."""
    if not isinstance(raw, dict):
        return ""
    for key, value in raw.items():
        if canonical_key(key) == "code":
            return normalize_procedure_code(_text(value))[:40]
    return ""


def _plan(rows, report):
    """Validate every row; classify into create/update/unchanged."""
    lookups = Lookups()
    documents_by_pk = {pk: title for title, pk in lookups.documents.items()}
    # Only the procedures the file names are loaded whole (a catalogue may
    # hold tens of thousands); slugs of all of them, to refuse collisions.
    codes = sorted({_code_of(raw) for _row, raw in rows} - {""})
    existing = {}
    queryset = ProcedurePage.objects.select_related("field", "agency").prefetch_related(
        "coordinating_agencies", "methods", "components", "legal_bases"
    )
    for start in range(0, len(codes), 500):
        for page in queryset.filter(code__in=codes[start : start + 500]):
            existing[page.code] = page
    first_row_of_code = {}
    slugs = dict(ProcedurePage.objects.values_list("slug", "code"))
    plan = []
    for row, raw in rows:
        code_hint = _code_of(raw)
        try:
            page = existing.get(code_hint)
            base = serialize(page, documents_by_pk) if page else None
            record = normalize(raw, lookups, base=base)
        except RecordError as error:
            report.reject(row, code_hint, str(error))
            continue
        code = record["code"]
        if code in first_row_of_code:
            report.reject(row, code, _("mã trùng trong tệp (đã có ở dòng %(row)s)") % {"row": first_row_of_code[code]})
            continue
        page = existing.get(code)
        if not record["slug"]:
            record["slug"] = page.slug if page else default_slug(record)
        owner_of_slug = slugs.get(record["slug"])
        if owner_of_slug is not None and owner_of_slug != code:
            report.reject(
                row,
                code,
                _("đường dẫn (slug) “%(slug)s” đã dùng cho thủ tục %(other)s")
                % {"slug": record["slug"], "other": owner_of_slug},
            )
            continue
        slugs[record["slug"]] = code
        first_row_of_code[code] = row
        if page is None:
            report.created.append(code)
            plan.append(("create", None, record, lookups, row))
        elif comparable(record) == comparable(serialize(page, documents_by_pk)):
            report.unchanged.append(code)
        else:
            report.updated.append(code)
            plan.append(("update", page, record, lookups, row))
    return plan


class WriteError(Exception):
    def __init__(self, row, code, reason):
        super().__init__(reason)
        self.row, self.code, self.reason = row, code, reason


def _write(plan, index, user):
    """Write every planned row; the first failure raises ``WriteError``
    (the caller's transaction then rolls everything back)."""
    for action, page, record, lookups, row in plan:
        try:
            with transaction.atomic():
                if action == "create":
                    page = ProcedurePage(owner=user)
                    apply_record(page, record, lookups)
                    index.add_child(instance=page)
                else:
                    page = page.specific
                    apply_record(page, record, lookups)
                revision = page.save_revision(user=user, log_action=True)
                revision.publish(user=user)
        except ValidationError as error:
            messages = (
                "; ".join(f"{field}: {' '.join(str(m) for m in errs)}" for field, errs in error.message_dict.items())
                if hasattr(error, "error_dict")
                else " ".join(error.messages)
            )
            raise WriteError(
                row, record["code"], _("dữ liệu không hợp lệ: %(errors)s") % {"errors": messages}
            ) from error
        except (DatabaseError, ValueError, TypeError) as error:
            log.exception("catalogue.import.write_failed", row=row, code=record["code"])
            raise WriteError(
                row, record["code"], _("không ghi được vào cơ sở dữ liệu (%(kind)s)") % {"kind": type(error).__name__}
            ) from error


def default_slug(record):
    base = slugify(fold(record["name"]))[:70].strip("-") or "thu-tuc"
    return f"{base}-{record['code'].lower().replace('.', '-')}"[:255]


def apply_record(page, record, lookups):
    """Set a page's fields and inline rows from a canonical record (not saved)."""
    page.code = record["code"]
    page.slug = record["slug"]
    page.title = record["name"]
    page.draft_title = record["name"]
    page.for_citizens = "citizen" in record["applicants"]
    page.for_organisations = "organisation" in record["applicants"]
    page.for_enterprises = "enterprise" in record["applicants"]
    for key in (
        "decision_number",
        "level",
        "procedure_type",
        "competent_agency",
        "authorised_agency",
        "applicants_note",
        "summary",
        "keywords",
        "online_level",
        "processing_time_note",
        "payment_pauses_clock",
        "result",
        "conditions",
        "receiving_address",
    ):
        setattr(page, key, record[key])
    days = record["processing_days"]
    page.processing_days = None if days is None else Decimal(str(days))
    page.field_id = lookups.fields.get(record["field"]) if record["field"] else None
    page.agency_id = lookups.agencies.get(record["agency"]) if record["agency"] else None
    page.steps = [("step", {"title": s["title"], "description": s["description"]}) for s in record["steps"]]
    page.methods = [ProcedureMethod(sort_order=i, **m) for i, m in enumerate(record["methods"])]
    page.fees = [ProcedureFee(sort_order=i, **f) for i, f in enumerate(record["fees"])]
    page.fee_exemptions = [ProcedureFeeExemption(sort_order=i, **e) for i, e in enumerate(record["fee_exemptions"])]
    page.components = [
        ProcedureComponent(
            sort_order=i,
            case_group=c["case_group"],
            name=c["name"],
            originals=c["originals"],
            copies=c["copies"],
            required=c["required"],
            template_name=c["template_name"],
            template_id=lookups.documents.get(c["template"]) if c["template"] else None,
            present_only=c["present_only"],
            generated_from_eform=c["generated_from_eform"],
        )
        for i, c in enumerate(record["components"])
    ]
    page.legal_bases = [
        ProcedureLegalBasis(
            sort_order=i,
            number=b["number"],
            title=b["title"],
            issued_on=datetime.date.fromisoformat(b["issued_on"]) if b["issued_on"] else None,
            issuer=b["issuer"],
        )
        for i, b in enumerate(record["legal_bases"])
    ]
    page.coordinating_agencies = list(AgencyPage.objects.filter(code__in=record["coordinating_agencies"]))
    return page
