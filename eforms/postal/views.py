"""The operator's status callback (``/buu-chinh/trang-thai/``) and the
sandbox operator's pages and API (``/sandbox/buu-chinh/``, mounted only with
``POSTAL_BACKEND=sandbox``). Logic lives in ``callbacks`` and
``operators.sandbox_server``."""

import json

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eforms.postal import callbacks
from eforms.postal.constants import ParcelStatus
from eforms.postal.models import SandboxParcel
from eforms.postal.operators import sandbox_server
from eforms.postal.operators.protocol import MAX_CALLBACK_BYTES
from eforms.postal.operators.registry import sandbox_enabled

MAX_API_BYTES = 64 * 1024


def _read_body(request, limit):
    """The raw body, or ``None`` when it is larger than ``limit``."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    body = request.read(limit + 1)
    return None if len(body) > limit else body


@csrf_exempt
@require_POST
def status_callback(request):
    body = _read_body(request, MAX_CALLBACK_BYTES)
    if body is None:
        return JsonResponse({"result": "rejected", "reason": "too_large"}, status=413)
    status, answer = callbacks.receive(body, request.headers)
    return JsonResponse(answer, status=status)


# --- the sandbox operator -------------------------------------------------------------


def _sandbox_only():
    if not sandbox_enabled():
        raise Http404


def _sandbox_key():
    return settings.POSTAL_API_KEY or "sandbox"


def _api(request, handler):
    _sandbox_only()
    if not constant_time_compare(request.headers.get("X-Api-Key", ""), _sandbox_key()):
        return JsonResponse({"code": "error", "message": "invalid X-Api-Key"}, status=401)
    body = _read_body(request, MAX_API_BYTES)
    if body is None:
        return JsonResponse({"code": "error", "message": "body too large"}, status=413)
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return JsonResponse({"code": "error", "message": "invalid JSON"}, status=400)
    status, answer = handler(payload)
    return JsonResponse(answer, status=status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_POST
def sandbox_create(request):
    return _api(request, sandbox_server.create)


@csrf_exempt
@require_POST
def sandbox_fees(request):
    return _api(request, sandbox_server.fees)


@require_GET
def sandbox_tracking(request, item_code):
    _sandbox_only()
    if not constant_time_compare(request.headers.get("X-Api-Key", ""), _sandbox_key()):
        return JsonResponse({"code": "error", "message": "invalid X-Api-Key"}, status=401)
    status, answer = sandbox_server.tracking(item_code)
    return JsonResponse(answer, status=status, json_dumps_params={"ensure_ascii": False})


def _deliver_in_process(body, headers):
    return callbacks.receive(body, headers)


@require_http_methods(["GET", "POST"])
def sandbox_console(request):
    """The sandbox's console: every parcel, and a button that moves one to
    its next status (the signed callback reaches the portal at once)."""
    _sandbox_only()
    if request.method == "POST":
        code = str(request.POST.get("item_code", ""))[:13].upper()
        wanted = request.POST.get("status") or None
        if wanted is not None and wanted not in ParcelStatus.values:
            wanted = None
        sandbox_server.advance(code, wanted, deliver=_deliver_in_process)
        return redirect(request.path + "#" + code)
    parcels = [
        {"parcel": parcel, "next": sandbox_server.next_status(parcel)} for parcel in SandboxParcel.objects.all()[:100]
    ]
    response = render(
        request,
        "postal/sandbox_console.html",
        {"parcels": parcels, "statuses": dict(ParcelStatus.choices)},
    )
    response["Cache-Control"] = "private, no-store"
    return response
