"""Cases of the demo catalogue's dossier components.

``python -m content.demo_catalogue.flag_cases`` lists the components of the
online procedures whose wording says "trường hợp", "nếu" or "đối với" but
that carry no case (``case_group``), each with what this file decides for it;
``--apply`` writes the decisions (``CASE_FIXES``) into ``procedures.json``,
keeping its formatting and order (indent 1, UTF-8 as is), so that the diff
shows only the changed values.

A wording such as "trừ trường hợp đã có thông tin trong Cơ sở dữ liệu" or
"chứng minh thuộc trường hợp …" describes the document itself and stays
common to every applicant; only a document needed in a situation the citizen
can be in or not becomes a case.
"""

import json
import re
import sys

from content.demo_catalogue import PROCEDURES_PATH

ONLINE_LEVELS = ("full", "partial")
FLAG_WORDS = re.compile(r"trường hợp|\bnếu\b|đối với", re.IGNORECASE)

#: (procedure code, start of the component name) -> changes
CASE_FIXES = {
    ("1.012250", "Bản gốc giấy phép hành nghề đã được cấp"): {
        "case_group": "Trường hợp giấy phép bị hư hỏng, sai sót",
        "required": True,
    },
    ("1.001653", "Giấy xác nhận khuyết tật cũ"): {
        "case_group": "Trường hợp đổi Giấy xác nhận khuyết tật",
        "required": True,
    },
    ("1.012506", "Thẻ bảo hiểm y tế cũ"): {"case_group": "Trường hợp đổi thẻ", "required": True},
    ("1.010724", "Bản sao báo cáo nghiên cứu khả thi"): {
        "case_group": "Trường hợp dự án chưa đánh giá tác động môi trường",
        "required": True,
    },
    # "(nếu có)": not every applicant has one
    ("1.012788", "Tờ khai lệ phí trước bạ, tờ khai thuế thu nhập cá nhân"): {"required": False},
}


def _matches(key, code, component):
    return key[0] == code and component["name"].startswith(key[1])


def flagged(procedures):
    """``[(code, index, component)]`` of online components that say they
    depend on a case but carry none."""
    rows = []
    for procedure in procedures:
        if procedure.get("online_level") not in ONLINE_LEVELS:
            continue
        for index, component in enumerate(procedure["components"]):
            if not component.get("case_group") and FLAG_WORDS.search(component["name"]):
                rows.append((procedure["code"], index, component))
    return rows


def apply_fixes(procedures):
    """Apply ``CASE_FIXES``; returns how many components changed."""
    changed = 0
    for procedure in procedures:
        for component in procedure["components"]:
            for key, changes in CASE_FIXES.items():
                if _matches(key, procedure["code"], component):
                    for field, value in changes.items():
                        if component.get(field) != value:
                            component[field] = value
                            changed += 1
    return changed


def main(argv):
    text = PROCEDURES_PATH.read_text(encoding="utf-8")
    data = json.loads(text)
    procedures = data["procedures"]
    for code, index, component in flagged(procedures):
        decided = next((c for k, c in CASE_FIXES.items() if _matches(k, code, component)), None)
        verdict = f"→ {decided}" if decided else "→ chung (mô tả chính giấy tờ)"
        sys.stdout.write(f"{code} #{index + 1}: {component['name'][:110]} {verdict}\n")
    if "--apply" in argv:
        changed = apply_fixes(procedures)
        PROCEDURES_PATH.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        sys.stdout.write(f"{changed} giá trị đã sửa.\n")


if __name__ == "__main__":
    main(sys.argv[1:])
