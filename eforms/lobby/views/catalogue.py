"""The catalogue inside the kiosk: search (the portal's search services),
procedure sheets and the printable "what to bring" checklist (thành phần hồ
sơ, phí/lệ phí, thời hạn giải quyết) on 80 mm thermal paper or A4."""

from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from eforms.lobby.views.common import kiosk_render
from search.candidates import live_procedures
from search.services import most_used_procedures, search_procedures

QUERY_MAX_LENGTH = 200
PAPERS = ("80mm", "a4")


def _procedure(code):
    code = (code or "")[:40]
    page = live_procedures().filter(code=code).select_related("agency", "field").first()
    if page is None:
        raise Http404(code)
    return page


@require_GET
def search(request):
    query = request.GET.get("q", "")[:QUERY_MAX_LENGTH].replace("\x00", "")
    outcome = search_procedures(query, per_page=10) if query.strip() else None
    context = {"query": query, "outcome": outcome, "popular": most_used_procedures(8)}
    return kiosk_render(request, "lobby/kiosk/search.html", context)


@require_GET
def procedure(request, code):
    page = _procedure(code)
    context = {"page": page, "methods": page.methods.all(), "groups": page.numbered_component_groups()}
    return kiosk_render(request, "lobby/kiosk/procedure.html", context)


@require_GET
def checklist(request, code):
    """One page to print: ``?giay=80mm`` (thermal, the default) or ``a4``."""
    paper = request.GET.get("giay", "80mm")
    if paper not in PAPERS:
        return redirect(f"{request.path}?giay=80mm")
    page = _procedure(code)
    context = {"page": page, "groups": page.numbered_component_groups(), "paper": paper}
    return kiosk_render(request, "lobby/kiosk/checklist.html", context)
