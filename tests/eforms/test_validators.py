"""Vietnamese identifiers and administrative units."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eforms.formdefs import divisions
from eforms.formdefs.forms import StepForm
from eforms.formdefs.schema import applicant_fields
from eforms.formdefs.validators import (
    FEMALE,
    MALE,
    cccd_facts,
    check_cccd_matches,
    normalize_cccd,
    normalize_phone,
    validate_cccd,
    validate_vn_phone,
)
from eforms.workspace.forms import CounterApplicantForm

CMND_MESSAGE = (
    "Chứng minh nhân dân 9 số đã hết hiệu lực từ 01/01/2025; vui lòng nhập số định danh cá nhân "
    "12 số ghi trên thẻ căn cước."
)


def make_number(birth, *, female=False, province="068", serial="012345"):
    """A personal identification number built from the rule (Circular
    59/2021/TT-BCA): province of birth registration, century/sex, year."""
    digit = 2 * ((birth.year - 1900) // 100) + int(female)
    return f"{province}{digit}{birth.year % 100:02d}{serial}"


@pytest.mark.parametrize("value", ["001090012345", "068190001234", "096300000001", "037201234567"])
def test_valid_cccd(value):
    validate_cccd(value)


@pytest.mark.parametrize(
    "value, code",
    [
        ("12345678901", "cccd_format"),
        ("00109001234a", "cccd_characters"),
        ("003090012345", "cccd_province"),
        ("099090012345", "cccd_province"),
        ("100090012345", "cccd_province"),
    ],
)
def test_invalid_cccd(value, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_cccd(value)
    assert excinfo.value.code == code


@pytest.mark.parametrize("value", ["0912345678", "091 234 5678", "+84912345678", "0263 3822 123", "0868123456"])
def test_valid_phone(value):
    validate_vn_phone(value)


@pytest.mark.parametrize("value", ["091234567", "0112345678", "0012345678", "09123456789", "abc"])
def test_invalid_phone(value):
    with pytest.raises(ValidationError):
        validate_vn_phone(value)


def test_phone_normalized():
    assert normalize_phone("+84 912.345.678") == "0912345678"


def test_administrative_units_after_july_2025():
    assert len(divisions.provinces()) == 34
    assert sum(len(divisions.wards_of(code)) for code, _ in divisions.provinces()) == 3321
    assert divisions.province_name(68) == "Lâm Đồng"
    assert len(divisions.legacy_provinces()) == 63
    assert "Đắk Nông" in dict(divisions.legacy_provinces()).values()
    assert "Đắk Nông" not in dict(divisions.provinces()).values()


# --- personal identification numbers: the rule ------------------------------


@pytest.mark.parametrize(
    "birth, female, province, digit",
    [
        (datetime.date(1990, 5, 17), False, "068", "0"),  # Lâm Đồng, 20th century, male
        (datetime.date(1985, 1, 1), True, "001", "1"),  # Hà Nội, 20th century, female
        (datetime.date(2003, 12, 31), False, "079", "2"),  # TP. Hồ Chí Minh, 21st century, male
        (datetime.date(2010, 2, 28), True, "096", "3"),  # Cà Mau, 21st century, female
        (datetime.date(1900, 1, 1), True, "002", "1"),
        (datetime.date(2000, 1, 1), False, "048", "2"),
    ],
)
def test_numbers_built_from_the_rule_are_valid_and_agree(birth, female, province, digit):
    number = make_number(birth, female=female, province=province)
    assert number[3] == digit and len(number) == 12
    validate_cccd(number)
    facts = cccd_facts(number)
    assert facts == (province, FEMALE if female else MALE, birth.year)
    check_cccd_matches(number, birth_date=birth, sex="Nữ" if female else "Nam")


def test_cmnd_of_nine_digits_is_refused_with_the_rule():
    for value in ("123456789", "023 456 789", "023.456.789"):
        with pytest.raises(ValidationError) as excinfo:
            validate_cccd(value)
        assert excinfo.value.code == "cmnd_expired"
        assert excinfo.value.messages == [CMND_MESSAGE]


@pytest.mark.parametrize("value, count", [("0681900012", 10), ("06819000123", 11), ("0681900012345", 13)])
def test_wrong_length_says_how_many_digits(value, count):
    with pytest.raises(ValidationError) as excinfo:
        validate_cccd(value)
    assert excinfo.value.code == "cccd_format"
    assert excinfo.value.messages == [f"Số định danh cá nhân phải gồm đúng 12 chữ số (số đã nhập có {count} chữ số)."]


@pytest.mark.parametrize(
    "value",
    [
        "06819000123a",
        "O68190001234",  # letter O for zero
        "068-190-001-23X",
        "<script>1</script>",
        "068190001234; DROP TABLE",
        "٠٦٨١٩٠٠٠١٢٣٤",  # Arabic-Indic digits
        "०६८१९०००१२३४",  # Devanagari digits
        "𝟎𝟔𝟖𝟏𝟗𝟎𝟎𝟎𝟏𝟐𝟑𝟒x",
    ],
)
def test_non_digits_are_refused_clearly(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_cccd(value)
    assert excinfo.value.code == "cccd_characters"
    assert "chỉ gồm các chữ số từ 0 đến 9" in excinfo.value.messages[0]


@pytest.mark.parametrize(
    "typed",
    [
        "001 090 012 345",
        "001.090.012.345",
        "001-090-012-345",
        " 001090012345 ",
        "001\u00a0090\u00a0012\u00a0345",  # no-break spaces from a copy-paste
        "001090\u200b012345",  # zero-width space
        "００１０９００１２３４５",  # full-width digits (IME)
    ],
)
def test_typed_separators_and_full_width_digits_are_normalised(typed):
    validate_cccd(typed)
    assert normalize_cccd(typed) == "001090012345"


@pytest.mark.parametrize("province", ["000", "003", "099", "100", "997"])
def test_wrong_province_code(province):
    number = make_number(datetime.date(1990, 1, 1), province=province)
    with pytest.raises(ValidationError) as excinfo:
        validate_cccd(number)
    assert excinfo.value.code == "cccd_province"
    assert "Ba chữ số đầu" in excinfo.value.messages[0]


def test_every_pre_2025_province_code_is_accepted():
    codes = divisions.cccd_province_codes()
    assert len(codes) == 63 and {"001", "068", "079", "096"} <= codes
    for code in codes:
        validate_cccd(make_number(datetime.date(1990, 1, 1), province=code))


def test_birth_year_in_the_future_is_refused():
    next_year = timezone.localdate().year + 1
    for number in (f"0682{next_year % 100:02d}012345", "068499012345", "068800000001"):
        with pytest.raises(ValidationError) as excinfo:
            validate_cccd(number)
        assert excinfo.value.code == "cccd_birth_year"
        assert "năm chưa đến" in excinfo.value.messages[0]


def test_oversized_input_is_refused_quickly():
    with pytest.raises(ValidationError) as excinfo:
        validate_cccd("1" * 100_000)
    assert excinfo.value.code == "cccd_format"


@pytest.mark.parametrize(
    "birth, number, code, fragment",
    [
        # born 2003 but digit 4 says 20th century
        (datetime.date(2003, 4, 1), "079003012345", "cccd_century", "người sinh từ năm 2000 đến năm 2099"),
        # born 1990 but digit 4 says 21st century (the number reads 2001)
        (datetime.date(1990, 4, 1), "068201012345", "cccd_century", "là 0 (nam) hoặc 1 (nữ)"),
        # right century, wrong year
        (datetime.date(1991, 4, 1), "068090012345", "cccd_year", "hai số cuối của năm sinh 1991 (91)"),
        (datetime.date(2005, 4, 1), "068204012345", "cccd_year", "(05)"),
    ],
)
def test_number_disagreeing_with_birth_date(birth, number, code, fragment):
    validate_cccd(number)  # a valid number on its own
    with pytest.raises(ValidationError) as excinfo:
        check_cccd_matches(number, birth_date=birth)
    assert excinfo.value.code == code
    assert fragment in excinfo.value.messages[0]


def test_number_disagreeing_with_sex():
    number = make_number(datetime.date(1990, 5, 17), female=True)
    check_cccd_matches(number, birth_date=datetime.date(1990, 5, 17), sex="Nữ")
    check_cccd_matches(number, sex="Khác")  # an answer that is not a sex: not checked
    check_cccd_matches(number)
    with pytest.raises(ValidationError) as excinfo:
        check_cccd_matches(number, sex="Nam")
    assert excinfo.value.code == "cccd_sex"
    assert excinfo.value.messages == [
        "Chữ số thứ 4 của số định danh cá nhân (1) là của người nữ, không khớp với giới tính đã khai (nam)."
    ]


# --- the e-form (applicant step) -------------------------------------------

APPLICANT = {
    "applicant_name": "Nguyễn Thị Lan",
    "applicant_birth_date": "1990-05-17",
    "applicant_phone": "0912345678",
    "applicant_email": "lan@example.vn",
    "applicant_address_province": "68",
    "applicant_address_street": "5 Hùng Vương",
}


def applicant_step(sex=False):
    fields = applicant_fields()
    if sex:
        fields.append({"type": "choice", "name": "applicant_sex", "label": "Giới tính", "choices": ["Nam", "Nữ"]})
    # the address is not under test here
    fields = [f for f in fields if f["type"] != "address"]
    return {"key": "step1", "title": "Người nộp", "intro": "", "fields": fields}


def step_form(step=None, answers=None, **data):
    return StepForm(step or applicant_step(), {**APPLICANT, **data}, answers=answers)


def test_eform_keeps_the_normalised_number():
    form = step_form(applicant_id_number="068 190 001 234")
    assert form.is_valid(), form.errors
    assert form.answers_to_store()["applicant_id_number"] == "068190001234"


@pytest.mark.parametrize(
    "typed, message",
    [
        ("123456789", CMND_MESSAGE),
        ("06819000123a", "chỉ gồm các chữ số từ 0 đến 9"),
        ("068201001234", "không khớp với năm sinh 1990"),  # 21st-century digit for a 1990 birth
        ("068290001234", "năm chưa đến"),  # reads 2090
        ("068191001234", "hai số cuối của năm sinh 1990 (90)"),  # year 91
        ("003190001234", "không phải mã tỉnh"),
        ("٠٦٨١٩٠٠٠١٢٣٤", "chỉ gồm các chữ số từ 0 đến 9"),
        ("1" * 5000, "12 chữ số"),
    ],
)
def test_eform_refuses_with_a_clear_message(typed, message):
    form = step_form(applicant_id_number=typed)
    assert not form.is_valid()
    assert any(message in error for error in form.errors["applicant_id_number"]), form.errors


def test_eform_checks_the_declared_sex_when_the_form_asks_it():
    step = applicant_step(sex=True)
    assert step_form(step, applicant_id_number="068190001234", applicant_sex="Nữ").is_valid()
    form = step_form(step, applicant_id_number="068190001234", applicant_sex="Nam")
    assert not form.is_valid()
    assert "không khớp với giới tính đã khai (nam)" in form.errors["applicant_id_number"][0]


def test_eform_checks_a_number_from_an_earlier_step():
    fields = [f for f in applicant_fields() if f["name"] == "applicant_birth_date"]
    step = {"key": "step2", "title": "Ngày sinh", "intro": "", "fields": fields}
    answers = {"applicant_id_number": "068190001234"}
    assert StepForm(step, {"applicant_birth_date": "17/05/1990"}, answers=answers).is_valid()
    form = StepForm(step, {"applicant_birth_date": "17/05/2001"}, answers=answers)
    assert not form.is_valid()
    assert "không khớp với năm sinh 2001" in form.errors["applicant_birth_date"][0]
    # a bad number kept from an earlier step is that step's business
    assert StepForm(step, {"applicant_birth_date": "17/05/2001"}, answers={"applicant_id_number": "123"}).is_valid()


def test_eform_without_birth_date_checks_the_number_alone():
    fields = [f for f in applicant_fields() if f["name"] == "applicant_id_number"]
    step = {"key": "step1", "title": "Số định danh", "intro": "", "fields": fields}
    assert StepForm(step, {"applicant_id_number": "079203012345"}).is_valid()


# --- the counter form ---------------------------------------------------------

COUNTER = {"applicant_name": "Đỗ Thị Hồng", "sets_count": "1", "processing_days": "5"}


def counter_form(**data):
    return CounterApplicantForm({**COUNTER, **data})


def test_counter_form_keeps_the_normalised_number():
    form = counter_form(applicant_id_number="068.190.001.234", applicant_birth_date="17/05/1990", applicant_sex="Nữ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["applicant_id_number"] == "068190001234"
    assert counter_form().is_valid()  # the number stays optional at the counter


@pytest.mark.parametrize(
    "data, message",
    [
        ({"applicant_id_number": "023456789"}, CMND_MESSAGE),
        ({"applicant_id_number": "12ab"}, "chỉ gồm các chữ số từ 0 đến 9"),
        ({"applicant_id_number": "099190001234"}, "không phải mã tỉnh"),
        (
            {"applicant_id_number": "068190001234", "applicant_birth_date": "2001-05-17"},
            "không khớp với năm sinh 2001",
        ),
        ({"applicant_id_number": "068190001234", "applicant_sex": "Nam"}, "không khớp với giới tính"),
    ],
)
def test_counter_form_refuses_with_a_clear_message(data, message):
    form = counter_form(**data)
    assert not form.is_valid()
    assert any(message in error for error in form.errors["applicant_id_number"]), form.errors


def test_counter_form_bad_birth_date_and_sex():
    form = counter_form(applicant_id_number="068190001234", applicant_birth_date="31/02/1990", applicant_sex="X")
    assert not form.is_valid()
    assert form.errors["applicant_birth_date"] == ["Ngày không hợp lệ (định dạng ngày/tháng/năm)."]
    assert form.errors["applicant_sex"] == ["Lựa chọn không hợp lệ."]
    assert "applicant_id_number" not in form.errors
