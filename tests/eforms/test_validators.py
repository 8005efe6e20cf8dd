"""Vietnamese identifiers and administrative units."""

import pytest
from django.core.exceptions import ValidationError

from eforms.formdefs import divisions
from eforms.formdefs.validators import normalize_phone, validate_cccd, validate_vn_phone


@pytest.mark.parametrize("value", ["001090012345", "068190001234", "096300000001", "037201234567"])
def test_valid_cccd(value):
    validate_cccd(value)


@pytest.mark.parametrize(
    "value, code",
    [
        ("12345678901", "cccd_format"),
        ("00109001234a", "cccd_format"),
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
