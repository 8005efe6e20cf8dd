"""Synthetic procedures for benchmarks, in the ``portal.procedures/1`` record format.

``generate_procedures(n)`` returns ``n`` plausible, Vietnamese-named procedure
records (same keys and types as ``data/procedures.json``); ``iter_procedures``
streams them. Output is deterministic for a given ``seed`` and fast (pure
Python, no Django): tens of thousands of records take about a second.

Codes never collide with the real demo catalogue: they live in the ``x.9xxxxx``
blocks (the national database has not reached ``.9``), cycling through the
level digits 2, 1, 3; past 300,000 records a suffix ``.S<k>`` is added
(``2.900000.S1``). Codes depend only on the record's index (plus ``start``),
so re-generating the same ``n`` yields the same codes: loading twice updates
instead of duplicating. Pass ``start`` to make a disjoint second batch.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Sequence
from functools import cache

from ..text import fold
from . import AGENCIES_PATH, FIELDS_PATH

__all__ = ["generate_procedures", "iter_procedures", "synthetic_code", "CODE_RE"]

CODE_RE = re.compile(r"^[1-3]\.\d{6}(\.[A-Z0-9]{1,10})?$")
_BLOCK = 100_000
_PREFIXES = ("2", "1", "3")

# verb groups: which verbs make sense for which kind of object
_V_PERMIT = ("Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh", "Cấp sửa đổi, bổ sung", "Thu hồi")
_V_CERT = ("Cấp", "Cấp lại", "Cấp đổi", "Công nhận", "Điều chỉnh", "Thu hồi")
_V_REG = ("Đăng ký", "Đăng ký lại", "Đăng ký thay đổi nội dung", "Xóa đăng ký", "Thông báo")
_V_DECIDE = ("Thẩm định", "Phê duyệt", "Xác nhận", "Giải quyết", "Hỗ trợ", "Thẩm định, phê duyệt")

# field code -> list of (verb group, object, colloquial keywords)
_OBJECTS: dict[str, list[tuple[tuple[str, ...], str, str]]] = {
    "ho-tich": [
        (_V_REG, "khai sinh cho trẻ em sinh ra ở nước ngoài", "khai sinh con ở nước ngoài, giấy khai sinh"),
        (_V_REG, "nuôi con nuôi trong nước", "xin con nuôi, nhận con nuôi"),
        (_V_REG, "việc giám hộ có yếu tố nước ngoài", "giám hộ, người giám hộ"),
        (
            _V_CERT,
            "Giấy xác nhận tình trạng hôn nhân cho người cư trú ở nước ngoài",
            "giấy độc thân, xác nhận độc thân",
        ),
        (_V_REG, "việc nhận cha, mẹ, con có yếu tố nước ngoài", "nhận con, nhận cha"),
        (_V_CERT, "bản sao trích lục khai tử", "trích lục khai tử, giấy chứng tử"),
    ],
    "chung-thuc": [
        (
            ("Chứng thực",),
            "chữ ký người dịch không phải là cộng tác viên dịch thuật",
            "công chứng bản dịch, dịch thuật",
        ),
        (("Chứng thực",), "văn bản từ chối nhận di sản", "từ chối thừa kế, chứng thực"),
        (
            ("Chứng thực", "Chứng thực việc sửa đổi, bổ sung, hủy bỏ"),
            "hợp đồng ủy quyền",
            "giấy ủy quyền, công chứng ủy quyền",
        ),
        (("Cấp",), "bản sao từ sổ gốc", "bản sao sổ gốc, sao y"),
    ],
    "ly-lich-tu-phap": [
        (_V_CERT, "Phiếu lý lịch tư pháp cho người nước ngoài đã cư trú tại Việt Nam", "LLTP, lý lịch tư pháp"),
        (("Thực hiện", "Đề nghị"), "cập nhật thông tin lý lịch tư pháp về án tích", "lý lịch, án tích"),
    ],
    "dat-dai": [
        (_V_CERT, "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", "sổ đỏ, sổ hồng, bìa đỏ"),
        (_V_REG, "biến động đất đai do đổi tên người sử dụng đất", "sang tên sổ đỏ, đổi tên sổ đỏ"),
        (_V_REG, "thế chấp tài sản gắn liền với đất hình thành trong tương lai", "thế chấp, vay ngân hàng"),
        (
            ("Cho phép", "Thẩm định hồ sơ"),
            "chuyển mục đích sử dụng đất trồng cây lâu năm sang đất ở",
            "lên thổ cư, chuyển đất",
        ),
        (("Đăng ký", "Thẩm định hồ sơ"), "tách thửa đất nông nghiệp", "tách sổ, chia đất"),
        (
            ("Quyết định", "Gia hạn", "Điều chỉnh quyết định"),
            "cho thuê đất trả tiền thuê đất hằng năm",
            "thuê đất, đất dự án",
        ),
        (("Tổ chức", "Giải quyết đơn đề nghị"), "hòa giải tranh chấp ranh giới thửa đất", "tranh chấp đất, lấn đất"),
    ],
    "xay-dung": [
        (_V_PERMIT, "giấy phép xây dựng công trình tín ngưỡng, tôn giáo", "giấy phép xây dựng, xin phép xây"),
        (_V_PERMIT, "giấy phép xây dựng công trình quảng cáo", "biển quảng cáo, giấy phép xây dựng"),
        (_V_PERMIT, "giấy phép xây dựng trạm viễn thông", "cột sóng, trạm BTS"),
        (_V_CERT, "chứng chỉ hành nghề giám sát thi công xây dựng", "CCHN, chứng chỉ giám sát"),
        (_V_CERT, "chứng chỉ hành nghề thiết kế kiến trúc", "CCHN kiến trúc sư, chứng chỉ thiết kế"),
        (
            ("Thẩm định", "Thẩm định điều chỉnh"),
            "thiết kế xây dựng công trình nhà chung cư",
            "thẩm định thiết kế, chung cư",
        ),
        (_V_CERT, "giấy chứng nhận quyền sở hữu nhà ở cho người nước ngoài", "sổ hồng chung cư, nhà ở nước ngoài"),
    ],
    "doanh-nghiep": [
        (
            _V_REG,
            "thành lập công ty cổ phần do chuyển đổi từ công ty TNHH",
            "chuyển đổi loại hình, đổi sang công ty cổ phần",
        ),
        (_V_REG, "thay đổi tên doanh nghiệp", "đổi tên công ty"),
        (_V_REG, "hoạt động địa điểm kinh doanh", "mở cửa hàng, địa điểm kinh doanh"),
        (_V_REG, "thay đổi chủ doanh nghiệp tư nhân", "bán doanh nghiệp tư nhân, đổi chủ"),
        (_V_REG, "thay đổi thành viên công ty TNHH hai thành viên trở lên", "chuyển nhượng vốn góp, thêm thành viên"),
        (
            ("Đăng ký", "Thông báo"),
            "chấm dứt hoạt động chi nhánh, văn phòng đại diện",
            "đóng chi nhánh, chấm dứt chi nhánh",
        ),
    ],
    "ho-kinh-doanh": [
        (_V_REG, "hộ kinh doanh kinh doanh ăn uống", "mở quán ăn, giấy phép quán ăn"),
        (_V_REG, "hộ kinh doanh dịch vụ lưu trú homestay", "homestay, nhà nghỉ"),
        (_V_CERT, "Giấy chứng nhận đăng ký hộ kinh doanh", "giấy phép kinh doanh hộ cá thể"),
    ],
    "duong-bo": [
        (_V_PERMIT, "giấy phép lái xe hạng B", "bằng lái ô tô, GPLX, bằng B"),
        (_V_PERMIT, "giấy phép lái xe hạng A1", "bằng lái xe máy, GPLX, bằng A1"),
        (_V_PERMIT, "giấy phép xe tập lái", "xe tập lái, trung tâm đào tạo lái xe"),
        (_V_PERMIT, "giấy phép lưu hành xe quá tải trọng, quá khổ giới hạn", "xe quá tải, xe quá khổ"),
        (_V_CERT, "phù hiệu xe taxi", "phù hiệu taxi, xe kinh doanh"),
        (_V_REG, "xe máy chuyên dùng", "đăng ký xe công trình, biển số xe máy chuyên dùng"),
    ],
    "thuong-mai": [
        (_V_PERMIT, "giấy phép bán lẻ rượu tại chỗ", "bán rượu, giấy phép rượu"),
        (_V_PERMIT, "giấy phép sản xuất rượu công nghiệp", "nhà máy rượu, sản xuất rượu"),
        (_V_PERMIT, "giấy phép bán buôn sản phẩm thuốc lá", "bán thuốc lá, đại lý thuốc lá"),
        (_V_CERT, "Giấy chứng nhận đủ điều kiện thương nhân kinh doanh mua bán LPG", "gas, bình gas, đại lý gas"),
        (
            _V_PERMIT,
            "giấy phép kinh doanh hoạt động mua bán hàng hóa của tổ chức kinh tế có vốn đầu tư nước ngoài",
            "FDI, giấy phép kinh doanh",
        ),
        (
            ("Đăng ký thực hiện", "Thông báo thực hiện", "Đăng ký sửa đổi, bổ sung nội dung"),
            "chương trình khuyến mại",
            "khuyến mãi, chương trình khuyến mại",
        ),
    ],
    "an-toan-thuc-pham": [
        (
            _V_CERT,
            "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất bánh kẹo",
            "giấy ATTP, vệ sinh an toàn thực phẩm",
        ),
        (_V_CERT, "Giấy xác nhận kiến thức về an toàn thực phẩm", "tập huấn ATTP, giấy xác nhận kiến thức"),
        (_V_REG, "bản công bố sản phẩm thực phẩm bảo vệ sức khỏe", "thực phẩm chức năng, công bố sản phẩm"),
        (
            _V_CERT,
            "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với bếp ăn tập thể",
            "bếp ăn tập thể, ATTP",
        ),
    ],
    "cu-tru": [
        (_V_REG, "thường trú cho người chưa thành niên", "nhập hộ khẩu cho con, hộ khẩu"),
        (_V_REG, "tạm trú theo danh sách", "tạm trú công nhân, khai báo tạm trú"),
        (
            ("Giải quyết đề nghị",),
            "điều chỉnh thông tin trong Cơ sở dữ liệu về cư trú",
            "sửa thông tin cư trú, sai thông tin hộ khẩu",
        ),
        (_V_CERT, "Giấy xác nhận thông tin về cư trú", "CT07, xác nhận cư trú"),
    ],
    "bao-tro-xa-hoi": [
        (
            ("Thực hiện", "Điều chỉnh", "Thôi hưởng"),
            "trợ cấp xã hội hằng tháng đối với người cao tuổi",
            "trợ cấp người già, tiền người cao tuổi",
        ),
        (
            ("Giải quyết", "Thôi hưởng"),
            "hỗ trợ kinh phí nhận chăm sóc, nuôi dưỡng trẻ em mồ côi",
            "nuôi trẻ mồ côi, hỗ trợ nuôi dưỡng",
        ),
        (("Thực hiện", "Giải quyết"), "trợ giúp xã hội khẩn cấp về hỗ trợ lương thực", "cứu đói, hỗ trợ gạo"),
        (("Hỗ trợ",), "chi phí điều trị người bị thương nặng do thiên tai", "hỗ trợ người bị thương, thiên tai"),
    ],
    "giao-duc": [
        (
            ("Cho phép", "Sáp nhập, chia, tách", "Giải thể"),
            "thành lập trường mầm non tư thục",
            "mở trường mầm non, trường tư thục",
        ),
        (
            ("Cho phép", "Đình chỉ", "Cho phép hoạt động trở lại"),
            "hoạt động giáo dục đối với trường trung học phổ thông",
            "trường cấp 3, hoạt động giáo dục",
        ),
        (_V_CERT, "chứng chỉ ứng dụng công nghệ thông tin", "chứng chỉ tin học"),
        (
            ("Tổ chức", "Phê duyệt kết quả"),
            "xét tuyển sinh vào lớp 10 trường trung học phổ thông dân tộc nội trú",
            "tuyển sinh lớp 10, trường dân tộc nội trú",
        ),
        (
            ("Xét duyệt chính sách", "Giải quyết"),
            "hỗ trợ học tập đối với học sinh dân tộc thiểu số rất ít người",
            "hỗ trợ học sinh dân tộc",
        ),
    ],
    "y-te": [
        (_V_PERMIT, "giấy phép hoạt động phòng khám chuyên khoa răng hàm mặt", "mở phòng khám nha khoa, nha khoa"),
        (_V_PERMIT, "giấy phép hoạt động cơ sở dịch vụ thẩm mỹ", "spa, thẩm mỹ viện"),
        (_V_PERMIT, "giấy phép hành nghề khám bệnh, chữa bệnh đối với chức danh lương y", "lương y, thầy thuốc đông y"),
        (_V_CERT, "Giấy chứng nhận đủ điều kiện kinh doanh dược đối với quầy thuốc", "quầy thuốc, mở hiệu thuốc"),
        (_V_CERT, "phiếu tiếp nhận hồ sơ công bố sản phẩm mỹ phẩm", "mỹ phẩm, công bố mỹ phẩm"),
    ],
    "lao-dong": [
        (_V_PERMIT, "giấy phép hoạt động dịch vụ việc làm", "trung tâm giới thiệu việc làm"),
        (_V_PERMIT, "giấy phép hoạt động cho thuê lại lao động", "cho thuê lao động"),
        (
            ("Giải quyết", "Xét duyệt"),
            "hỗ trợ học nghề cho người lao động đang hưởng trợ cấp thất nghiệp",
            "học nghề, thất nghiệp",
        ),
        (
            ("Giải quyết", "Điều chỉnh", "Thôi hưởng"),
            "chế độ ưu đãi đối với thân nhân liệt sĩ",
            "thân nhân liệt sĩ, người có công",
        ),
        (_V_CERT, "Bằng Tổ quốc ghi công", "bằng tổ quốc ghi công, liệt sĩ"),
    ],
    "moi-truong": [
        (_V_PERMIT, "giấy phép xả nước thải vào nguồn nước", "xả thải, nước thải"),
        (_V_PERMIT, "giấy phép thăm dò khoáng sản làm vật liệu xây dựng thông thường", "khai thác cát, đá, khoáng sản"),
        (
            ("Thẩm định, phê duyệt", "Điều chỉnh"),
            "phương án cải tạo, phục hồi môi trường trong khai thác khoáng sản",
            "phục hồi môi trường, ký quỹ",
        ),
        (_V_PERMIT, "giấy phép khai thác, sử dụng nước mặt", "khai thác nước mặt, hồ chứa"),
    ],
    "van-hoa": [
        (_V_PERMIT, "giấy phép kinh doanh dịch vụ lữ hành nội địa", "công ty du lịch, lữ hành"),
        (_V_PERMIT, "giấy phép tổ chức triển lãm mỹ thuật", "triển lãm tranh, trưng bày"),
        (_V_PERMIT, "giấy phép kinh doanh dịch vụ karaoke", "karaoke, quán hát"),
        (_V_CERT, "danh hiệu “Gia đình văn hóa”", "gia đình văn hóa, danh hiệu"),
        (("Chấp thuận", "Thông báo"), "tổ chức cuộc thi người đẹp, người mẫu", "thi hoa hậu, người mẫu"),
        (_V_PERMIT, "giấy phép xuất bản bản tin", "bản tin, xuất bản"),
    ],
}
_GENERIC = [
    (_V_PERMIT, "giấy phép hoạt động chuyên ngành", "giấy phép"),
    (_V_CERT, "giấy chứng nhận đủ điều kiện kinh doanh", "giấy chứng nhận, điều kiện kinh doanh"),
    (_V_REG, "thông tin hoạt động", "đăng ký, thông báo"),
    (("Giải quyết", "Thẩm định"), "hồ sơ đề nghị hỗ trợ", "hỗ trợ, trợ cấp"),
]
_QUALIFIERS = (
    "",
    "",
    "",
    "",
    "",
    " đối với tổ chức",
    " cho cá nhân",
    " trên địa bàn xã, phường",
    " thuộc thẩm quyền cấp tỉnh",
    " theo hình thức trực tuyến",
    " tại khu vực biên giới",
    " đối với doanh nghiệp nhỏ và vừa",
)
# extra qualifiers that only fit permits and certificates
_DOC_QUALIFIERS = _QUALIFIERS + (
    " trong trường hợp bị mất, hỏng",
    " do thay đổi thông tin",
    " khi hết thời hạn",
    " có yếu tố nước ngoài",
)
# natural implementing agencies per field (filtered by what exists)
_FIELD_AGENCIES = {
    "ho-tich": ("ubnd-xuan-huong", "ubnd-lang-biang", "ubnd-xa-lac-duong", "ubnd-lam-vien"),
    "chung-thuc": ("ubnd-xuan-huong", "ubnd-lang-biang", "ubnd-xa-lac-duong", "ubnd-lam-vien", "stp"),
    "ly-lich-tu-phap": ("stp",),
    "dat-dai": ("vpdkdd", "snnmt", "ubnd-xuan-huong", "ubnd-lam-vien"),
    "xay-dung": ("sxd", "ubnd-lam-vien", "ubnd-xuan-huong"),
    "doanh-nghiep": ("stc",),
    "ho-kinh-doanh": ("ubnd-lam-vien", "ubnd-lang-biang", "ubnd-xa-lac-duong"),
    "duong-bo": ("cong-an-tinh", "sxd"),
    "thuong-mai": ("sct", "ubnd-xuan-huong"),
    "an-toan-thuc-pham": ("sct", "syt", "snnmt"),
    "cu-tru": ("cong-an-tinh",),
    "bao-tro-xa-hoi": ("ubnd-xuan-huong", "ubnd-xa-lac-duong", "syt"),
    "giao-duc": ("sgddt", "ubnd-lam-vien"),
    "y-te": ("syt",),
    "lao-dong": ("snv", "bhxh-tinh"),
    "moi-truong": ("snnmt", "ubnd-lang-biang"),
    "van-hoa": ("svhttdl", "ubnd-xuan-huong"),
}
_LEGAL = {
    "ho-tich": ("60/2014/QH13", "Luật Hộ tịch", "2014-11-20", "Quốc hội"),
    "chung-thuc": (
        "23/2015/NĐ-CP",
        "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký "
        "và chứng thực hợp đồng, giao dịch",
        "2015-02-16",
        "Chính phủ",
    ),
    "ly-lich-tu-phap": ("28/2009/QH12", "Luật Lý lịch tư pháp", "2009-06-17", "Quốc hội"),
    "dat-dai": ("31/2024/QH15", "Luật Đất đai", "2024-01-18", "Quốc hội"),
    "xay-dung": ("50/2014/QH13", "Luật Xây dựng", "2014-06-18", "Quốc hội"),
    "doanh-nghiep": ("168/2025/NĐ-CP", "Nghị định về đăng ký doanh nghiệp", "2025-06-30", "Chính phủ"),
    "ho-kinh-doanh": ("168/2025/NĐ-CP", "Nghị định về đăng ký doanh nghiệp", "2025-06-30", "Chính phủ"),
    "duong-bo": ("36/2024/QH15", "Luật Trật tự, an toàn giao thông đường bộ", "2024-06-27", "Quốc hội"),
    "thuong-mai": ("36/2005/QH11", "Luật Thương mại", "2005-06-14", "Quốc hội"),
    "an-toan-thuc-pham": ("55/2010/QH12", "Luật An toàn thực phẩm", "2010-06-17", "Quốc hội"),
    "cu-tru": ("68/2020/QH14", "Luật Cư trú", "2020-11-13", "Quốc hội"),
    "bao-tro-xa-hoi": (
        "20/2021/NĐ-CP",
        "Nghị định quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội",
        "2021-03-15",
        "Chính phủ",
    ),
    "giao-duc": ("43/2019/QH14", "Luật Giáo dục", "2019-06-14", "Quốc hội"),
    "y-te": ("15/2023/QH15", "Luật Khám bệnh, chữa bệnh", "2023-01-09", "Quốc hội"),
    "lao-dong": ("45/2019/QH14", "Bộ luật Lao động", "2019-11-20", "Quốc hội"),
    "moi-truong": ("72/2020/QH14", "Luật Bảo vệ môi trường", "2020-11-17", "Quốc hội"),
    "van-hoa": ("09/2017/QH14", "Luật Du lịch", "2017-06-19", "Quốc hội"),
}
_ONE_STOP = (
    "118/2025/NĐ-CP",
    "Nghị định về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa "
    "và Cổng Dịch vụ công quốc gia",
    "2025-06-09",
    "Chính phủ",
)
_FEES = (0, 0, 0, 0, 10000, 15000, 20000, 50000, 100000, 150000, 200000, 300000, 500000, 1000000, 1500000)
_DAYS = (None, 0.5, 1, 2, 3, 5, 5, 7, 10, 10, 15, 15, 20, 30)
_EXTRA_COMPONENTS = (
    (
        "Bản sao giấy tờ tùy thân của người đề nghị (không phải nộp nếu đã có trong Cơ sở dữ liệu quốc gia về dân cư)",
        0,
        1,
        "",
    ),
    ("Bản sao Giấy chứng nhận đăng ký doanh nghiệp hoặc quyết định thành lập", 0, 1, "Đối với tổ chức"),
    ("Văn bản ủy quyền theo quy định của pháp luật", 1, 0, "Trường hợp ủy quyền"),
    ("Bản thuyết minh về cơ sở vật chất, trang thiết bị", 1, 0, ""),
    ("Danh sách nhân sự kèm bản sao văn bằng, chứng chỉ chuyên môn", 1, 0, ""),
    ("Giấy tờ chứng minh quyền sử dụng hợp pháp địa điểm", 0, 1, ""),
    ("Bản chính giấy phép, giấy chứng nhận đã được cấp", 1, 0, "Trường hợp cấp lại, cấp đổi, điều chỉnh"),
)
_WHERE = {
    "province": "Trung tâm Phục vụ hành chính công tỉnh, số 36 Trần Phú, phường Xuân Hương - Đà Lạt",
    "commune": "Trung tâm Phục vụ hành chính công xã, phường (tiếp nhận không phụ thuộc địa giới hành chính)",
    "central": "Cơ quan trung ương đóng tại địa phương hoặc Cổng Dịch vụ công quốc gia",
}


def synthetic_code(index: int) -> str:
    """The code of the ``index``-th synthetic record (``2.900000``, ``1.900000`` …)."""
    block, within = divmod(index, _BLOCK)
    cycle, prefix_index = divmod(block, len(_PREFIXES))
    code = f"{_PREFIXES[prefix_index]}.9{within:05d}"
    if cycle:
        code += f".S{cycle}"
    return code


@cache
def _slug_base(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:100].rstrip("-")


def _load_codes(path, key):
    try:
        with open(path, encoding="utf-8") as fh:
            return [row["code"] for row in json.load(fh)[key]]
    except (OSError, ValueError, KeyError):
        return []


def _agency_levels():
    try:
        with open(AGENCIES_PATH, encoding="utf-8") as fh:
            return {a["code"]: a.get("level", "province") for a in json.load(fh)["agencies"]}
    except (OSError, ValueError, KeyError):
        return {}


def iter_procedures(
    n: int,
    seed: int = 0,
    field_codes: Sequence[str] | None = None,
    agency_codes: Sequence[str] | None = None,
    start: int = 0,
) -> Iterator[dict]:
    """Yield ``n`` synthetic procedure records (``portal.procedures/1`` format)."""
    rng = random.Random(seed)
    fields = list(field_codes) if field_codes else (_load_codes(FIELDS_PATH, "fields") or sorted(_OBJECTS))
    levels = _agency_levels()
    agencies = list(agency_codes) if agency_codes else (sorted(levels) or ["stp"])
    agency_set = set(agencies)
    per_field_agencies = {f: [a for a in _FIELD_AGENCIES.get(f, ()) if a in agency_set] or agencies for f in fields}
    for i in range(start, start + n):
        field = fields[rng.randrange(len(fields))]
        verbs, obj, kw = rng.choice(_OBJECTS.get(field, _GENERIC))
        verb = verbs[rng.randrange(len(verbs))]
        quals = _DOC_QUALIFIERS if verbs is _V_PERMIT or verbs is _V_CERT else _QUALIFIERS
        qualifier = quals[rng.randrange(len(quals))]
        name = f"{verb} {obj}{qualifier}"
        code = synthetic_code(i)
        agency_list = per_field_agencies[field]
        agency = agency_list[rng.randrange(len(agency_list))]
        level = levels.get(agency, "province")
        if level not in ("central", "province", "district", "commune"):
            level = "province"
        online = rng.choices(("information", "partial", "full"), weights=(5, 3, 2))[0]
        days = _DAYS[rng.randrange(len(_DAYS))]
        fee = _FEES[rng.randrange(len(_FEES))]
        fee_text = "Không thu phí, lệ phí" if not fee else f"{fee:,} đồng/hồ sơ".replace(",", ".")
        if days is None:
            time_text, note = (
                "Trong ngày làm việc",
                "Trong ngày tiếp nhận hồ sơ; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo",
            )
        else:
            shown = "0,5" if days == 0.5 else f"{days:02d}"
            time_text, note = f"{shown} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", ""
        where = _WHERE.get(level, _WHERE["province"])
        applicants = rng.choice(
            (
                ["citizen"],
                ["citizen", "organisation"],
                ["enterprise"],
                ["organisation", "enterprise"],
                ["citizen", "organisation", "enterprise"],
            )
        )
        lower_obj = obj[0].lower() + obj[1:]
        components = [
            {
                "case_group": "",
                "name": f"Đơn đề nghị {verb.lower()} {lower_obj} theo mẫu",
                "originals": 1,
                "copies": 0,
                "required": True,
                "template_name": f"Mẫu số {rng.randint(1, 20):02d}",
            }
        ]
        for comp_name, o, c, group in rng.sample(_EXTRA_COMPONENTS, rng.randint(1, 4)):
            components.append(
                {
                    "case_group": group,
                    "name": comp_name,
                    "originals": o,
                    "copies": c,
                    "required": not group,
                    "template_name": "",
                }
            )
        methods = [
            {
                "method": "in_person",
                "processing_time": time_text,
                "fee": fee_text,
                "description": f"Nộp trực tiếp tại {where}.",
            }
        ]
        if online != "information":
            methods.append(
                {
                    "method": "online",
                    "processing_time": time_text,
                    "fee": fee_text,
                    "description": "Nộp trực tuyến trên Cổng Dịch vụ công quốc gia bằng tài khoản VNeID.",
                }
            )
        if rng.random() < 0.6:
            methods.append(
                {
                    "method": "postal",
                    "processing_time": time_text,
                    "fee": fee_text,
                    "description": "Gửi hồ sơ qua dịch vụ bưu chính công ích.",
                }
            )
        steps = [
            {
                "title": "Bước 1: Nộp hồ sơ",
                "description": f"Tổ chức, cá nhân nộp hồ sơ tại {where}"
                + (" hoặc trực tuyến." if online != "information" else "."),
            },
            {
                "title": "Bước 2: Tiếp nhận, kiểm tra hồ sơ",
                "description": "Công chức tiếp nhận kiểm tra tính đầy đủ, hợp lệ; "
                "hướng dẫn bổ sung một lần nếu hồ sơ chưa đầy đủ.",
            },
            {
                "title": "Bước 3: Giải quyết",
                "description": f"Cơ quan có thẩm quyền thẩm định và giải quyết; thời hạn: {time_text.lower()}.",
            },
        ]
        if rng.random() < 0.7:
            steps.append(
                {
                    "title": "Bước 4: Trả kết quả",
                    "description": "Trả kết quả tại nơi nộp hồ sơ, qua bưu chính hoặc bản điện tử.",
                }
            )
        legal = [dict(zip(("number", "title", "issued_on", "issuer"), _LEGAL.get(field, _ONE_STOP), strict=False))]
        if rng.random() < 0.5:
            legal.append(dict(zip(("number", "title", "issued_on", "issuer"), _ONE_STOP, strict=False)))
        yield {
            "code": code,
            "name": name,
            "slug": f"{_slug_base(name)}-{code.replace('.', '-').lower()}",
            "decision_number": (
                f"Quyết định số {rng.randint(100, 3999)}/QĐ-UBND "
                f"ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.choice((2024, 2025, 2026))}"
            ),
            "level": level,
            "procedure_type": rng.choice(("not_delegated", "not_delegated", "delegated")),
            "field": field,
            "agency": agency,
            "coordinating_agencies": [],
            "competent_agency": "",
            "authorised_agency": "",
            "applicants": applicants,
            "applicants_note": "",
            "summary": f"Thủ tục {name[0].lower() + name[1:]} (dữ liệu tổng hợp phục vụ kiểm thử hiệu năng).",
            "steps": steps,
            "methods": methods,
            "components": components,
            "processing_days": days,
            "processing_time_note": note,
            "fee_vnd": fee,
            "fee_description": fee_text,
            "result": f"Văn bản {verb.lower()} {lower_obj}",
            "conditions": ""
            if rng.random() < 0.6
            else "<p>Đáp ứng các điều kiện theo quy định của pháp luật chuyên ngành.</p>",
            "receiving_address": where,
            "online_level": online,
            "keywords": kw,
            "legal_bases": legal,
        }


def generate_procedures(
    n: int,
    seed: int = 0,
    field_codes: Sequence[str] | None = None,
    agency_codes: Sequence[str] | None = None,
    start: int = 0,
) -> list[dict]:
    """Return ``n`` synthetic procedure records; see :func:`iter_procedures`."""
    return list(iter_procedures(n, seed=seed, field_codes=field_codes, agency_codes=agency_codes, start=start))
