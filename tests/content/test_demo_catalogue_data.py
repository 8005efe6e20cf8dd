"""The demo catalogue data files honour the import contract (portal.*/1 formats).

Pure data checks: no database. The importer and ``load_demo_catalogue`` read
these files; the search relevance tests rely on the names and keywords.
"""

import datetime
import json
import re
import unicodedata

import pytest

from content.demo_catalogue import AGENCIES_PATH, FIELDS_PATH, NEWS_PATH, PROCEDURES_PATH
from content.demo_catalogue.synthetic import generate_procedures, iter_procedures, synthetic_code

PROCEDURE_CODE_RE = re.compile(r"^[1-3]\.\d{6}(\.[A-Z0-9]{1,10})?$")
SHORT_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RECEIVING_UNIT_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.H\d{2}$")

PROCEDURE_KEYS = {
    "code",
    "name",
    "slug",
    "decision_number",
    "level",
    "procedure_type",
    "field",
    "agency",
    "coordinating_agencies",
    "competent_agency",
    "authorised_agency",
    "applicants",
    "applicants_note",
    "summary",
    "steps",
    "methods",
    "components",
    "processing_days",
    "processing_time_note",
    "fee_vnd",
    "fee_description",
    "result",
    "conditions",
    "receiving_address",
    "online_level",
    "keywords",
    "legal_bases",
}
AGENCY_KEYS = {
    "code",
    "name",
    "short_name",
    "kind",
    "level",
    "receiving_unit_code",
    "address",
    "phone",
    "email",
    "opening_hours",
    "head_name",
    "head_title",
    "directions",
    "description",
}
FIELD_KEYS = {"code", "name", "icon", "description"}
ICONS = {
    "family",
    "stamp",
    "scale",
    "land",
    "building",
    "business",
    "shop",
    "car",
    "trade",
    "food",
    "home",
    "care",
    "school",
    "health",
    "work",
    "leaf",
    "culture",
}
LEVELS = {"central", "province", "district", "commune"}
REQUIRED_NAMES = [
    "Đăng ký kết hôn",
    "Đăng ký khai sinh",
    "Đăng ký khai tử",
    "Cấp bản sao trích lục hộ tịch",
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Đăng ký thành lập doanh nghiệp tư nhân",
    "Đăng ký thành lập hộ kinh doanh",
    "Cấp đổi giấy phép lái xe",
    "Cấp phiếu lý lịch tư pháp",
    "Chứng thực bản sao từ bản chính",
    "Đăng ký biến động quyền sử dụng đất",
    "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
    "Cấp giấy phép bán lẻ rượu",
    "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
    "Đăng ký thường trú",
]

_VI_LETTERS = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
ALLOWED_NON_ASCII = set(_VI_LETTERS + _VI_LETTERS.upper()) | set("–—“”‘’…²³°×")
VI_DIACRITICS = set(_VI_LETTERS + _VI_LETTERS.upper())
MOJIBAKE_RE = re.compile("Ã|Â|Ä|Æ|á»|áº|Ä‘|\ufffd|\\?\\?")


def _load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def fields():
    data = _load(FIELDS_PATH)
    assert data["format"] == "portal.fields/1"
    return data["fields"]


@pytest.fixture(scope="module")
def agencies():
    data = _load(AGENCIES_PATH)
    assert data["format"] == "portal.agencies/1"
    return data["agencies"]


@pytest.fixture(scope="module")
def procedures():
    data = _load(PROCEDURES_PATH)
    assert data["format"] == "portal.procedures/1"
    return data["procedures"]


