"""The demo catalogue: a small, realistic procedure catalogue of one province.

The files use the catalogue interchange format of ``import_procedures`` /
``export_procedures`` and ``load_demo_catalogue`` (one JSON object per file,
with a ``format`` header); ``synthetic`` generates large catalogues of the same
shape for benchmarks. ``content/demo_catalogue`` holds a larger catalogue in
the same format, written in parallel; both load with the same importer::

    data/agencies.json    {"format": "portal.agencies/1",   "agencies":   [...]}
    data/fields.json      {"format": "portal.fields/1",     "fields":     [...]}
    data/procedures.json  {"format": "portal.procedures/1", "procedures": [...]}
    data/news.json        {"format": "portal.news/1",       "news":       [...]}

Load order: agencies and fields first (procedures refer to them by ``code``),
then procedures, then news (which refers to procedures by ``code``).

What the data describes
-----------------------
Tỉnh Lâm Đồng as organised since 1 July 2025 (two tiers of local government;
departments after the 2025 restructuring, e.g. Sở Tài chính handling business
registration, Công an tỉnh handling driving licences and criminal records).
Commune-level procedures name the generic agency ``ubnd-xa`` (Ủy ban nhân
dân cấp xã) or ``cong-an-xa``; a few individual wards and communes are listed
too, with names from the ``vietnam-provinces`` package.

Procedure texts (steps, dossier components, deadlines, fees, legal bases)
follow the national records and the laws in force as far as they were known
when written; they are demo data, not an official announcement. Before a
province uses them, check every record against the Cơ sở dữ liệu quốc gia về
thủ tục hành chính and the province's own announcing decisions:

- ``decision_number`` is left empty: announcing decisions are per province.
- Procedure codes and names were cross-checked against at least one other
  published catalogue (not against the national database itself), except
  these, which are best-effort and must be verified: ``2.002040``,
  ``2.002045``, ``1.013225``, ``1.012247`` (chosen to agree with
  ``content/demo_catalogue``), ``1.001776``, ``1.001978``, ``2.001914``
  (which ``content/demo_catalogue`` chose independently too).
- Fees set by the provincial People's Council (``theo Nghị quyết của HĐND
  tỉnh``) use common amounts, not Lâm Đồng's resolution.
- Agency addresses, phone numbers and receiving-unit codes are illustrative;
  e-mail addresses use the reserved ``.example`` domain so that a demo never
  mails a real office; heads of agencies are left unnamed.

Field conventions
-----------------
- ``fee_vnd`` is the amount due when the dossier is submitted online (0 when
  nothing is due at submission); ``fee_description`` always explains the
  fees in words, including amounts collected later (land-use levies are
  notified by the tax office), so templates should show it whenever it is
  not empty, rather than "miễn phí" for a zero ``fee_vnd``.
- ``processing_days`` is a number of working days, or ``null`` when the law
  counts calendar days or sets no fixed term; ``processing_time_note`` always
  says it in words.
- ``conditions`` and agency ``description`` are simple HTML (``p``, ``ol``,
  ``ul``, ``li``, ``b``); news ``body`` likewise.

News record: ``{"slug", "title", "date" (ISO 8601), "intro", "body" (simple
HTML), "related_procedures" (procedure codes)}``.
"""
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

FORMATS = {
    "agencies": "portal.agencies/1",
    "fields": "portal.fields/1",
    "procedures": "portal.procedures/1",
    "news": "portal.news/1",
}

PROCEDURE_KEYS = (
    "code", "name", "slug", "decision_number", "level", "procedure_type", "field", "agency",
    "coordinating_agencies", "competent_agency", "authorised_agency", "applicants", "applicants_note",
    "summary", "steps", "methods", "components", "processing_days", "processing_time_note", "fee_vnd",
    "fee_description", "result", "conditions", "receiving_address", "online_level", "keywords",
    "legal_bases",
)
STEP_KEYS = ("title", "description")
METHOD_KEYS = ("method", "processing_time", "fee", "description")
COMPONENT_KEYS = ("case_group", "name", "originals", "copies", "required", "template_name")
LEGAL_BASIS_KEYS = ("number", "title", "issued_on", "issuer")
AGENCY_KEYS = (
    "code", "name", "short_name", "kind", "level", "receiving_unit_code", "address", "phone", "email",
    "opening_hours", "head_name", "head_title", "directions", "description",
)
FIELD_KEYS = ("code", "name", "icon", "description")
NEWS_KEYS = ("slug", "title", "date", "intro", "body", "related_procedures")
APPLICANTS = ("citizen", "organisation", "enterprise")


class DemoDataError(ValueError):
    """A demo data file is missing, is not JSON or has the wrong format header."""


def data_path(kind):
    """Path of the JSON file holding ``kind`` (agencies, fields, procedures, news)."""
    if kind not in FORMATS:
        raise DemoDataError(f"Không có tệp dữ liệu mẫu loại “{kind}”.")
    return DATA_DIR / f"{kind}.json"


def load(kind):
    """The records of one demo file, after checking its format header."""
    path = data_path(kind)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DemoDataError(f"Không đọc được tệp dữ liệu mẫu {path.name}: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != FORMATS[kind]:
        raise DemoDataError(f"Tệp {path.name} không đúng định dạng {FORMATS[kind]}.")
    records = document.get(kind)
    if not isinstance(records, list):
        raise DemoDataError(f"Tệp {path.name} thiếu danh sách “{kind}”.")
    return records


def agencies():
    return load("agencies")


def fields():
    return load("fields")


def procedures():
    return load("procedures")


def news():
    return load("news")
