"""Who issues a dossier's documents, as its header says it (Decree
30/2020/NĐ-CP, Phụ lục I): the direct parent body (cơ quan chủ quản, in
capitals, may be abbreviated: "UBND TỈNH LÂM ĐỒNG"), the issuing body's
own name in full (bold capitals: "SỞ TƯ PHÁP"), and the place name of the
dateline: the administrative unit where the issuing body sits ("Lâm Đồng"
for the province and its departments, "Xuân Hương - Đà Lạt" for the
People's Committee of that ward).

Everything is derived from ``content.AgencyPage`` (``kind``, ``level``,
``title``, ``address``); a deployment corrects what cannot be derived with
two optional settings keyed by the agency's ``code``:
``DOCUMENT_PARENT_BODIES`` (the parent line; ``""`` for none) and
``DOCUMENT_PLACE_NAMES`` (the place of the dateline).
"""

import re
from dataclasses import dataclass

from django.conf import settings

from content.constants import AgencyKind, GovernmentLevel

UNIT = r"(xã|phường|thị trấn|đặc khu)"
COMMITTEE = r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)"
CENTER = "Trung tâm Phục vụ hành chính công"
# A central branch's parent: the ministry or national body it belongs to.
CENTRAL_PARENTS = (
    ("công an", "BỘ CÔNG AN"),
    ("bảo hiểm xã hội", "BẢO HIỂM XÃ HỘI VIỆT NAM"),
    ("thuế", "CỤC THUẾ"),
    ("kho bạc", "KHO BẠC NHÀ NƯỚC"),
)


@dataclass(frozen=True)
class Issuer:
    parent: str  # the parent line ("" when the body has none)
    name: str  # the issuing body, lines separated by "\n"
    place: str  # the place name of the dateline
    display_name: str  # the body's name in running text ("Sở Tư pháp tỉnh Lâm Đồng")


def _upper(text):
    return re.sub(r"\s+", " ", text or "").strip().upper()


def province_place():
    """ "Lâm Đồng" from "tỉnh Lâm Đồng"."""
    return re.sub(r"^(tỉnh|thành phố)\s+", "", settings.PORTAL_PROVINCE_NAME or "", flags=re.I).strip()


def _without_province(title):
    """ "Sở Tư pháp" from "Sở Tư pháp tỉnh Lâm Đồng" (the parent line names
    the province already)."""
    province = re.escape(settings.PORTAL_PROVINCE_NAME or "")
    if not province:
        return title
    stripped = re.sub(rf"\s+{province}\s*$", "", title, flags=re.I).strip()
    return stripped or title


def _local_unit(agency):
    """``("phường", "Xuân Hương - Đà Lạt")`` for a commune-level body, from
    its title, else from its address; None when neither names one."""
    title = agency.title or ""
    match = re.search(rf"{COMMITTEE}\s+{UNIT}\s+(.+)$", title, flags=re.I) or re.search(
        rf"{CENTER}\s+{UNIT}\s+(.+)$", title, flags=re.I
    )
    if match is None:
        match = re.search(rf"\b{UNIT}\s+([^,;]+)", agency.address or "", flags=re.I)
    if match is None:
        return None
    kind, name = match.group(1).lower(), match.group(2).strip(" .")
    return (kind, name) if name else None


def _unit_place(kind, name):
    """Decree 30: a unit named by a number keeps its kind ("Phường 1")."""
    return f"{kind.capitalize()} {name}" if re.fullmatch(r"[0-9IVXLC]+", name) else name


def _central_parent(title):
    folded = title.lower()
    return next((parent for key, parent in CENTRAL_PARENTS if folded.startswith(key)), "")


def _derive(agency):
    """``(parent, name lines, place)`` from the agency's kind and level."""
    title = re.sub(r"\s+", " ", agency.title or "").strip()
    province_committee = f"UBND {_upper(settings.PORTAL_PROVINCE_NAME)}"
    commune = agency.level == GovernmentLevel.COMMUNE
    unit = _local_unit(agency) if commune else None
    place = _unit_place(*unit) if unit else province_place()
    if agency.kind == AgencyKind.PEOPLES_COMMITTEE:
        rest = re.sub(rf"^{COMMITTEE}\s+", "", title, flags=re.I)
        return "", f"ỦY BAN NHÂN DÂN\n{_upper(rest)}", place
    if agency.kind == AgencyKind.CENTRAL_BRANCH:
        return _central_parent(title), _upper(title), place
    if commune:
        parent = f"UBND {_upper(unit[0])} {_upper(unit[1])}" if unit else ""
        name = re.sub(rf"\s+{UNIT}\s+.+$", "", title, flags=re.I) if unit else title
        return parent, _upper(name), place
    return province_committee, _upper(_without_province(title)), place


def issuer_of(agency):
    """The :class:`Issuer` of ``agency`` (an ``AgencyPage``), or of the
    provincial center when there is none."""
    if agency is None:
        name = settings.PORTAL_CENTER_NAME
        return Issuer(
            parent=f"UBND {_upper(settings.PORTAL_PROVINCE_NAME)}",
            name=_upper(_without_province(name)),
            place=province_place(),
            display_name=name,
        )
    parent, name, place = _derive(agency)
    parents = getattr(settings, "DOCUMENT_PARENT_BODIES", {}) or {}
    places = getattr(settings, "DOCUMENT_PLACE_NAMES", {}) or {}
    code = agency.code or ""
    return Issuer(
        parent=_upper(parents[code]) if code in parents else parent,
        name=name,
        place=places.get(code) or place,
        display_name=re.sub(rf"^{COMMITTEE}\s+", "Ủy ban nhân dân ", agency.title or "", flags=re.I),
    )
