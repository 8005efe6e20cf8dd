"""The demo catalogue files keep the interchange contract and fit the models.

These tests read the JSON files and validate every record against the model
fields (lengths, choices, validators) on unsaved instances: nothing is written
to the database (Wagtail pages only look up their content type), so they stay
fast and never load the catalogue.
"""
import datetime
import io
import json
import re
import unicodedata
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

import content.demo as demo
from content.demo import synthetic
from content.models import (
    AgencyPage,
    FieldPage,
    ProcedureComponent,
    ProcedureLegalBasis,
    ProcedureMethod,
    ProcedurePage,
)
from content.validators import PROCEDURE_CODE_RE, normalize_procedure_code

PROCEDURES = demo.procedures()
AGENCIES = demo.agencies()
FIELDS = demo.fields()
NEWS = demo.news()
AGENCY_CODES = {a["code"] for a in AGENCIES}
FIELD_CODES = {f["code"] for f in FIELDS}
PROCEDURE_CODES = {p["code"] for p in PROCEDURES}
RECEIVING_UNIT_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.H\d{2}$")
ALLOWED_HTML = {"p", "ol", "ul", "li", "b"}
PLACEHOLDERS = re.compile(r"\b(todo|fixme|lorem|ipsum|xxx|tbd)\b", re.IGNORECASE)


def fold(text):
    return anyascii(text).lower()


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = set()
        self.attributes = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.extend(attrs)


def _html_problems(fragment):
    parser = _TagCollector()
    parser.feed(fragment)
    problems = sorted(parser.tags - ALLOWED_HTML)
    if parser.attributes:
        problems.append(f"attributes {parser.attributes}")
    return problems


def _clean_model_fields(model, values, extra_exclude=()):
    """Run Django's field validation (max_length, choices, validators) on an
    unsaved instance, for the fields present in ``values`` only."""
    instance = model(**values)
    names = set(values) - set(extra_exclude)
    exclude = [f.name for f in model._meta.fields if f.name not in names]
    instance.clean_fields(exclude=exclude)
    return instance


# --------------------------------------------------------------------------- file headers and loader


@pytest.mark.parametrize("kind", sorted(demo.FORMATS))
def test_each_file_is_utf8_json_with_its_format_header(kind):
    document = json.loads(demo.data_path(kind).read_text(encoding="utf-8"))
    assert document["format"] == demo.FORMATS[kind]
    assert isinstance(document[kind], list) and document[kind]


def test_loader_rejects_unknown_kind():
    with pytest.raises(demo.DemoDataError, match="Không có tệp dữ liệu mẫu"):
        demo.load("users")


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "Không đọc được"),
        ('{"format": "portal.fields/2", "fields": []}', "không đúng định dạng"),
        ('["ho-tich"]', "không đúng định dạng"),
        ('{"format": "portal.fields/1", "fields": {"code": "x"}}', "thiếu danh sách"),
    ],
)
def test_loader_gives_a_clear_error_for_a_broken_file(tmp_path, monkeypatch, content, message):
    (tmp_path / "fields.json").write_text(content, encoding="utf-8")
    monkeypatch.setattr(demo, "DATA_DIR", tmp_path)
    with pytest.raises(demo.DemoDataError, match=message):
        demo.fields()


def test_loader_reports_a_missing_file(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "DATA_DIR", tmp_path)
    with pytest.raises(demo.DemoDataError, match="news.json"):
        demo.news()


# --------------------------------------------------------------------------- catalogue size and coverage


def test_catalogue_is_big_enough_to_demo_every_feature():
    assert len(PROCEDURES) >= 45
    assert len(FIELDS) >= 12
    assert {p["level"] for p in PROCEDURES} >= {"province", "commune"}
    assert {p["online_level"] for p in PROCEDURES} == {"information", "partial", "full"}
    assert {m["method"] for p in PROCEDURES for m in p["methods"]} == {"in_person", "online", "postal"}
    assert any(p["coordinating_agencies"] for p in PROCEDURES), "at least one liên thông procedure"
    assert any(c["case_group"] for p in PROCEDURES for c in p["components"]), "components grouped by case"
    assert any(p["fee_vnd"] == 0 for p in PROCEDURES) and any(p["fee_vnd"] > 0 for p in PROCEDURES)
    assert any(p["processing_days"] is None for p in PROCEDURES)
    assert {"citizen", "organisation", "enterprise"} <= {a for p in PROCEDURES for a in p["applicants"]}


