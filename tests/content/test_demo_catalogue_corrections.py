"""Guards of the corrections an official asked for in the demo catalogue
(issue 11, "Catalogue"): national codes with their agency and level, the
commune's receiving body since 1/7/2025, no superseded legal basis, and the
records that are only illustrative say so, in the data and on the sheet."""

import json
import re

import pytest

from content import demo_loader as demo
from content.constants import DEMO_RECORD_KEYWORD
from content.demo_catalogue import AGENCIES_PATH, FIELDS_PATH, NEWS_PATH, PROCEDURES_PATH

#: code → (agency, level, words of the name): codes checked against public
#: pages of the national and the Ministry of Public Security's portals
VERIFIED = {
    "3.000333": ("cong-an-tinh", "province", "lý lịch tư pháp"),
    "3.000347": ("cong-an-tinh", "province", "đổi giấy phép lái xe"),
    "3.000348": ("cong-an-tinh", "province", "Cấp lại giấy phép lái xe"),
    "1.001456": ("cong-an-tinh", "province", "hộ chiếu phổ thông"),
    "2.000200": ("cong-an-tinh", "province", "thẻ Căn cước"),
    "1.014748": ("snv", "province", "trợ cấp thất nghiệp"),
    "1.014199": ("snv", "province", "giấy phép lao động"),
    "1.009122": (None, "commune", "Cấp giấy phép xây dựng nhà ở riêng lẻ"),
    "1.013226": (None, "commune", "Điều chỉnh giấy phép xây dựng"),
}
#: codes the catalogue used to give these procedures
RETIRED = ["2.000488", "1.002809", "1.002804", "1.012501", "1.012503", "1.001978", "1.000105", "1.013225"]
#: superseded legal bases (number → what replaced it)
SUPERSEDED = {
    "38/2013/QH13": "74/2025/QH15",
    "28/2015/NĐ-CP": "374/2025/NĐ-CP",
    "152/2020/NĐ-CP": "219/2025/NĐ-CP",
    "70/2023/NĐ-CP": "219/2025/NĐ-CP",
    "61/2018/NĐ-CP": "118/2025/NĐ-CP",
    "107/2021/NĐ-CP": "118/2025/NĐ-CP",
    "12/2025/TT-BCA": "108/2026/TT-BCA",
    "55/2021/TT-BCA": "116/2026/TT-BCA",
    "66/2023/TT-BCA": "116/2026/TT-BCA",
}
#: runs of consecutive codes that are not national codes
INVENTED_RUNS = [("1", 12800, 12809), ("2", 2038, 2049), ("1", 12504, 12506)]
#: the title of Decree 118/2025 names the "Bộ phận Một cửa" (ministries keep theirs)
DECREE_118_TITLE = "tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia"


def _load(path, key):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)[key]


@pytest.fixture(scope="module")
def procedures():
    return _load(PROCEDURES_PATH, "procedures")


@pytest.fixture(scope="module")
def by_code(procedures):
    return {p["code"]: p for p in procedures}


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_verified_codes_are_present_with_their_agency_and_level(by_code):
    for code, (agency, level, words) in VERIFIED.items():
        record = by_code.get(code)
        assert record is not None, code
        assert words.lower() in record["name"].lower(), (code, record["name"])
        assert record["level"] == level, code
        if agency:
            assert record["agency"] == agency, code
        else:
            assert record["agency"].startswith("ubnd-"), code
        assert not record.get("demo_record"), code


def test_passports_and_identity_cards_have_their_own_fields(procedures):
    fields = {p["field"] for p in procedures if "hộ chiếu" in p["name"]}
    assert fields == {"xuat-nhap-canh"}
    fields = {p["field"] for p in procedures if "thẻ Căn cước" in p["name"]}
    assert fields == {"can-cuoc"}
    known = {f["code"] for f in _load(FIELDS_PATH, "fields")}
    assert {"xuat-nhap-canh", "can-cuoc"} <= known


def test_retired_codes_and_provincial_suffixes_are_gone(by_code):
    assert [code for code in RETIRED if code in by_code] == []
    assert [code for code in by_code if code.endswith(".H41")] == []


def test_police_procedures_are_not_central(procedures):
    central = [p["code"] for p in procedures if p["agency"] == "cong-an-tinh" and p["level"] == "central"]
    assert central == []
    lltp = [p for p in procedures if p["field"] == "ly-lich-tu-phap"]
    assert lltp and {p["agency"] for p in lltp} == {"cong-an-tinh"}


def test_communes_receive_at_their_public_administrative_service_centre(procedures):
    offending = []
    for record in procedures:
        for text in _strings(record):
            if "Bộ phận Một cửa UBND" in text:
                offending.append((record["code"], text[:80]))
            if record["agency"].startswith("ubnd-") and "Bộ phận Một cửa" in text.replace(DECREE_118_TITLE, ""):
                offending.append((record["code"], text[:80]))
    assert offending == []
    communes = [p for p in procedures if p["agency"].startswith("ubnd-")]
    assert communes and all(p["receiving_address"].startswith("Trung tâm Phục vụ hành chính công") for p in communes)
    assert "Trung tâm Phục vụ hành chính công phường Xuân Hương - Đà Lạt" in json.dumps(procedures, ensure_ascii=False)


