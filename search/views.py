"""The search page ``/tim-kiem/?q=``: results with highlighted matches,
facets, pagination and help when nothing matches. Works without JavaScript."""

import logging
from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .params import parse_search_params
from .querylog import log_search
from .services import FACET_NAMES, most_used_procedures, procedure_url, search_procedures

logger = logging.getLogger("search")


FACET_LABELS = {
    "field": _("Lĩnh vực"),
    "agency": _("Cơ quan thực hiện"),
    "level": _("Cấp thực hiện"),
    "online_level": _("Mức độ trực tuyến"),
}


def _url(base, **params):
    """``base`` with the non-empty parameters (page 1 left out)."""
    params = {
        key: value for key, value in params.items() if value not in (None, "") and not (key == "page" and value == 1)
    }
    return f"{base}?{urlencode(params)}" if params else base


@require_GET
def search_view(request):
    params = parse_search_params(request.GET)
    outcome = search_procedures(params.query, params.filters, params.page)
    log_search(outcome, params.filters)

    current = {
        "q": outcome.query,
        "field": params.filters.field.code if params.filters.field else "",
        "agency": params.filters.agency.code if params.filters.agency else "",
        "level": params.filters.level,
        "online_level": params.filters.online_level,
    }
    base = request.path
    pages = []
    if outcome.pages > 1:
        window = range(max(1, outcome.page - 3), min(outcome.pages, outcome.page + 3) + 1)
        pages = [{"number": n, "url": _url(base, **current, page=n), "current": n == outcome.page} for n in window]
    for hit in outcome.hits:
        hit.url = procedure_url(hit.page, request)
    facet_groups = [
        {"name": name, "label": FACET_LABELS[name], "values": outcome.facets.get(name, []), "selected": current[name]}
        for name in FACET_NAMES
    ]
    context = {
        "outcome": outcome,
        "query_string": outcome.query,
        "params": params,
        "current": current,
        "facet_groups": facet_groups,
        "pages": pages,
        "start_index": (outcome.page - 1) * outcome.per_page + 1,
        "previous_url": _url(base, **current, page=outcome.page - 1) if outcome.page > 1 else "",
        "next_url": _url(base, **current, page=outcome.page + 1) if outcome.page < outcome.pages else "",
        "clear_filters_url": _url(base, q=outcome.query),
        "suggestion_url": _url(base, q=outcome.suggestion) if outcome.suggestion else "",
        "most_used": [] if outcome.has_results else most_used_procedures(),
    }
    for item in context["most_used"]:
        item.search_url = procedure_url(item, request)
    logger.info(
        "search.page query=%r total=%s page=%s corrected=%r",
        outcome.query,
        outcome.total,
        outcome.page,
        outcome.corrected_query,
    )
    return TemplateResponse(request, "search/search.html", context)
