"""The catalogue the sandbox serves: the demo catalogue in the national
database's record structure, with three changes a refresh must notice (one
decision number changed, one procedure added, one withdrawn)."""

import copy
import json
from functools import lru_cache
from pathlib import Path

import content.demo_catalogue

DATA = Path(content.demo_catalogue.__file__).resolve().parent / "data"
LEVELS = {"central": "Cấp Trung ương", "province": "Cấp Tỉnh", "district": "Cấp Huyện", "commune": "Cấp Xã"}
CHANNELS = {"in_person": "Trực tiếp", "online": "Trực tuyến", "postal": "Dịch vụ bưu chính công ích"}
APPLICANTS = {"citizen": "Công dân", "organisation": "Tổ chức", "enterprise": "Doanh nghiệp"}

CHANGED_CODE = "1.001193"
CHANGED_DECISION = "Quyết định số 2650/QĐ-BTP ngày 20/10/2026 (sandbox)"
WITHDRAWN_CODE = "1.001033"
ADDED_CODE = "1.999901"


def _load(name):
    """The records of a demo data file (``{"format", "<name>": [...]}``)."""
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    return data[name.removesuffix(".json")] if isinstance(data, dict) else data


def _date(iso):
    if not iso:
        return ""
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def national_record(item, agencies, fields):
    """One portal exchange record in the national structure."""
    agency = agencies.get(item.get("agency") or "")
    field = fields.get(item.get("field") or "")
    return {
        "MATTHC": item["code"],
        "TENTTHC": item["name"],
        "SOQUYETDINH": item.get("decision_number", ""),
        "CAPTHUCHIEN": LEVELS.get(item.get("level", "province"), "Cấp Tỉnh"),
        "TRANGTHAI": "Đang áp dụng",
        "LINHVUCTHUCHIEN": [{"MALINHVUC": field["code"], "TENLINHVUC": field["name"]}] if field else [],
        "COQUANTHUCHIEN": (
            [{"MADONVI": agency.get("receiving_unit_code") or agency["code"], "TENDONVI": agency["name"]}]
            if agency
            else []
        ),
        "COQUANCOTHAMQUYEN": item.get("competent_agency", ""),
        "COQUANDUOCUYQUYEN": item.get("authorised_agency", ""),
        "DOITUONGTHUCHIEN": [APPLICANTS[a] for a in item.get("applicants", []) if a in APPLICANTS],
        "MOTADOITUONGTHUCHIEN": item.get("applicants_note", ""),
        "YEUCAU": item.get("conditions", ""),
        "KETQUATHUCHIEN": [{"TENKETQUA": item["result"]}] if item.get("result") else [],
        "TRINHTUTHUCHIEN": [
            {
                "TRUONGHOP": "",
                "TRINHTU": [
                    {"TENTRINHTU": s["title"], "MOTA": s.get("description", "")} for s in item.get("steps", [])
                ],
            }
        ]
        if item.get("steps")
        else [],
        "CACHTHUCTHUCHIEN": [
            {
                "KENH": CHANNELS.get(m["method"], m["method"]),
                "THOIGIAN": [{"MOTA": m.get("processing_time", ""), "PHILEPHI": [{"MOTA": m.get("fee", "")}]}],
                "MOTA": m.get("description", ""),
            }
            for m in item.get("methods", [])
        ],
        "THANHPHANHOSO": _components(item.get("components", [])),
        "CANCUPHAPLY": [
            {
                "SOVANBAN": b.get("number", ""),
                "TENVANBAN": b.get("title", ""),
                "NGAYBANHANH": _date(b.get("issued_on", "")),
                "COQUANBANHANH": b.get("issuer", ""),
            }
            for b in item.get("legal_bases", [])
        ],
    }


def _components(components):
    """Documents grouped by case (TRUONGHOP), consecutive runs kept in order."""
    cases = []
    for c in components:
        case = c.get("case_group", "")
        if not cases or cases[-1]["TRUONGHOP"] != case:
            cases.append({"TRUONGHOP": case, "GIAYTO": []})
        cases[-1]["GIAYTO"].append(
            {
                "TENGIAYTO": c["name"],
                "TENMAUDON": c.get("template_name", ""),
                "SOBANCHINH": c.get("originals", 1),
                "SOBANSAO": c.get("copies", 0),
            }
        )
    return cases


@lru_cache(maxsize=1)
def _feed():
    agencies = {a["code"]: a for a in _load("agencies.json")}
    fields = {f["code"]: f for f in _load("fields.json")}
    records = [national_record(item, agencies, fields) for item in _load("procedures.json")]
    for record in records:
        if record["MATTHC"] == CHANGED_CODE:
            record["SOQUYETDINH"] = CHANGED_DECISION
        if record["MATTHC"] == WITHDRAWN_CODE:
            record["TRANGTHAI"] = "Đã bãi bỏ"
    template = next(r for r in records if r["MATTHC"] == CHANGED_CODE)
    added = copy.deepcopy(template)
    added.update(
        {
            "MATTHC": ADDED_CODE,
            "TENTTHC": "Thủ tục minh họa do sandbox Cổng Dịch vụ công quốc gia thêm (bản ghi minh họa)",
            "SOQUYETDINH": CHANGED_DECISION,
        }
    )
    records.append(added)
    return records


def catalogue_feed():
    """A fresh copy of the feed (callers may change it)."""
    return copy.deepcopy(_feed())
