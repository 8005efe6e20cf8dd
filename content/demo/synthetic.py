"""Synthetic procedures for load tests and search benchmarks.

A province publishes 700–1,200 procedures; the demo catalogue has about fifty.
``generate_procedures(n)`` makes ``n`` more records in the same interchange
format (``portal.procedures/1``), deterministic for a given seed, that refer
only to the demo agencies and fields and borrow their vocabulary, steps,
dossier components and legal bases from the demo procedures, so that search
indexes and pages see realistic Vietnamese text and realistic sizes.

Synthetic records are easy to tell apart and to delete: their codes are
``2.9NNNNN.SYN`` (``NNNNN`` the running number), their slugs end in
``-synNNNNN`` and their summary says they are simulated.

Command line (writes the JSON document to standard output)::

    python -m content.demo.synthetic 1000 --seed 7 > /tmp/catalogue-1000.json
"""
import argparse
import json
import random
import sys

from anyascii import anyascii
from django.utils.text import slugify

from . import FORMATS, agencies as demo_agencies, fields as demo_fields, procedures as demo_procedures

DEFAULT_SEED = 20250701
MAX_NUMBER = 99_999
CODE_TEMPLATE = "2.9{number:05d}.SYN"

ACTIONS = (
    "Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh", "Thu hồi", "Xác nhận", "Đăng ký",
    "Thông báo", "Công nhận", "Phê duyệt", "Chấm dứt", "Đăng ký thay đổi", "Cấp bản sao",
)

# What the actions apply to, per demo field (lĩnh vực).
OBJECTS = {
    "ho-tich": ("việc nuôi con nuôi trong nước", "thông tin hộ tịch đã đăng ký", "việc giám hộ", "trích lục hộ tịch",
                "việc ly hôn đã giải quyết ở nước ngoài", "việc nhận cha, mẹ, con có yếu tố nước ngoài"),
    "chung-thuc": ("hợp đồng, giao dịch liên quan đến tài sản là động sản", "văn bản thỏa thuận phân chia di sản",
                   "văn bản khai nhận di sản", "chữ ký người dịch", "việc sửa lỗi sai sót trong hợp đồng đã được chứng thực"),
    "cu-tru": ("thông tin về cư trú", "nơi cư trú của người chưa thành niên", "thông tin hộ gia đình",
               "chỗ ở hợp pháp để đăng ký cư trú"),
    "ly-lich-tu-phap": ("Phiếu lý lịch tư pháp theo yêu cầu của cơ quan tiến hành tố tụng",
                        "Phiếu lý lịch tư pháp theo yêu cầu của cơ quan nhà nước"),
    "can-cuoc": ("giấy chứng nhận căn cước", "thông tin trong Cơ sở dữ liệu quốc gia về dân cư",
                 "tài khoản định danh điện tử của tổ chức", "số chứng minh nhân dân 9 số"),
    "duong-bo": ("giấy phép lái xe quốc tế", "chứng nhận đăng ký xe", "biển số xe", "giấy phép đào tạo lái xe",
                 "giấy phép xe tập lái"),
    "ho-kinh-doanh": ("địa điểm kinh doanh của hộ kinh doanh", "ngành, nghề kinh doanh của hộ kinh doanh",
                      "việc tạm ngừng kinh doanh của hộ kinh doanh"),
    "doanh-nghiep": ("chi nhánh, văn phòng đại diện", "người đại diện theo pháp luật của doanh nghiệp",
                     "vốn điều lệ của công ty", "địa điểm kinh doanh của doanh nghiệp", "việc giải thể doanh nghiệp",
                     "công ty cổ phần", "doanh nghiệp xã hội"),
    "dat-dai": ("quyền sử dụng đất", "thửa đất có diện tích tăng thêm", "ranh giới thửa đất",
                "mục đích sử dụng đất", "thời hạn sử dụng đất", "Giấy chứng nhận đã cấp có sai sót"),
    "bien-phap-bao-dam": ("biện pháp bảo đảm bằng quyền sử dụng đất", "thông báo xử lý tài sản bảo đảm",
                          "thế chấp tài sản gắn liền với đất hình thành trong tương lai"),
    "xay-dung": ("giấy phép xây dựng công trình", "giấy phép di dời công trình", "giấy phép sửa chữa, cải tạo nhà ở",
                 "chứng chỉ hành nghề hoạt động xây dựng", "giấy phép xây dựng có thời hạn"),
    "bao-tro-xa-hoi": ("hỗ trợ chi phí mai táng", "trợ giúp xã hội khẩn cấp", "hỗ trợ kinh phí nhận chăm sóc, nuôi dưỡng",
                       "cơ sở trợ giúp xã hội ngoài công lập", "chính sách trợ giúp xã hội đối với trẻ em"),
    "viec-lam": ("hỗ trợ học nghề", "tạm dừng hưởng trợ cấp thất nghiệp", "giấy phép lao động cho người nước ngoài",
                 "chuyển hưởng trợ cấp thất nghiệp"),
    "kham-chua-benh": ("giấy phép hoạt động phòng khám", "giấy phép hành nghề", "phạm vi hoạt động chuyên môn",
                       "danh mục kỹ thuật của cơ sở khám bệnh, chữa bệnh"),
    "van-bang": ("văn bằng tốt nghiệp", "nội dung văn bằng, chứng chỉ", "văn bằng do cơ sở nước ngoài cấp",
                 "chứng chỉ ngoại ngữ"),
    # Fields that other catalogues use (``field_codes=``) but the demo files do not.
    "thuong-mai": ("giấy phép bán lẻ rượu", "giấy phép bán lẻ sản phẩm thuốc lá", "giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG",
                   "giấy phép kinh doanh bán buôn rượu"),
    "an-toan-thuc-pham": ("giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "bản tự công bố sản phẩm thực phẩm",
                          "giấy xác nhận nội dung quảng cáo thực phẩm"),
    "giao-duc": ("hoạt động giáo dục của trường mầm non tư thục", "việc chuyển trường của học sinh trung học phổ thông",
                 "trung tâm ngoại ngữ, tin học", "hỗ trợ chi phí học tập"),
    "y-te": ("giấy phép hoạt động phòng khám", "giấy phép hành nghề", "giấy chứng nhận đủ điều kiện kinh doanh dược",
             "chứng chỉ hành nghề dược"),
    "lao-dong": ("giấy phép lao động cho người nước ngoài", "nội quy lao động", "thỏa ước lao động tập thể",
                 "hưởng trợ cấp thất nghiệp"),
    "moi-truong": ("giấy phép môi trường", "kế hoạch bảo vệ môi trường", "giấy phép khai thác nước dưới đất",
                   "phương án cải tạo, phục hồi môi trường"),
    "van-hoa": ("giấy phép kinh doanh dịch vụ karaoke", "giấy phép tổ chức lễ hội", "giấy phép triển lãm mỹ thuật",
                "hoạt động của cơ sở lưu trú du lịch"),
}
COMMUNE_AGENCY_PREFIXES = ("ubnd-", "cong-an-xa")
# Demo field whose sample procedures lend steps and components to a field the demo files lack.
FIELD_SAMPLES = {
    "thuong-mai": "ho-kinh-doanh", "an-toan-thuc-pham": "ho-kinh-doanh", "van-hoa": "ho-kinh-doanh",
    "giao-duc": "van-bang", "y-te": "kham-chua-benh", "lao-dong": "viec-lam", "moi-truong": "dat-dai",
}
QUALIFIERS = (
    "", "", "", " đối với tổ chức", " đối với hộ gia đình, cá nhân", " cho người nước ngoài",
    " trong khu công nghiệp", " trên địa bàn tỉnh", " theo yêu cầu của cơ quan nhà nước",
    " do bị mất, hư hỏng", " khi có thay đổi thông tin",
)
PROCESSING_DAYS = (None, 1, 1, 3, 3, 5, 7, 10, 15, 20, 0.5)
FEES = (0, 0, 0, 10000, 20000, 50000, 100000, 150000, 200000, 500000)
ONLINE_LEVELS = ("information", "partial", "partial", "full", "full")


