"""Dossier codes (Circular 01/2018/TT-VPCP art. 19) and look-up secrets."""

import re
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from eforms.dossiers.models import DailySequence

# Identifier code of a receiving unit (Decision 20/2020/QĐ-TTg, QCVN
# 102:2016/BTTTT): level 4, 3 and 2 codes then the level-1 letter and two
# digits, e.g. 000.00.00.H49 for a province People's Committee.
RECEIVING_UNIT_CODE_RE = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$")
# The default (``PORTAL_RECEIVING_UNIT_CODE``) and the demo agencies use the
# level-1 code H00: provinces are numbered from H01, so no real body has it.
DEMO_RECEIVING_UNIT_CODE = "000.00.00.H00"
DEMO_LEVEL1_CODE = "H00"

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read aloud and to type from paper.
LOOKUP_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
LOOKUP_LENGTH = 8


def generate_lookup_secret():
    return "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(LOOKUP_LENGTH))


def normalize_lookup_secret(value):
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())


def lookup_secret_matches(given, expected):
    """Whether the look-up secret typed (or in a link) is the dossier's, in
    constant time. Compared as bytes: ``compare_digest`` raises on a str
    with non-ASCII characters, and "ĐĐ" is simply a wrong secret."""
    if not given or not expected:
        return False
    return secrets.compare_digest(normalize_lookup_secret(given).encode(), expected.encode())


def allocate_dossier_code(unit_code, received_at=None):
    """Allocate the next code for ``unit_code`` on the local day of
    ``received_at``: ``<unit>-YYMMDD-NNNN``. Atomic: two concurrent
    submissions never get the same number (row lock on PostgreSQL, the
    IMMEDIATE write lock on SQLite)."""
    received_at = received_at or timezone.now()
    day = timezone.localtime(received_at).date()
    with transaction.atomic():
        updated = DailySequence.objects.filter(unit_code=unit_code, day=day).update(last_number=F("last_number") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    DailySequence.objects.create(unit_code=unit_code, day=day, last_number=1)
            except IntegrityError:
                DailySequence.objects.filter(unit_code=unit_code, day=day).update(last_number=F("last_number") + 1)
        number = (
            DailySequence.objects.select_for_update()
            .values_list("last_number", flat=True)
            .get(unit_code=unit_code, day=day)
        )
    return f"{unit_code}-{day:%y%m%d}-{number:04d}"
