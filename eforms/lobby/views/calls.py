"""``/can-bo/goi-so/``: an officer calls numbers at a counter of their own
agency (the workspace's access rules and frame)."""

import structlog
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from eforms.lobby import calls
from eforms.workspace.views.common import forbidden, officer_required

log = structlog.get_logger(__name__)

ACTIONS = {
    "goi-tiep": lambda counter, user, ticket: calls.call_next(counter, user),
    "goi-lai": calls.recall,
    "bo-qua": calls.skip,
    "ket-thuc": calls.finish,
}
DONE = {
    "goi-tiep": gettext_lazy("Đã gọi số tiếp theo."),
    "goi-lai": gettext_lazy("Đã gọi lại."),
    "bo-qua": gettext_lazy("Đã bỏ qua số vắng mặt."),
    "ket-thuc": gettext_lazy("Đã kết thúc phục vụ."),
}


def _page(request, counter, *, error=None, notice=None, status=200):
    counters = list(calls.officer_counters(request.user))
    context = {
        "counters": counters,
        "counter": counter,
        "serving": calls.serving(counter) if counter else None,
        "waiting": list(calls.waiting(counter)[:30]) if counter else [],
        "skipped": list(calls.skipped(counter)[:10]) if counter else [],
        "error": error,
        "notice": notice,
    }
    response = render(request, "lobby/calls.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@officer_required
@require_http_methods(["GET"])
def desk(request):
    """Choose a counter (``?quay=<uuid>``), see who is served and who waits."""
    chosen = request.GET.get("quay", "")[:40]
    if not chosen:
        counters = calls.officer_counters(request.user)
        first = counters.first()
        if first is not None and counters.count() == 1:
            return redirect(f"{reverse('lobby:calls')}?quay={first.uuid}")
        return _page(request, None)
    try:
        counter = calls.counter_for(request.user, chosen)
    except calls.CallRefused as refused:
        log.info("lobby_counter_forbidden", user=request.user.pk)
        return forbidden(request, refused.message)
    notice = DONE.get(request.GET.get("xong", ""))
    return _page(request, counter, notice=notice)


@officer_required
@require_POST
def act(request, counter_uuid, action):
    if action not in ACTIONS:
        return forbidden(request, _("Thao tác không hợp lệ."))
    try:
        counter = calls.counter_for(request.user, counter_uuid)
    except calls.CallRefused as refused:
        log.info("lobby_counter_forbidden", user=request.user.pk, action=action)
        return forbidden(request, refused.message)
    try:
        ACTIONS[action](counter, request.user, request.POST.get("so", "")[:40])
    except calls.CallRefused as refused:
        return _page(request, counter, error=refused.message, status=refused.status)
    return redirect(f"{reverse('lobby:calls')}?quay={counter.uuid}&xong={action}")
