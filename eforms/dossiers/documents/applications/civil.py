"""Civil-status forms of the Ministry of Justice (Bộ Tư pháp, Thông tư
04/2020/TT-BTP, Phụ lục, as amended): Tờ khai đăng ký khai sinh and Tờ
khai đăng ký kết hôn, field by field in the paper form's order.

Each field lists the e-form names that may carry it (an editor's form:
``ten_tre``, ``ben_nam_ho_ten`` …); the applicant block of every e-form
(``applicant_*``) fills the requester.
"""

from eforms.dossiers.documents.applications.blocks import Choice, Inline, Line, Parties, Text, When
from eforms.dossiers.documents.applications.layouts import (
    ADDRESS,
    APPLICANT,
    GENDER,
    ID_NUMBER,
    Layout,
    Signer,
    register,
)
from eforms.dossiers.documents.applications.words import date_in_words

TT04 = "Mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP"
ID_PREFIX = {"applicant_id_number": "Số định danh cá nhân "}
COPIES = ("Số lượng", ("so_ban_sao", "so_luong_ban_sao", "ban_sao_so_luong"))


def _parent(role, key):
    """The mother's or father's lines: name; year of birth, ethnicity,
    nationality; residence."""
    return (
        Line(f"Họ, chữ đệm, tên người {role}", (f"ho_ten_{key}", f"ten_{key}", f"{key}_ho_ten")),
        Inline(
            [
                ("Năm sinh⁽⁵⁾", (f"nam_sinh_{key}", f"{key}_nam_sinh", f"ngay_sinh_{key}", f"{key}_ngay_sinh")),
                ("Dân tộc", (f"dan_toc_{key}", f"{key}_dan_toc")),
                ("Quốc tịch", (f"quoc_tich_{key}", f"{key}_quoc_tich")),
            ]
        ),
        Line("Nơi cư trú", (f"noi_cu_tru_{key}", f"{key}_noi_cu_tru", f"dia_chi_{key}", f"{key}_dia_chi"), note="⁽²⁾"),
    )


CHILD_BIRTH = ("ngay_sinh_tre", "tre_ngay_sinh", "ngay_sinh")


def _birth_prepare(source):
    """The child's date of birth in words, from the date when given."""
    source.provide("ngay_sinh_bang_chu", date_in_words(source.value(*CHILD_BIRTH)))


BIRTH_REGISTRATION = register(
    Layout(
        key="khai_sinh",
        title="TỜ KHAI ĐĂNG KÝ KHAI SINH",
        form_number=TT04,
        recipient_note="⁽¹⁾",
        blocks=(
            Line("Họ, chữ đệm, tên người yêu cầu", APPLICANT),
            Line("Nơi cư trú", ("noi_cu_tru", *ADDRESS), note="⁽²⁾"),
            Line("Giấy tờ tùy thân", ("giay_to_tuy_than", *ID_NUMBER), note="⁽³⁾", prefixes=ID_PREFIX),
            Line(
                "Quan hệ với người được khai sinh",
                ("quan_he", "quan_he_voi_nguoi_duoc_khai_sinh", "quan_he_voi_tre", "moi_quan_he"),
            ),
            Text("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:", bold=True),
            Line("Họ, chữ đệm, tên", ("ten_tre", "ho_ten_tre", "tre_ho_ten", "ho_ten_nguoi_duoc_khai_sinh")),
            Line("Ngày, tháng, năm sinh", CHILD_BIRTH),
            Line("Ghi bằng chữ", ("ngay_sinh_bang_chu", "ngay_sinh_tre_bang_chu")),
            Inline(
                [
                    ("Giới tính", ("gioi_tinh", "gioi_tinh_tre", "tre_gioi_tinh")),
                    ("Dân tộc", ("dan_toc", "dan_toc_tre", "tre_dan_toc")),
                    ("Quốc tịch", ("quoc_tich", "quoc_tich_tre", "tre_quoc_tich")),
                ]
            ),
            Line("Nơi sinh", ("noi_sinh", "noi_sinh_tre", "tre_noi_sinh"), note="⁽⁴⁾"),
            Line("Quê quán", ("que_quan", "que_quan_tre", "tre_que_quan")),
            *_parent("mẹ", "me"),
            *_parent("cha", "cha"),
        ),
        declaration=(
            "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa thuận nhất trí "
            "của các bên liên quan theo quy định pháp luật. Tôi chịu trách nhiệm trước pháp luật về nội dung cam "
            "đoan của mình."
        ),
        after_declaration=(
            Choice("Đề nghị cấp bản sao⁽⁶⁾", ("de_nghi_cap_ban_sao", "cap_ban_sao", "ban_sao"), extra=COPIES),
        ),
        prepare=_birth_prepare,
    ),
    codes=("1.001193", "1.001695"),
    patterns=(r"^tờ khai đăng ký khai sinh\b(?! và)", r"^đăng ký khai sinh$"),
)


