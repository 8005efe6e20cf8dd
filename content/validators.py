"""Validators of the national record's identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# National procedure code: a level digit, a dot, six digits; provincial copies
# may carry a suffix such as ``.H38`` (1.000948.H38).
PROCEDURE_CODE_RE = re.compile(r"^[1-3]\.\d{6}(\.[A-Z0-9]{1,10})?$")
AGENCY_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


def normalize_procedure_code(value):
    return (value or "").strip().upper()


def validate_procedure_code(value):
    if not PROCEDURE_CODE_RE.match(normalize_procedure_code(value)):
        raise ValidationError(
            _("Mã thủ tục “%(value)s” không đúng định dạng (ví dụ: 1.001612 hoặc 1.000948.H38)."),
            code="invalid_procedure_code",
            params={"value": value},
        )


def validate_agency_code(value):
    if not AGENCY_CODE_RE.match(value or ""):
        raise ValidationError(
            _("Mã cơ quan chỉ gồm chữ cái không dấu, chữ số, “-” và “_” (tối đa 40 ký tự)."),
            code="invalid_agency_code",
        )
