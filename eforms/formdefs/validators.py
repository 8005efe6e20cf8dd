"""Validators of Vietnamese identifiers used in e-forms."""

import datetime
import re
import unicodedata
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eforms.formdefs.divisions import cccd_province_codes

# Mobile prefixes after the 2018 conversion to 10 digits (fixed lines have
# 11 digits with a 02x area code since 2017).
MOBILE_PREFIXES = (
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "086",
    "096",
    "097",
    "098",  # Viettel
    "081",
    "082",
    "083",
    "084",
    "085",
    "088",
    "091",
    "094",  # VinaPhone
    "070",
    "076",
    "077",
    "078",
    "079",
    "089",
    "090",
    "093",  # MobiFone
    "052",
    "056",
    "058",
    "092",  # Vietnamobile
    "059",
    "099",  # Gmobile
    "087",  # iTelecom
    "055",  # Reddi
)


def normalize_phone(value):
    """``+84 912.345.678``, ``0084912345678``, ``８４９１２３４５６７８`` → ``0912345678``
    (separators and full-width digits as a phone keyboard or a copy gives them)."""
    digits = unicodedata.normalize("NFKC", value or "")
    digits = re.sub(r"[\s.\-()\u200b-\u200d\ufeff]", "", digits)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


MOBILE_PATTERN = re.compile(r"0[35789]\d{8}")


def validate_vn_mobile(value):
    """A mobile number that can receive SMS: 10 digits starting with 03, 05,
    07, 08 or 09 (``+84`` accepted: normalised by ``normalize_phone``)."""
    digits = normalize_phone(value)
    if not re.fullmatch(r"0\d{9}", digits):
        raise ValidationError(
            _("Số điện thoại di động phải gồm 10 chữ số, bắt đầu bằng 0 (hoặc +84)."), code="phone_format"
        )
    if not MOBILE_PATTERN.fullmatch(digits):
        raise ValidationError(
            _("Đầu số di động không hợp lệ: số di động bắt đầu bằng 03, 05, 07, 08 hoặc 09."), code="phone_prefix"
        )


def validate_vn_phone(value):
    """Mobile numbers: 10 digits with a valid network prefix; fixed lines:
    11 digits starting with a 02x area code."""
    digits = normalize_phone(value)
    if re.fullmatch(r"02\d{9}", digits):
        return
    if not re.fullmatch(r"0\d{9}", digits):
        raise ValidationError(_("Số điện thoại phải gồm 10 chữ số, bắt đầu bằng 0."), code="phone_format")
    if not digits.startswith(MOBILE_PREFIXES):
        raise ValidationError(_("Đầu số điện thoại không hợp lệ."), code="phone_prefix")


# Separators a citizen types when copying the number from the card, and the
# invisible characters a copy-paste brings along.
_CCCD_SEPARATORS = re.compile(r"[\s.\-_/\u200b-\u200d\ufeff]+")
_ASCII_DIGITS = re.compile(r"[0-9]+")
CCCD_LENGTH = 12
CMND_LENGTH = 9
# Longer input is not a number typed by hand: refused before any other work.
CCCD_MAX_INPUT = 40
MALE, FEMALE = "male", "female"
_SEX_WORDS = {"nam": MALE, "male": MALE, "m": MALE, "nữ": FEMALE, "nu": FEMALE, "female": FEMALE, "f": FEMALE}


class CCCDFacts(NamedTuple):
    """What the personal identification number says (Circular 59/2021/TT-BCA
    art. 7, kept by the Law on Identification 2023): digits 1–3 the province
    where the birth was registered, digit 4 the century and sex (0/1 born
    1900–1999 male/female, 2/3 2000–2099, 4/5 2100–2199 …), digits 5–6 the
    last two digits of the birth year."""

    province_code: str
    sex: str
    birth_year: int