def _party(key):
    """The e-form names of one party's row fields (``nu`` / ``nam``)."""
    return {
        "name": (f"ben_{key}_ho_ten", f"ho_ten_{key}", f"ten_ben_{key}", f"{key}_ho_ten"),
        "birth": (f"ben_{key}_ngay_sinh", f"ngay_sinh_{key}", f"{key}_ngay_sinh"),
        "ethnicity": (f"ben_{key}_dan_toc", f"dan_toc_{key}", f"{key}_dan_toc"),
        "nationality": (f"ben_{key}_quoc_tich", f"quoc_tich_{key}", f"{key}_quoc_tich"),
        "residence": (f"ben_{key}_noi_cu_tru", f"noi_cu_tru_{key}", f"{key}_noi_cu_tru"),
        "identity": (f"ben_{key}_giay_to_tuy_than", f"giay_to_tuy_than_{key}", f"{key}_giay_to_tuy_than"),
        "times": (f"ben_{key}_ket_hon_lan_thu", f"ket_hon_lan_thu_{key}", f"{key}_ket_hon_lan_thu"),
    }


WOMAN, MAN = _party("nu"), _party("nam")
APPLICANT_OF_PARTY = {
    "name": "applicant_name",
    "birth": "applicant_birth_date",
    "residence": "applicant_address",
    "identity": "applicant_id_number",
}
SIDE_KEYS = ("ben_nguoi_nop", "applicant_side", *GENDER)


def _applicant_side(source):
    """Which party the applicant is: told by the e-form (gender, side), or
    the party the e-form's own party fields leave empty; None when unknown."""
    told = (source.value(*SIDE_KEYS) or "").strip().lower()
    if told in ("nữ", "bên nữ", "nu"):
        return WOMAN
    if told in ("nam", "bên nam"):
        return MAN
    woman, man = source.value(*WOMAN["name"]), source.value(*MAN["name"])
    if man and not woman:
        return WOMAN
    if woman and not man:
        return MAN
    return None


def _marriage_prepare(source):
    party = _applicant_side(source)
    if party is None:
        return
    for field, answer in APPLICANT_OF_PARTY.items():
        for name in party[field]:
            source.alias(name, answer)


MARRIAGE = register(
    Layout(
        key="ket_hon",
        title="TỜ KHAI ĐĂNG KÝ KẾT HÔN",
        form_number=TT04,
        recipient_note="⁽³⁾",
        blocks=(
            # an e-form that does not say which party applies: the applicant above the table
            When(
                lambda source: _applicant_side(source) is None,
                (
                    Text("Người nộp hồ sơ (một trong hai bên kết hôn):", bold=True),
                    Line("Họ, chữ đệm, tên", APPLICANT),
                    Line("Giấy tờ tùy thân", ID_NUMBER, prefixes=ID_PREFIX),
                    Line("Nơi cư trú", ADDRESS),
                ),
            ),
            Parties(
                heads=("Thông tin", "Bên nữ", "Bên nam"),
                rows=[
                    ("Họ, chữ đệm, tên", WOMAN["name"], MAN["name"]),
                    ("Ngày, tháng, năm sinh", WOMAN["birth"], MAN["birth"]),
                    ("Dân tộc", WOMAN["ethnicity"], MAN["ethnicity"]),
                    ("Quốc tịch", WOMAN["nationality"], MAN["nationality"]),
                    ("Nơi cư trú⁽⁴⁾", WOMAN["residence"], MAN["residence"]),
                    ("Giấy tờ tùy thân⁽⁵⁾", WOMAN["identity"], MAN["identity"]),
                    ("Kết hôn lần thứ mấy", WOMAN["times"], MAN["times"]),
                ],
            ),
        ),
        declaration=(
            "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là tự nguyện, "
            "không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam. Chúng tôi chịu trách nhiệm trước pháp "
            "luật về cam đoan của mình."
        ),
        after_declaration=(
            Choice(
                "Đề nghị cấp bản sao trích lục kết hôn⁽⁶⁾",
                ("de_nghi_cap_ban_sao", "cap_ban_sao", "ban_sao"),
                extra=COPIES,
            ),
        ),
        signers=(Signer("Bên nữ", keys=WOMAN["name"]), Signer("Bên nam", keys=MAN["name"])),
        prepare=_marriage_prepare,
    ),
    codes=("1.000894", "2.000806"),
    patterns=(r"^tờ khai đăng ký kết hôn\b", r"^đăng ký kết hôn$"),
)

__all__ = ["BIRTH_REGISTRATION", "MARRIAGE"]
