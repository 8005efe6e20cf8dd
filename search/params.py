"""Search parameters from a query string, shared by the page and the API.

Invalid values give a Vietnamese message (English with ``?lang=en``); the
page shows it and ignores the value, the API answers 400 with it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from content.constants import GovernmentLevel, OnlineLevel
from content.models import AgencyPage, FieldPage

from .facets import Filters

MAX_PAGE = 10_000


@dataclass
class SearchParams:
    query: str = ""
    filters: Filters = field(default_factory=Filters)
    page: int = 1
    errors: list = field(default_factory=list)


def _clean(value):
    if value is None:
        return ""
    return "".join(ch for ch in str(value) if ch.isprintable()).strip()[:100]


def parse_search_params(data):
    """``data``: a QueryDict or a dict of strings."""
    params = SearchParams(query=data.get("q") or "")
    errors = params.errors

    page = _clean(data.get("page"))
    if page:
        # ASCII digits only: "²" passes ``isdigit`` but not ``int`` (a 500)
        if page.isascii() and page.isdigit() and 1 <= int(page) <= MAX_PAGE:
            params.page = int(page)
        else:
            errors.append(_("Số trang không hợp lệ: phải là số nguyên dương."))

    code = _clean(data.get("field"))
    if code:
        params.filters.field = FieldPage.objects.live().filter(code__iexact=code).first()
        if params.filters.field is None:
            errors.append(_("Không có lĩnh vực với mã “%(code)s”.") % {"code": code})

    code = _clean(data.get("agency"))
    if code:
        params.filters.agency = AgencyPage.objects.live().filter(code__iexact=code).first()
        if params.filters.agency is None:
            errors.append(_("Không có cơ quan với mã “%(code)s”.") % {"code": code})

    level = _clean(data.get("level"))
    if level:
        if level in GovernmentLevel.values:
            params.filters.level = level
        else:
            errors.append(
                _("Cấp thực hiện không hợp lệ; dùng một trong: %(values)s.")
                % {"values": ", ".join(GovernmentLevel.values)}
            )

    online = _clean(data.get("online_level"))
    if online:
        if online in OnlineLevel.values:
            params.filters.online_level = online
        else:
            errors.append(
                _("Mức độ dịch vụ trực tuyến không hợp lệ; dùng một trong: %(values)s.")
                % {"values": ", ".join(OnlineLevel.values)}
            )
    return params