def normalize_cccd(value):
    """The number without spaces, dots or dashes; full-width digits become
    ASCII (NFKC). Other characters are left for ``validate_cccd`` to refuse."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return _CCCD_SEPARATORS.sub("", text)


def cccd_facts(number):
    """``CCCDFacts`` of a normalised 12-digit number."""
    digit = int(number[3])
    return CCCDFacts(number[:3], FEMALE if digit % 2 else MALE, 1900 + 100 * (digit // 2) + int(number[4:6]))


def century_digits(year):
    """``(male, female)`` digit 4 for a birth in ``year`` (1900–2399)."""
    base = 2 * ((year - 1900) // 100)
    return base, base + 1


def parse_sex(value):
    """``MALE``, ``FEMALE`` or None from an answer ("Nam", "Nữ" …)."""
    word = unicodedata.normalize("NFC", str(value or "")).strip().lower()
    return _SEX_WORDS.get(word)


def validate_cccd(value):
    """A 12-digit personal identification number (số định danh cá nhân):
    digits only once spaces and dots are removed, not a 9-digit CMND, a
    province code in digits 1–3 and a birth year that is not in the future."""
    raw = str(value or "")
    if len(raw) > CCCD_MAX_INPUT:
        raise ValidationError(_("Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."), code="cccd_format")
    number = normalize_cccd(raw)
    if not _ASCII_DIGITS.fullmatch(number):
        raise ValidationError(
            _("Số định danh cá nhân chỉ gồm các chữ số từ 0 đến 9, không có chữ cái hay ký hiệu khác."),
            code="cccd_characters",
        )
    if len(number) == CMND_LENGTH:
        raise ValidationError(
            _(
                "Chứng minh nhân dân 9 số đã hết hiệu lực từ 01/01/2025; vui lòng nhập số định danh cá nhân "
                "12 số ghi trên thẻ căn cước."
            ),
            code="cmnd_expired",
        )
    if len(number) != CCCD_LENGTH:
        raise ValidationError(
            _("Số định danh cá nhân phải gồm đúng 12 chữ số (số đã nhập có %(count)s chữ số)."),
            code="cccd_format",
            params={"count": len(number)},
        )
    facts = cccd_facts(number)
    if facts.province_code not in cccd_province_codes():
        raise ValidationError(
            _("Ba chữ số đầu của số định danh cá nhân không phải mã tỉnh, thành phố hợp lệ."),
            code="cccd_province",
            params={"code": facts.province_code},
        )
    if facts.birth_year > timezone.localdate().year:
        raise ValidationError(
            _(
                "Chữ số thứ 4 đến thứ 6 (%(digits)s) của số định danh cá nhân ứng với năm sinh %(year)s, "
                "là năm chưa đến; vui lòng kiểm tra lại."
            ),
            code="cccd_birth_year",
            params={"digits": number[3:6], "year": facts.birth_year},
        )


def check_cccd_matches(number, *, birth_date=None, sex=None):
    """Raise ``ValidationError`` when a valid number disagrees with the birth
    date or the sex the form collects (either may be None: not checked)."""
    number = normalize_cccd(number)
    facts = cccd_facts(number)
    digit = int(number[3])
    if isinstance(birth_date, datetime.date) and 1900 <= birth_date.year < 2400:
        year = birth_date.year
        male, female = century_digits(year)
        if digit not in (male, female):
            start = 1900 + 100 * ((year - 1900) // 100)
            raise ValidationError(
                _(
                    "Chữ số thứ 4 của số định danh cá nhân (%(digit)s) không khớp với năm sinh %(year)s: "
                    "người sinh từ năm %(start)s đến năm %(end)s có chữ số này là %(male)s (nam) "
                    "hoặc %(female)s (nữ)."
                ),
                code="cccd_century",
                params={
                    "digit": digit,
                    "year": year,
                    "start": start,
                    "end": start + 99,
                    "male": male,
                    "female": female,
                },
            )
        if number[4:6] != f"{year % 100:02d}":
            raise ValidationError(
                _(
                    "Chữ số thứ 5 và 6 của số định danh cá nhân (%(digits)s) phải là hai số cuối "
                    "của năm sinh %(year)s (%(expected)s)."
                ),
                code="cccd_year",
                params={"digits": number[4:6], "year": year, "expected": f"{year % 100:02d}"},
            )
    declared = parse_sex(sex)
    if declared and declared != facts.sex:
        raise ValidationError(
            _(
                "Chữ số thứ 4 của số định danh cá nhân (%(digit)s) là của người %(id_sex)s, "
                "không khớp với giới tính đã khai (%(sex)s)."
            ),
            code="cccd_sex",
            params={"digit": digit, "id_sex": _sex_label(facts.sex), "sex": _sex_label(declared)},
        )


def _sex_label(sex):
    return gettext("nam") if sex == MALE else gettext("nữ")
