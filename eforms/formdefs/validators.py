"""Validators of Vietnamese identifiers used in e-forms."""

import re

from django.core.exceptions import ValidationError
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
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


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


def validate_cccd(value):
    """12 digits; the first three are the code of the province where the
    birth was registered (``0`` + the pre-2025 province code)."""
    value = (value or "").strip()
    if not re.fullmatch(r"\d{12}", value):
        raise ValidationError(_("Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."), code="cccd_format")
    if value[:3] not in cccd_province_codes():
        raise ValidationError(
            _("Ba chữ số đầu của số định danh cá nhân không phải mã tỉnh, thành phố hợp lệ."), code="cccd_province"
        )