def test_every_field_has_procedures_and_every_procedure_agency_exists():
    used_fields = {p["field"] for p in PROCEDURES}
    assert used_fields == FIELD_CODES
    for p in PROCEDURES:
        assert p["agency"] in AGENCY_CODES, p["code"]
        assert set(p["coordinating_agencies"]) <= AGENCY_CODES, p["code"]
        assert p["agency"] not in p["coordinating_agencies"], p["code"]


def test_agencies_cover_both_tiers_and_the_service_center():
    kinds = {a["kind"] for a in AGENCIES}
    assert kinds == {"department", "committee", "central_branch", "service_center"}
    assert {a["level"] for a in AGENCIES} == {"province", "commune"}
    assert "ubnd-xa" in AGENCY_CODES and "cong-an-tinh" in AGENCY_CODES


# --------------------------------------------------------------------------- procedure records


@pytest.mark.parametrize("record", PROCEDURES, ids=lambda r: r["code"])
def test_procedure_record_keeps_the_interchange_contract(record):
    assert tuple(record) == demo.PROCEDURE_KEYS
    assert PROCEDURE_CODE_RE.match(record["code"]) and normalize_procedure_code(record["code"]) == record["code"]
    assert record["name"] and record["summary"] and record["result"] and record["keywords"]
    assert record["slug"] and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record["slug"])
    assert record["applicants"] and set(record["applicants"]) <= set(demo.APPLICANTS)
    assert len(record["applicants"]) == len(set(record["applicants"]))
    assert record["steps"] and all(tuple(s) == demo.STEP_KEYS and s["title"] for s in record["steps"])
    assert record["methods"] and all(tuple(m) == demo.METHOD_KEYS for m in record["methods"])
    assert len({m["method"] for m in record["methods"]}) == len(record["methods"])
    assert record["components"] and all(tuple(c) == demo.COMPONENT_KEYS for c in record["components"])
    assert record["legal_bases"] and all(tuple(lb) == demo.LEGAL_BASIS_KEYS for lb in record["legal_bases"])
    assert isinstance(record["fee_vnd"], int) and not isinstance(record["fee_vnd"], bool)
    assert record["fee_description"], "fees are always explained in words"
    assert record["processing_time_note"], "deadline is always explained in words"
    days = record["processing_days"]
    assert days is None or (isinstance(days, (int, float)) and days > 0 and float(days) * 2 == int(float(days) * 2))


@pytest.mark.parametrize("record", PROCEDURES, ids=lambda r: r["code"])
def test_procedure_record_fits_the_models(db, record):
    _clean_model_fields(
        ProcedurePage,
        {
            "title": record["name"],
            "slug": record["slug"],
            "code": record["code"],
            "decision_number": record["decision_number"],
            "level": record["level"],
            "procedure_type": record["procedure_type"],
            "competent_agency": record["competent_agency"],
            "authorised_agency": record["authorised_agency"],
            "applicants_note": record["applicants_note"],
            "summary": record["summary"],
            "processing_days": None if record["processing_days"] is None else Decimal(str(record["processing_days"])),
            "processing_time_note": record["processing_time_note"],
            "fee_vnd": record["fee_vnd"],
            "fee_description": record["fee_description"],
            "result": record["result"],
            "conditions": record["conditions"],
            "receiving_address": record["receiving_address"],
            "online_level": record["online_level"],
            "keywords": record["keywords"],
        },
    )
    step_title_max = ProcedurePage._meta.get_field("steps").stream_block.child_blocks["step"].child_blocks["title"].field.max_length
    assert all(len(s["title"]) <= step_title_max for s in record["steps"])
    for row in record["methods"]:
        _clean_model_fields(ProcedureMethod, row)
    for row in record["components"]:
        _clean_model_fields(ProcedureComponent, row)
        assert row["originals"] + row["copies"] >= 1, row["name"]
    for row in record["legal_bases"]:
        issued_on = datetime.date.fromisoformat(row["issued_on"])
        assert datetime.date(1990, 1, 1) <= issued_on <= datetime.date(2026, 12, 31)
        _clean_model_fields(ProcedureLegalBasis, row | {"issued_on": issued_on})


def test_procedure_codes_and_slugs_are_unique():
    codes = [p["code"] for p in PROCEDURES]
    slugs = [p["slug"] for p in PROCEDURES]
    assert len(codes) == len(set(codes))
    assert len(slugs) == len(set(slugs))


def test_free_text_is_clean_nfc_vietnamese_without_placeholders():
    for document in (PROCEDURES, AGENCIES, FIELDS, NEWS):
        for text in _strings(document):
            assert unicodedata.is_normalized("NFC", text), text
            assert text == text.strip() and "  " not in text, repr(text)
            assert not PLACEHOLDERS.search(text), text
    for record in PROCEDURES:
        assert fold(record["name"]) != record["name"].lower(), f"{record['code']} name lacks diacritics"


