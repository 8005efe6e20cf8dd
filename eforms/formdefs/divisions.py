"""Administrative units shipped as data in ``eforms/data/``.

- ``units-2025.json``: the 34 provinces and their 3,321 communes/wards in
  force since 1 July 2025 (exported from ``vietnam-provinces==2025.10.1``).
- ``provinces-pre-2025.json``: the 63 provinces before the merger, kept for
  old records and for the province code of a citizen ID (CCCD).
"""

import json
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def _units_2025():
    with open(DATA_DIR / "units-2025.json", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _provinces_pre_2025():
    with open(DATA_DIR / "provinces-pre-2025.json", encoding="utf-8") as fh:
        return json.load(fh)["provinces"]


@lru_cache(maxsize=1)
def provinces():
    """``[(code, name), ...]`` of the 34 provinces, by name order of the list."""
    return [(p["code"], p["name"]) for p in _units_2025()["provinces"]]


@lru_cache(maxsize=1)
def _province_index():
    return {p["code"]: p for p in _units_2025()["provinces"]}


@lru_cache(maxsize=1)
def _ward_index():
    index = {}
    for p in _units_2025()["provinces"]:
        for code, name in p["wards"]:
            index[code] = (name, p["code"])
    return index


def province_name(code):
    province = _province_index().get(_as_int(code))
    return province["name"] if province else None


def wards_of(province_code):
    """``[(code, name), ...]`` of the communes/wards of a province."""
    province = _province_index().get(_as_int(province_code))
    return [(code, name) for code, name in province["wards"]] if province else []


def ward(code):
    """``(name, province_code)`` or ``None``."""
    return _ward_index().get(_as_int(code))


def legacy_provinces():
    """``[(code, name), ...]`` of the 63 provinces before 1 July 2025."""
    return [(p["code"], p["name"]) for p in _provinces_pre_2025()]


@lru_cache(maxsize=1)
def cccd_province_codes():
    """The three-digit codes a CCCD can start with (``0`` + province code)."""
    return frozenset(f"{p['code']:03d}" for p in _provinces_pre_2025())


def format_address(street, ward_code, province_code):
    parts = [street.strip()] if street and street.strip() else []
    found = ward(ward_code)
    if found:
        parts.append(found[0])
    name = province_name(province_code)
    if name:
        parts.append(name)
    return ", ".join(parts)


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
