"""Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Bộ Tư pháp; Mẫu số
03/2013/TT-LLTP, replaced by Mẫu số 03/2024/TK-LLTP of Thông tư
06/2024/TT-BTP): the individual's own request.

The procedure is keyed by both its codes (``2.000488`` and the
re-announced ``3.000333``) and by its wording, so a re-coded catalogue
keeps the form."""

from eforms.dossiers.documents.applications.blocks import Choice, Inline, Line, ListTable, Text
from eforms.dossiers.documents.applications.layouts import (
    ADDRESS,
    APPLICANT,
    BIRTH,
    EMAIL,
    GENDER,
    ID_NUMBER,
    PHONE,
    Layout,
    Signer,
    register,
)


def _relative(label, key):
    return Inline(
        [
            (f"Họ và tên {label}", (f"ho_ten_{key}", f"ten_{key}", f"{key}_ho_ten")),
            ("Ngày, tháng, năm sinh", (f"ngay_sinh_{key}", f"{key}_ngay_sinh", f"nam_sinh_{key}")),
        ]
    )


CRIMINAL_RECORD = register(
    Layout(
        key="ly_lich_tu_phap",
        title="TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP",
        subtitle="(Dùng cho cá nhân có yêu cầu cấp Phiếu lý lịch tư pháp)",
        form_number="Mẫu số 03/2024/TK-LLTP",
        blocks=(
            Line("1. Họ, chữ đệm và tên", APPLICANT, note="⁽¹⁾"),
            Line("2. Tên gọi khác (nếu có)", ("ten_goi_khac",)),
            Inline([("3. Giới tính", ("gioi_tinh", *GENDER)), ("4. Ngày, tháng, năm sinh", BIRTH)]),
            Line("5. Nơi sinh", ("noi_sinh",), note="⁽²⁾"),
            Inline([("6. Quốc tịch", ("quoc_tich",)), ("7. Dân tộc", ("dan_toc",))]),
            Line("8. Nơi thường trú", ("noi_thuong_tru", *ADDRESS), note="⁽³⁾"),
            Line("9. Nơi tạm trú", ("noi_tam_tru",), note="⁽⁴⁾"),
            Line(
                "10. Giấy tờ tùy thân",
                ("giay_to_tuy_than", *ID_NUMBER),
                note="⁽⁵⁾",
                prefixes={"applicant_id_number": "Số định danh cá nhân "},
            ),
            Inline([("Cấp ngày", ("ngay_cap", "giay_to_ngay_cap")), ("Tại", ("noi_cap", "giay_to_noi_cap"))]),
            Inline([("11. Số điện thoại", PHONE), ("Email", EMAIL)]),
            Text("12. Thông tin về cha, mẹ, vợ hoặc chồng:"),
            _relative("cha", "cha"),
            _relative("mẹ", "me"),
            _relative("vợ/chồng", "vo_chong"),
            ListTable(
                "13. Quá trình cư trú (tính từ khi đủ 14 tuổi):",
                ("qua_trinh_cu_tru",),
                columns=[
                    ("Từ tháng, năm", 0.14),
                    ("Đến tháng, năm", 0.14),
                    ("Nơi thường trú / tạm trú", 0.4),
                    ("Nghề nghiệp, nơi làm việc", 0.32),
                ],
                numbered=False,
            ),
            Line("14. Tình trạng án tích (nếu có)", ("an_tich", "tinh_trang_an_tich")),
            Line(
                "15. Thông tin về việc cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp, hợp tác xã (nếu có)",
                ("cam_dam_nhiem", "thong_tin_cam_dam_nhiem"),
            ),
            Choice(
                "Yêu cầu cấp Phiếu lý lịch tư pháp",
                ("loai_phieu", "phieu_so", "loai_phieu_ly_lich"),
                options=("Số 1", "Số 2"),
            ),
            Choice(
                "Yêu cầu xác nhận về việc cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp, hợp tác xã",
                ("xac_nhan_cam_dam_nhiem", "yeu_cau_xac_nhan_cam"),
            ),
            Line("Mục đích sử dụng Phiếu lý lịch tư pháp", ("muc_dich", "muc_dich_su_dung")),
            Line(
                "Số lượng Phiếu lý lịch tư pháp yêu cầu cấp",
                ("so_luong_phieu", "so_luong", "so_ban", "fee_units"),
                suffix="Phiếu",
            ),
        ),
        declaration="Tôi xin cam đoan những lời khai trên là đúng sự thật và chịu trách nhiệm về lời khai của mình.",
        signers=(Signer("Người khai", note="(Ký, ghi rõ họ tên)", keys=APPLICANT),),
    ),
    codes=("2.000488", "3.000333"),
    patterns=(r"^tờ khai yêu cầu cấp phiếu lý lịch tư pháp\b(?!.*ủy quyền)", r"^cấp phiếu lý lịch tư pháp$"),
)
