"""Mẫu CT01 — Tờ khai thay đổi thông tin cư trú (Bộ Công an; Thông tư
56/2021/TT-BCA, replaced by Thông tư 66/2023/TT-BCA and its successors),
the form of every residence procedure: đăng ký thường trú, tạm trú, gia
hạn tạm trú, xóa đăng ký, tách hộ, điều chỉnh thông tin."""

from eforms.dossiers.documents.applications.blocks import Inline, Line, ListTable
from eforms.dossiers.documents.applications.layouts import (
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

OPINION = "(Ghi rõ nội dung, ký, ghi rõ họ tên và ngày, tháng, năm)"
PLACE_KEYS = ("dia_chi_dang_ky", "noi_dang_ky", "cho_o_hop_phap", "dia_chi_cho_o", "noi_cu_tru_moi")


def _request(source):
    """ "Đăng ký thường trú tại: …" from the procedure when the e-form asks
    no request of its own."""
    place = source.value(*PLACE_KEYS)
    name = source.procedure_name.strip()
    if not name:
        return None
    return f"{name} tại: {place}" if place else name


RESIDENCE_CHANGE = register(
    Layout(
        key="ct01",
        title="TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ",
        form_number="Mẫu CT01 ban hành kèm theo Thông tư số 66/2023/TT-BCA",
        recipient_note="⁽¹⁾",
        blocks=(
            Line("1. Họ, chữ đệm và tên", APPLICANT),
            Inline(
                [
                    ("2. Ngày, tháng, năm sinh", BIRTH),
                    ("3. Giới tính", ("gioi_tinh", *GENDER)),
                ]
            ),
            Line("4. Số định danh cá nhân", ID_NUMBER),
            Inline([("5. Số điện thoại liên hệ", PHONE), ("6. Email", EMAIL)]),
            Line("7. Họ, chữ đệm và tên chủ hộ", ("chu_ho_ho_ten", "ho_ten_chu_ho", "ten_chu_ho")),
            Inline(
                [
                    ("8. Mối quan hệ với chủ hộ", ("quan_he_voi_chu_ho", "moi_quan_he_voi_chu_ho", "quan_he_chu_ho")),
                ]
            ),
            Line(
                "9. Số định danh cá nhân của chủ hộ",
                ("chu_ho_so_dinh_danh", "so_dinh_danh_chu_ho", "cccd_chu_ho"),
            ),
            Line(
                "10. Nội dung đề nghị",
                ("noi_dung_de_nghi", "request_content"),
                note="⁽²⁾",
                default=_request,
            ),
            ListTable(
                "11. Những thành viên trong hộ gia đình cùng thay đổi:",
                ("thanh_vien_cung_thay_doi", "thanh_vien_ho_gia_dinh", "thanh_vien"),
                columns=[
                    ("Họ, chữ đệm và tên", 0.27),
                    ("Ngày, tháng, năm sinh", 0.15),
                    ("Giới tính", 0.1),
                    ("Số định danh cá nhân", 0.2),
                    ("Mối quan hệ với chủ hộ", 0.16),
                ],
            ),
        ),
        signers=(
            Signer("Ý kiến của chủ hộ⁽³⁾", note=OPINION),
            Signer("Ý kiến của chủ sở hữu hoặc người được ủy quyền⁽³⁾", note=OPINION),
            Signer("Ý kiến của cha, mẹ hoặc người giám hộ⁽⁴⁾", note=OPINION),
            Signer("Người kê khai", note="(Ký, ghi rõ họ tên)", keys=APPLICANT),
        ),
    ),
    codes=("1.004222", "1.004194", "1.002755", "1.003197", "1.010028"),
    patterns=(r"thay đổi thông tin cư trú", r"\bct01\b"),
)
