"""``/bang-dien-tu/``: the lobby board (bảng thông tin điện tử), a full
screen page that refreshes itself from ``/bang-dien-tu/du-lieu.json``."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from eforms.lobby.board import snapshot


def _after(request):
    value = request.GET.get("sau", "")[:18]
    return int(value) if value.isdigit() else 0


@require_GET
def board(request):
    """The first paint comes with the data (the board works without
    JavaScript too, with a meta refresh)."""
    data = snapshot()
    last_call = data["calls"][-1]["id"] if data["calls"] else 0
    return render(request, "lobby/board.html", {"data": data, "last_call": last_call})


@require_GET
def board_data(request):
    """The board's data; ``?sau=<id>`` returns only the calls after it."""
    response = JsonResponse(snapshot(_after(request)), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response