class SyntheticCatalogue:
    """Draws records from the vocabulary of the demo catalogue."""

    def __init__(self, seed=DEFAULT_SEED, fields=None, agencies=None, samples=None, field_codes=None, agency_codes=None):
        self.random = random.Random(seed)
        fields = list(fields if fields is not None else demo_fields())
        agencies = list(agencies if agencies is not None else demo_agencies())
        samples = list(samples if samples is not None else demo_procedures())
        self.field_names = {f["code"]: f["name"] for f in fields}
        if field_codes is not None:
            self.field_codes = sorted(set(field_codes))
        else:
            self.field_codes = [f["code"] for f in fields if f["code"] in OBJECTS] or [f["code"] for f in fields]
        levels = {a["code"]: a["level"] for a in agencies if a.get("kind") != "service_center"}
        if agency_codes is not None:
            levels = {
                code: levels.get(code, "commune" if code.startswith(COMMUNE_AGENCY_PREFIXES) else "province")
                for code in sorted(set(agency_codes))
            }
        self.agencies_by_level = {}
        for code, level in levels.items():
            self.agencies_by_level.setdefault(level, []).append(code)
        self.samples_by_field = {}
        for record in samples:
            self.samples_by_field.setdefault(record["field"], []).append(record)
        self.samples = samples
        if not self.field_codes or not self.agencies_by_level or not samples:
            raise ValueError("Cần ít nhất một lĩnh vực, một cơ quan và một thủ tục mẫu để sinh dữ liệu.")

    def record(self, number):
        rnd = self.random
        field = rnd.choice(self.field_codes)
        sample = rnd.choice(
            self.samples_by_field.get(field) or self.samples_by_field.get(FIELD_SAMPLES.get(field)) or self.samples
        )
        level = sample["level"] if sample["level"] in self.agencies_by_level else rnd.choice(sorted(self.agencies_by_level))
        action = rnd.choice(ACTIONS)
        subject = rnd.choice(OBJECTS.get(field, ("thủ tục hành chính",)))
        name = f"{action} {subject}{rnd.choice(QUALIFIERS)}"
        code = CODE_TEMPLATE.format(number=number)
        online_level = rnd.choice(ONLINE_LEVELS)
        processing_days = rnd.choice(PROCESSING_DAYS)
        fee = rnd.choice(FEES)
        time_text = (
            f"{_days_text(processing_days)} kể từ ngày nhận đủ hồ sơ hợp lệ"
            if processing_days is not None
            else "Theo quy định của pháp luật chuyên ngành"
        )
        fee_text = f"{fee:,} đồng/hồ sơ".replace(",", ".") if fee else "Không thu phí, lệ phí"
        methods = [dict(m, processing_time=time_text, fee=fee_text) for m in sample["methods"]]
        if online_level == "information":
            methods = [m for m in methods if m["method"] != "online"] or methods[:1]
        coordinating = []
        if rnd.random() < 0.15:
            others = [c for codes in self.agencies_by_level.values() for c in codes]
            coordinating = sorted(set(rnd.sample(others, k=min(2, len(others)))))
        agency = rnd.choice(self.agencies_by_level[level])
        coordinating = [c for c in coordinating if c != agency]
        components = rnd.sample(sample["components"], k=rnd.randint(1, len(sample["components"])))
        legal_bases = rnd.sample(sample["legal_bases"], k=rnd.randint(1, len(sample["legal_bases"])))
        keywords = [subject, f"{action.lower()} {subject}", self.field_names.get(field, "").lower()]
        return {
            "code": code,
            "name": name,
            "slug": f"{slugify(anyascii(name))[:60].strip('-')}-syn{number:05d}",
            "decision_number": "",
            "level": level,
            "procedure_type": sample["procedure_type"],
            "field": field,
            "agency": agency,
            "coordinating_agencies": coordinating,
            "competent_agency": "",
            "authorised_agency": "",
            "applicants": sorted(rnd.sample(("citizen", "organisation", "enterprise"), k=rnd.randint(1, 3)),
                                 key=("citizen", "organisation", "enterprise").index),
            "applicants_note": "",
            "summary": f"Thủ tục mô phỏng số {number} dùng để đo hiệu năng: {name[0].lower()}{name[1:]}.",
            "steps": [dict(step) for step in sample["steps"]],
            "methods": methods,
            "components": [dict(c) for c in components],
            "processing_days": processing_days,
            "processing_time_note": time_text,
            "fee_vnd": fee,
            "fee_description": fee_text + ".",
            "result": f"Văn bản trả lời kết quả: {name[0].lower()}{name[1:]}.",
            "conditions": "",
            "receiving_address": sample["receiving_address"],
            "online_level": online_level,
            "keywords": ", ".join(k for k in dict.fromkeys(keywords) if k),
            "legal_bases": [dict(lb) for lb in legal_bases],
        }