@pytest.fixture(scope="module")
def news():
    data = _load(NEWS_PATH)
    assert data["format"] == "portal.news/1"
    return data


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _strings(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _strings(value)


def _text_errors(obj):
    errors = []
    for s in _strings(obj):
        if not unicodedata.is_normalized("NFC", s):
            errors.append(f"not NFC: {s[:60]!r}")
        if MOJIBAKE_RE.search(s):
            errors.append(f"mojibake: {s[:60]!r}")
        bad = {ch for ch in s if ord(ch) > 127 and ch not in ALLOWED_NON_ASCII}
        bad |= {ch for ch in s if ord(ch) < 32 and ch != "\n"}
        if bad:
            errors.append(f"unexpected characters {sorted(bad)!r} in {s[:60]!r}")
    return errors


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _valid_date(value):
    try:
        datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def _procedure_errors(p, field_codes, agency_codes):
    """Every way a record can break the portal.procedures/1 contract."""
    code = p.get("code")
    err = []

    def bad(msg):
        err.append(f"{code}: {msg}")

    keys = set(p) - {"demo_record"}  # optional: the record is illustrative, not from the national database
    if keys != PROCEDURE_KEYS:
        bad(f"keys differ: missing {PROCEDURE_KEYS - keys}, extra {keys - PROCEDURE_KEYS}")
        return err
    if not isinstance(code, str) or not PROCEDURE_CODE_RE.match(code):
        bad("bad code")
    for key in (
        "name",
        "slug",
        "decision_number",
        "summary",
        "result",
        "receiving_address",
        "keywords",
        "fee_description",
    ):
        if not isinstance(p[key], str) or not p[key].strip():
            bad(f"{key} must be a non-empty string")
    for key in ("competent_agency", "authorised_agency", "applicants_note", "conditions", "processing_time_note"):
        if not isinstance(p[key], str):
            bad(f"{key} must be a string")
    if isinstance(p["slug"], str) and not SLUG_RE.match(p["slug"]):
        bad("slug is not an ascii slug")
    if len(p["name"]) > 255 or len(p["keywords"]) > 500 or len(p["processing_time_note"]) > 255:
        bad("a text is longer than its column")
    if p["level"] not in LEVELS:
        bad("bad level")
    if p["procedure_type"] not in {"delegated", "not_delegated", "internal"}:
        bad("bad procedure_type")
    if p["online_level"] not in {"information", "partial", "full"}:
        bad("bad online_level")
    if p["field"] not in field_codes:
        bad(f"unknown field {p['field']}")
    if p["agency"] not in agency_codes:
        bad(f"unknown agency {p['agency']}")
    coord = p["coordinating_agencies"]
    if (
        not isinstance(coord, list)
        or any(c not in agency_codes or c == p["agency"] for c in coord)
        or len(set(coord)) != len(coord)
    ):
        bad("bad coordinating_agencies")
    apps = p["applicants"]
    if not isinstance(apps, list) or not apps or not set(apps) <= {"citizen", "organisation", "enterprise"}:
        bad("bad applicants")
    steps = p["steps"]
    if not isinstance(steps, list) or not 2 <= len(steps) <= 6:
        bad("needs 2-6 steps")
    else:
        for s in steps:
            if set(s) != {"title", "description"} or not all(isinstance(v, str) and v.strip() for v in s.values()):
                bad(f"bad step {s}")
    methods = p["methods"]
    if not isinstance(methods, list) or not 1 <= len(methods) <= 3:
        bad("needs 1-3 methods")
    else:
        kinds = [m.get("method") for m in methods]
        if len(set(kinds)) != len(kinds) or not set(kinds) <= {"in_person", "online", "postal"}:
            bad(f"bad methods {kinds}")
        for m in methods:
            if set(m) != {"method", "processing_time", "fee", "description"} or not all(
                isinstance(v, str) for v in m.values()
            ):
                bad(f"bad method {m}")
        if (p["online_level"] != "information") != ("online" in kinds):
            bad("an online method exactly when the online level is partial or full")
    comps = p["components"]
    if not isinstance(comps, list) or not 2 <= len(comps) <= 8:
        bad("needs 2-8 components")
    else:
        for c in comps:
            if set(c) != {"case_group", "name", "originals", "copies", "required", "template_name"}:
                bad(f"component keys {set(c)}")
                continue
            if not (isinstance(c["name"], str) and c["name"].strip() and len(c["name"]) <= 255):
                bad("component name")
            if not (
                isinstance(c["case_group"], str)
                and isinstance(c["template_name"], str)
                and len(c["template_name"]) <= 255
            ):
                bad("component case_group/template_name")
            if not (_is_int(c["originals"]) and _is_int(c["copies"]) and c["originals"] >= 0 and c["copies"] >= 0):
                bad("component originals/copies")
            if not isinstance(c["required"], bool):
                bad("component required must be a bool")
    days = p["processing_days"]
    if days is None:
        if not p["processing_time_note"].strip():
            bad("processing_days null needs a processing_time_note")
    elif isinstance(days, bool) or not isinstance(days, (int, float)) or days < 0:
        bad("bad processing_days")
    if not _is_int(p["fee_vnd"]) or p["fee_vnd"] < 0:
        bad("fee_vnd must be a non-negative integer")
    legal = p["legal_bases"]
    if not isinstance(legal, list) or not legal:
        bad("needs a legal basis")
    else:
        for lb in legal:
            if set(lb) != {"number", "title", "issued_on", "issuer"}:
                bad(f"legal basis keys {set(lb)}")
                continue
            if not (isinstance(lb["number"], str) and lb["number"].strip() and len(lb["number"]) <= 120):
                bad("legal basis number")
            if not (isinstance(lb["title"], str) and lb["title"].strip() and isinstance(lb["issuer"], str)):
                bad("legal basis title/issuer")
            if lb["issued_on"] is not None and not _valid_date(lb["issued_on"]):
                bad(f"legal basis date {lb['issued_on']!r}")
    return err


# ------------------------------------------------------------------ fields, agencies
def test_fields_are_complete(fields):
    assert len(fields) >= 12
    codes = [f["code"] for f in fields]
    assert len(set(codes)) == len(codes)
    for f in fields:
        assert set(f) == FIELD_KEYS, f
        assert SHORT_CODE_RE.match(f["code"]), f["code"]
        assert f["icon"] in ICONS, f
        assert f["name"].strip() and f["description"].strip()
    names = {f["name"] for f in fields}
    for expected in (
        "Hộ tịch",
        "Chứng thực",
        "Lý lịch tư pháp",
        "Đất đai",
        "Xây dựng",
        "Đường bộ",
        "An toàn thực phẩm",
    ):
        assert expected in names
    assert _text_errors(fields) == []


def test_agencies_are_complete(agencies):
    assert len(agencies) >= 12
    codes = [a["code"] for a in agencies]
    assert len(set(codes)) == len(codes)
    units = [a["receiving_unit_code"] for a in agencies]
    assert len(set(units)) == len(units)
    for a in agencies:
        assert set(a) == AGENCY_KEYS, a["code"]
        assert SHORT_CODE_RE.match(a["code"]), a["code"]
        assert a["kind"] in {"department", "committee", "central_branch", "service_center"}
        assert a["level"] in LEVELS - {"district"}, "no district level after the July 2025 reform"
        assert RECEIVING_UNIT_RE.match(a["receiving_unit_code"]), a["receiving_unit_code"]
        assert a["email"].endswith("@lamdong.gov.vn")
        for key in AGENCY_KEYS - {"code"}:
            assert isinstance(a[key], str) and a[key].strip(), (a["code"], key)
        assert "Lâm Đồng" in a["address"]
    communes = [a for a in agencies if a["kind"] == "committee" and a["level"] == "commune"]
    assert len(communes) >= 3
    for code in ("stp", "sxd", "stc", "snnmt", "sct", "syt", "sgddt", "snv", "svhttdl", "cong-an-tinh", "vpdkdd"):
        assert code in codes
    assert next(a for a in agencies if a["code"] == "cong-an-tinh")["kind"] == "central_branch"
    assert _text_errors(agencies) == []


# ------------------------------------------------------------------ procedures
def test_every_procedure_honours_the_contract(procedures, fields, agencies):
    field_codes = {f["code"] for f in fields}
    agency_codes = {a["code"] for a in agencies}
    errors = [e for p in procedures for e in _procedure_errors(p, field_codes, agency_codes)]
    assert errors == []


def test_codes_and_slugs_are_unique(procedures):
    codes = [p["code"] for p in procedures]
    slugs = [p["slug"] for p in procedures]
    assert len(set(codes)) == len(codes)
    assert len(set(slugs)) == len(slugs)
    assert len({p["name"] for p in procedures}) == len(procedures)


def test_catalogue_size_and_coverage(procedures, fields, agencies):
    assert len(procedures) >= 130
    online = [p for p in procedures if p["online_level"] in ("partial", "full")]
    full = [p for p in procedures if p["online_level"] == "full"]
    assert len(online) >= 35
    assert len(full) >= 12
    assert sum(1 for p in full if p["fee_vnd"] > 0) >= 6, "full online procedures with a fee demonstrate payment"
    assert any(p["online_level"] == "information" for p in procedures)
    levels = {p["level"] for p in procedures}
    assert {"province", "commune"} <= levels
    used_fields = {p["field"] for p in procedures}
    assert len(used_fields) >= 12 and used_fields <= {f["code"] for f in fields}
    assert len({p["agency"] for p in procedures}) >= 10
    assert sum(1 for p in procedures if p["coordinating_agencies"]) >= 3, "some procedures are liên thông"
    assert any(c["case_group"] for p in procedures for c in p["components"])
    assert any(c["template_name"] for p in procedures for c in p["components"])
    assert any(p["processing_days"] is None for p in procedures)


def test_required_procedures_are_present(procedures):
    by_name = {p["name"]: p for p in procedures}
    missing = [name for name in REQUIRED_NAMES if name not in by_name]
    assert missing == []
    # near-namesakes make search interesting
    for name in (
        "Đăng ký kết hôn có yếu tố nước ngoài",
        "Đăng ký lại kết hôn",
        "Đăng ký khai sinh có yếu tố nước ngoài",
        "Đăng ký lại khai sinh",
        "Đăng ký tạm trú",
        "Cấp lại giấy phép lái xe",
    ):
        assert name in by_name
    assert "bằng lái" in by_name["Cấp đổi giấy phép lái xe"]["keywords"]
    assert "GPLX" in by_name["Cấp đổi giấy phép lái xe"]["keywords"]
    assert "cưới" in by_name["Đăng ký kết hôn"]["keywords"]
    assert "giấy khai sinh" in by_name["Đăng ký khai sinh"]["keywords"]
    assert "LLTP" in by_name["Cấp phiếu lý lịch tư pháp"]["keywords"]
    assert "hộ khẩu" in by_name["Đăng ký thường trú"]["keywords"]


def test_natural_agencies(procedures, agencies):
    kind = {a["code"]: (a["kind"], a["level"]) for a in agencies}
    by_name = {p["name"]: p for p in procedures}
    assert by_name["Cấp phiếu lý lịch tư pháp"]["agency"] == "cong-an-tinh"
    assert by_name["Cấp đổi giấy phép lái xe"]["agency"] == "cong-an-tinh"
    assert by_name["Đăng ký thành lập doanh nghiệp tư nhân"]["agency"] == "stc"
    for name in (
        "Đăng ký khai sinh",
        "Đăng ký kết hôn",
        "Chứng thực bản sao từ bản chính",
        "Đăng ký thành lập hộ kinh doanh",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    ):
        assert kind[by_name[name]["agency"]] == ("committee", "commune"), name
        assert by_name[name]["level"] == "commune"
    hotich = [p for p in procedures if p["field"] == "ho-tich"]
    assert sum(kind[p["agency"]][0] == "committee" for p in hotich) == len(hotich)


def test_text_is_clean_vietnamese(procedures):
    assert _text_errors(procedures) == []
    no_diacritics = [p["name"] for p in procedures if not VI_DIACRITICS & set(p["name"])]
    assert no_diacritics == []


# ------------------------------------------------------------------ news
def test_news_and_guides(news):
    items = news["news"]
    assert len(items) >= 6
    slugs = [n["slug"] for n in items]
    assert len(set(slugs)) == len(slugs)
    for n in items:
        assert set(n) == {"title", "slug", "date", "intro", "body"}
        assert SLUG_RE.match(n["slug"]) and _valid_date(n["date"])
        assert n["title"].strip() and n["intro"].strip()
        assert n["body"].startswith("<") and "<script" not in n["body"].lower()
    for g in news.get("guides", []):
        assert set(g) == {"title", "slug", "intro", "body"}
        assert SLUG_RE.match(g["slug"]) and g["body"].startswith("<")
    assert _text_errors(news) == []


# ------------------------------------------------------------------ synthetic
@pytest.fixture(scope="module")
def synthetic():
    return generate_procedures(20000)


def test_synthetic_records_are_valid(synthetic, fields, agencies):
    assert len(synthetic) == 20000
    field_codes = {f["code"] for f in fields}
    agency_codes = {a["code"] for a in agencies}
    errors = [e for p in synthetic for e in _procedure_errors(p, field_codes, agency_codes)]
    assert errors[:5] == []
    assert len({p["code"] for p in synthetic}) == 20000
    assert len({p["slug"] for p in synthetic}) == 20000
    assert {p["online_level"] for p in synthetic} == {"information", "partial", "full"}
    assert len({p["field"] for p in synthetic}) == len(field_codes)


def test_synthetic_text_is_clean(synthetic):
    sample = synthetic[:2000]
    assert _text_errors(sample) == []
    assert all(VI_DIACRITICS & set(p["name"]) for p in sample)


def test_synthetic_is_disjoint_from_the_demo(synthetic, procedures):
    demo_codes = {p["code"] for p in procedures}
    demo_slugs = {p["slug"] for p in procedures}
    assert not demo_codes & {p["code"] for p in synthetic}
    assert not demo_slugs & {p["slug"] for p in synthetic}


def test_synthetic_is_deterministic_and_streams():
    first = generate_procedures(50, seed=7)
    assert first == generate_procedures(50, seed=7)
    assert first != generate_procedures(50, seed=8)
    assert [p["code"] for p in first] == [p["code"] for p in generate_procedures(50, seed=8)], (
        "codes depend on the index only"
    )
    assert list(iter_procedures(50, seed=7)) == first
    later = generate_procedures(50, seed=7, start=50)
    assert not {p["code"] for p in first} & {p["code"] for p in later}


def test_synthetic_respects_given_codes():
    records = generate_procedures(200, seed=1, field_codes=["ho-tich", "dat-dai"], agency_codes=["stp", "vpdkdd"])
    assert {p["field"] for p in records} <= {"ho-tich", "dat-dai"}
    assert {p["agency"] for p in records} <= {"stp", "vpdkdd"}
    other = generate_procedures(20, field_codes=["khac"], agency_codes=["x1"])
    assert {p["field"] for p in other} == {"khac"} and {p["agency"] for p in other} == {"x1"}


def test_synthetic_codes_beyond_the_blocks():
    codes = [synthetic_code(i) for i in (0, 99_999, 100_000, 299_999, 300_000, 10_000_000)]
    assert codes[:5] == ["2.900000", "2.999999", "1.900000", "3.999999", "2.900000.S1"]
    assert all(PROCEDURE_CODE_RE.match(c) for c in codes)
    assert len(set(codes)) == len(codes)