@pytest.mark.parametrize(
    "html",
    [p["conditions"] for p in PROCEDURES if p["conditions"]]
    + [a["description"] for a in AGENCIES]
    + [n["body"] for n in NEWS],
)
def test_rich_text_uses_only_simple_tags(html):
    assert html.startswith("<p>") or html.startswith("<ol>")
    assert _html_problems(html) == []


@pytest.mark.parametrize(
    "query, code",
    [
        ("dang ky ket hon", "1.000894"),
        ("giay khai sinh", "1.001193"),
        ("nhap ho khau", "1.004222"),
        ("tam tru", "1.004194"),
        ("lam so do", "1.013978"),
        ("sang ten so do", "1.013831"),
        ("doi bang lai", "3.000347"),
        ("ly lich tu phap", "2.000488"),
        ("chung thuc ban sao", "2.000815"),
        ("xin phep xay nha", "1.013225"),
        ("thanh lap cong ty", "2.002040"),
        ("giay phep kinh doanh", "1.001612"),
        ("tro cap that nghiep", "1.001978"),
        ("xac nhan doc than", "1.004873"),
    ],
)
def test_everyday_words_of_citizens_are_in_the_records(query, code):
    """The search relevance tests rely on these phrasings being present."""
    record = next(p for p in PROCEDURES if p["code"] == code)
    assert query in fold(" ".join([record["name"], record["keywords"]]))


# --------------------------------------------------------------------------- agencies, fields, news


@pytest.mark.parametrize("agency", AGENCIES, ids=lambda a: a["code"])
def test_agency_record_fits_the_model(db, agency):
    assert tuple(agency) == demo.AGENCY_KEYS
    assert RECEIVING_UNIT_RE.match(agency["receiving_unit_code"]), agency["receiving_unit_code"]
    assert agency["email"].endswith(".example"), "demo e-mail must never reach a real office"
    validate_email(agency["email"])
    assert agency["name"] and agency["address"] and agency["opening_hours"] and agency["description"]
    _clean_model_fields(
        AgencyPage,
        {"title": agency["name"], "slug": agency["code"]}
        | {k: v for k, v in agency.items() if k != "name"},
    )


def test_agency_codes_and_receiving_units_are_unique():
    assert len(AGENCY_CODES) == len(AGENCIES)
    units = [a["receiving_unit_code"] for a in AGENCIES]
    assert len(units) == len(set(units))


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f["code"])
def test_field_record_fits_the_model(db, field):
    assert tuple(field) == demo.FIELD_KEYS
    assert field["name"] and field["icon"] and field["description"]
    _clean_model_fields(
        FieldPage,
        {"title": field["name"], "slug": field["code"], "code": field["code"], "icon": field["icon"],
         "description": field["description"]},
    )


def test_field_codes_and_names_are_unique():
    assert len(FIELD_CODES) == len(FIELDS)
    assert len({f["name"] for f in FIELDS}) == len(FIELDS)


@pytest.mark.parametrize("article", NEWS, ids=lambda n: n["slug"])
def test_news_article_is_complete_and_links_existing_procedures(article):
    assert tuple(article) == demo.NEWS_KEYS
    assert article["title"] and article["intro"] and article["body"]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", article["slug"])
    assert datetime.date(2025, 7, 1) <= datetime.date.fromisoformat(article["date"]) <= datetime.date(2026, 11, 1)
    assert set(article["related_procedures"]) <= PROCEDURE_CODES


def test_news_slugs_are_unique():
    assert len({n["slug"] for n in NEWS}) == len(NEWS)


def test_model_validation_catches_a_broken_record(db):
    """The field checks above can fail: a wrong choice and an over-long code are rejected."""
    with pytest.raises(ValidationError) as exc:
        _clean_model_fields(ProcedurePage, {"title": "Thủ tục", "slug": "thu-tuc", "code": "1.00161",
                                            "level": "district-x", "online_level": "full"})
    assert {"code", "level"} <= set(exc.value.message_dict)


# --------------------------------------------------------------------------- synthetic generator


def test_synthetic_records_are_deterministic_for_a_seed():
    first = synthetic.generate_procedures(30, seed=11)
    assert first == synthetic.generate_procedures(30, seed=11)
    assert first != synthetic.generate_procedures(30, seed=12)


