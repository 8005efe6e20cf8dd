"""Parsing of the catalogue's GET parameters (``/thu-tuc/?field=ho-tich&online=full``).

Every parameter is optional, repeated values are allowed for facets, and
anything unknown, malformed or oversized is dropped: a bad link shows the
unfiltered catalogue, never an error page.
"""

from dataclasses import dataclass, field

from django.db.models import F

from .collation import CodePointOrder
from .constants import GovernmentLevel, OnlineLevel
from .text import fold

PAGE_SIZE = 20
MAX_VALUES = 50
MAX_LENGTH = 200

#: facet name → (GET parameter, ORM lookup of the value)
FACETS = {
    "field": ("field", "field__code"),
    "agency": ("agency", "agency__code"),
    "level": ("level", "level"),
    "online": ("online", "online_level"),
}

#: sort key → ORM ordering
SORTS = {
    # folded_name starts with the name's Vietnamese collation key
    "name": (CodePointOrder("folded_name"), "code"),
    "code": ("code",),
    "time": (F("processing_days").asc(nulls_last=True), CodePointOrder("folded_name")),
}
DEFAULT_SORT = "name"


@dataclass
class CatalogueQuery:
    q: str = ""
    sort: str = DEFAULT_SORT
    page: str = "1"
    selected: dict = field(default_factory=dict)  # facet name → set of values

    @property
    def folded_q(self):
        return fold(self.q)

    def is_filtered(self):
        return bool(self.q or any(self.selected.values()))


def _clean_values(values):
    cleaned = []
    for value in values[:MAX_VALUES]:
        value = "".join(ch for ch in (value or "") if ch.isprintable()).strip()
        if value and len(value) <= MAX_LENGTH and value not in cleaned:
            cleaned.append(value)
    return cleaned


def parse_query(params, known_fields=None, known_agencies=None):
    """Read a ``QueryDict``. ``known_fields``/``known_agencies`` map page id
    (as text) and code to the code; values not known are dropped."""
    known_fields = known_fields or {}
    known_agencies = known_agencies or {}
    allowed = {
        "field": known_fields,
        "agency": known_agencies,
        "level": {value: value for value in GovernmentLevel.values},
        "online": {value: value for value in OnlineLevel.values},
    }
    selected = {}
    for name, (param, _lookup) in FACETS.items():
        values = _clean_values(params.getlist(param))
        selected[name] = {allowed[name][value] for value in values if value in allowed[name]}
    sort = params.get("sort", DEFAULT_SORT)
    if sort not in SORTS:
        sort = DEFAULT_SORT
    q = "".join(ch for ch in (params.get("q") or "") if ch.isprintable()).strip()[:MAX_LENGTH]
    page = (params.get("page") or "1")[:12]
    return CatalogueQuery(q=q, sort=sort, page=page, selected=selected)