def test_agencies_and_news_name_the_communes_centre():
    for path, key in ((AGENCIES_PATH, "agencies"), (NEWS_PATH, "news")):
        texts = list(_strings(_load(path, key)))
        assert not [t for t in texts if "Bộ phận Một cửa" in t.replace(DECREE_118_TITLE, "")], path


def test_no_superseded_legal_basis(procedures):
    cited = [(p["code"], b["number"]) for p in procedures for b in p["legal_bases"] if b["number"] in SUPERSEDED]
    assert cited == []
    in_text = [
        (p["code"], number)
        for p in procedures
        for text in _strings({k: v for k, v in p.items() if k != "legal_bases"})
        for number in SUPERSEDED
        if number in text
    ]
    assert in_text == []


#: (agency, field) → ministry codes that cannot have published its procedures
WRONG_MINISTRY = {
    ("cong-an-tinh", "ly-lich-tu-phap"): {"BTP"},
    ("syt", "an-toan-thuc-pham"): {"BCT"},
    ("snnmt", "an-toan-thuc-pham"): {"BCT"},
    ("sxd", "duong-bo"): {"BCA", "BGTVT"},
    ("bhxh-tinh", "lao-dong"): {"BNV", "BLĐTBXH"},
}


def test_decisions_come_from_the_competent_ministry(procedures):
    wrong = []
    for record in procedures:
        issuer = re.search(r"/QĐ-([A-ZĐ]+)", record["decision_number"])
        if issuer and issuer.group(1) in WRONG_MINISTRY.get((record["agency"], record["field"]), ()):
            wrong.append((record["code"], record["decision_number"]))
    assert wrong == []


def test_replacements_are_cited(by_code):
    def numbers(code):
        return [b["number"] for b in by_code[code]["legal_bases"]]

    assert {"74/2025/QH15", "374/2025/NĐ-CP"} <= set(numbers("1.014748"))
    assert "219/2025/NĐ-CP" in numbers("1.014199")


def test_decree_118_comes_with_its_amendment(procedures):
    missing = [
        p["code"]
        for p in procedures
        if "118/2025/NĐ-CP" in (numbers := [b["number"] for b in p["legal_bases"]]) and "367/2025/NĐ-CP" not in numbers
    ]
    assert missing == []


def test_invented_runs_are_marked_demo_records(by_code):
    for prefix, low, high in INVENTED_RUNS:
        for number in range(low, high + 1):
            code = f"{prefix}.{number:06d}"
            if code in by_code:
                assert by_code[code].get("demo_record") is True, code


def test_demo_flag_and_keyword_go_together(procedures):
    wrong = []
    for record in procedures:
        flagged = record.get("demo_record", False)
        if flagged not in (True, False) or ("demo_record" in record and flagged is not True):
            wrong.append((record["code"], "flag must be true when present"))
        tagged = DEMO_RECORD_KEYWORD in [word.strip() for word in record["keywords"].split(",")]
        if flagged != tagged:
            wrong.append((record["code"], flagged, tagged))
    assert wrong == []


@pytest.fixture
def demo_pair(db):
    """A demo record (1.012800) and a verified one (3.000333), loaded as
    ``load_demo_catalogue`` loads them."""
    sections = demo.ensure_site_tree()
    demo.load_agencies(sections["co-quan"], demo._read_json(AGENCIES_PATH, "agencies"))
    demo.load_fields(sections["linh-vuc"], demo._read_json(FIELDS_PATH, "fields"))
    report = demo.import_demo_procedures(PROCEDURES_PATH, codes=["1.012800", "3.000333"])
    assert report.ok, report.lines()
    from content.models import ProcedurePage

    return {p.code: p for p in ProcedurePage.objects.filter(code__in=["1.012800", "3.000333"])}


def test_sheet_says_a_demo_record_is_illustrative(client, demo_pair):
    demo_page = client.get(demo_pair["1.012800"].url)
    assert demo_page.status_code == 200
    assert "Bản ghi minh họa" in demo_page.content.decode()
    real_page = client.get(demo_pair["3.000333"].url)
    assert real_page.status_code == 200
    html = real_page.content.decode()
    assert "Bản ghi minh họa" not in html
    assert "Công an tỉnh Lâm Đồng" in html
    english = client.get(demo_pair["1.012800"].url + "?lang=en").content.decode()
    assert "Illustrative record" in english


def test_pdf_sheet_says_a_demo_record_is_illustrative(client, demo_pair):
    from .test_pdf import pdf_text

    demo_pdf = client.get(demo_pair["1.012800"].url + "pdf/")
    assert demo_pdf.status_code == 200
    assert "Bản ghi minh họa" in "\n".join(pdf_text(demo_pdf.content))
    real_pdf = client.get(demo_pair["3.000333"].url + "pdf/")
    assert real_pdf.status_code == 200
    assert "Bản ghi minh họa" not in "\n".join(pdf_text(real_pdf.content))