def test_synthetic_records_keep_the_contract_and_refer_to_demo_data():
    records = synthetic.generate_procedures(300, seed=5)
    codes = [r["code"] for r in records]
    assert codes[0] == "2.900001.SYN" and codes[-1] == "2.900300.SYN"
    assert len(set(codes)) == 300 and not set(codes) & PROCEDURE_CODES
    assert len({r["slug"] for r in records}) == 300
    for record in records:
        assert tuple(record) == demo.PROCEDURE_KEYS
        assert PROCEDURE_CODE_RE.match(record["code"])
        assert record["field"] in FIELD_CODES and record["agency"] in AGENCY_CODES
        assert set(record["coordinating_agencies"]) <= AGENCY_CODES
        assert record["agency"] not in record["coordinating_agencies"]
        assert record["steps"] and record["methods"] and record["components"] and record["legal_bases"]
        assert "mô phỏng" in record["summary"]
        if record["online_level"] == "information":
            assert all(m["method"] != "online" for m in record["methods"])


def test_synthetic_records_fit_the_models(db):
    for record in synthetic.generate_procedures(40, seed=3, start=500):
        _clean_model_fields(
            ProcedurePage,
            {"title": record["name"], "slug": record["slug"], "code": record["code"], "level": record["level"],
             "online_level": record["online_level"], "keywords": record["keywords"],
             "processing_time_note": record["processing_time_note"], "fee_vnd": record["fee_vnd"],
             "processing_days": None if record["processing_days"] is None else Decimal(str(record["processing_days"]))},
        )
        for row in record["methods"]:
            _clean_model_fields(ProcedureMethod, row)


def test_synthetic_start_numbers_continue_without_overlap():
    first = synthetic.generate_procedures(10, seed=1)
    second = synthetic.generate_procedures(10, seed=1, start=11)
    assert not {r["code"] for r in first} & {r["code"] for r in second}
    assert second[0]["code"] == "2.900011.SYN"


@pytest.mark.parametrize(
    "kwargs",
    [{"count": -1}, {"count": 1.5}, {"count": True}, {"count": "10"}, {"count": 2, "start": 0},
     {"count": 2, "start": synthetic.MAX_NUMBER}, {"count": synthetic.MAX_NUMBER + 1}],
)
def test_synthetic_generator_rejects_bad_counts(kwargs):
    count = kwargs.pop("count")
    with pytest.raises(ValueError):
        synthetic.generate_procedures(count, **kwargs)


def test_synthetic_generator_uses_only_the_codes_a_database_has():
    """``load_demo_catalogue --synthetic`` passes the codes of existing pages."""
    records = synthetic.generate_procedures(
        200, seed=4, field_codes=["ho-tich", "thuong-mai", "y-te"], agency_codes=["stp", "ubnd-lam-vien", "syt"]
    )
    assert {r["field"] for r in records} == {"ho-tich", "thuong-mai", "y-te"}
    assert {r["agency"] for r in records} <= {"stp", "ubnd-lam-vien", "syt"}
    assert all(set(r["coordinating_agencies"]) <= {"stp", "ubnd-lam-vien", "syt"} for r in records)
    commune = [r for r in records if r["level"] == "commune"]
    assert commune and all(r["agency"] == "ubnd-lam-vien" for r in commune)
    trade = next(r for r in records if r["field"] == "thuong-mai")
    assert any(word in trade["name"] for word in ("rượu", "thuốc lá", "LPG"))


@pytest.mark.parametrize("kwargs", [{"field_codes": []}, {"agency_codes": []}])
def test_synthetic_generator_needs_at_least_one_field_and_agency(kwargs):
    with pytest.raises(ValueError, match="ít nhất một lĩnh vực"):
        synthetic.generate_procedures(5, **kwargs)


def test_synthetic_generator_accepts_zero():
    assert synthetic.generate_procedures(0) == []


def test_synthetic_command_line_writes_a_catalogue_document():
    out = io.StringIO()
    assert synthetic.main(["25", "--seed", "9"], stdout=out) == 0
    document = json.loads(out.getvalue())
    assert document["format"] == "portal.procedures/1"
    assert document["procedures"] == synthetic.generate_procedures(25, seed=9)


def test_synthetic_command_line_rejects_a_negative_count(capsys):
    with pytest.raises(SystemExit) as exc:
        synthetic.main(["-3"])
    assert exc.value.code == 2
    assert "khoảng 1–" in capsys.readouterr().err


def test_synthetic_generation_of_a_province_sized_catalogue_is_fast():
    import time

    started = time.perf_counter()
    records = synthetic.generate_procedures(1200)
    assert len(records) == 1200
    assert time.perf_counter() - started < 5