def generate_procedures(count, *, seed=DEFAULT_SEED, start=1, fields=None, agencies=None, samples=None,
                        field_codes=None, agency_codes=None):
    """``count`` synthetic procedure records numbered from ``start``.

    The same arguments always give the same records. ``fields``,
    ``agencies`` and ``samples`` (lists of interchange records) default to the
    demo catalogue files. ``field_codes`` / ``agency_codes`` restrict the
    records to the fields and agencies that exist in a given database (e.g.
    ``FieldPage.objects.values_list("code", flat=True)``); unknown agency
    codes count as commune agencies when they start with ``ubnd-`` or
    ``cong-an-xa``, else as provincial ones.
    """
    if isinstance(count, bool) or not isinstance(count, int) or isinstance(start, bool) or not isinstance(start, int):
        raise ValueError("Số lượng và số bắt đầu phải là số nguyên.")
    if count < 0 or start < 1 or start + count - 1 > MAX_NUMBER:
        raise ValueError(f"Số thứ tự thủ tục mô phỏng phải nằm trong khoảng 1–{MAX_NUMBER}.")
    catalogue = SyntheticCatalogue(
        seed=seed, fields=fields, agencies=agencies, samples=samples, field_codes=field_codes, agency_codes=agency_codes
    )
    return [catalogue.record(number) for number in range(start, start + count)]


def generate_document(count, **kwargs):
    """A complete ``portal.procedures/1`` document of synthetic records."""
    return {"format": FORMATS["procedures"], "procedures": generate_procedures(count, **kwargs)}


def main(argv=None, stdout=None):
    parser = argparse.ArgumentParser(description="Sinh danh mục thủ tục mô phỏng (định dạng portal.procedures/1).")
    parser.add_argument("count", type=int, help="số thủ tục cần sinh")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--start", type=int, default=1, help="số thứ tự đầu tiên (mã 2.9NNNNN.SYN)")
    args = parser.parse_args(argv)
    try:
        document = generate_document(args.count, seed=args.seed, start=args.start)
    except ValueError as exc:
        parser.error(str(exc))
    out = stdout or sys.stdout
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return 0


def _days_text(days):
    if days == 0.5:
        return "Trong ngày làm việc"
    return f"{int(days):02d} ngày làm việc"


if __name__ == "__main__":  # pragma: no cover - exercised through main() in tests
    sys.exit(main())
