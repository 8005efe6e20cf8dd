"""HTTP face of the sandbox (thin: ``receiver`` does the work)."""

import json

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from eforms.national.models import SandboxFault, SandboxReceipt, SandboxRefusal
from eforms.national.sandbox import receiver

MAX_BODY = 1024 * 1024


def _answer(answer):
    if answer.text is not None:
        return HttpResponse(answer.text, status=answer.status, content_type="text/html; charset=utf-8")
    return JsonResponse(answer.body, status=answer.status, json_dumps_params={"ensure_ascii": False})


def _json(request):
    if len(request.body) > MAX_BODY:
        return None, "nội dung yêu cầu quá lớn"
    try:
        return json.loads(request.body.decode("utf-8")), ""
    except (UnicodeDecodeError, ValueError):
        return None, "nội dung yêu cầu không phải JSON hợp lệ"


@require_GET
def home(request):
    return render(
        request,
        "national/sandbox_home.html",
        {
            "receipts": SandboxReceipt.objects.order_by("-id")[:50],
            "refusals": SandboxRefusal.objects.order_by("-id")[:20],
            "faults": SandboxFault.objects.filter(remaining__gt=0),
            "total": SandboxReceipt.objects.count(),
        },
    )


@csrf_exempt
@require_POST
def auth(request):
    body, problem = _json(request)
    if problem or not isinstance(body, dict):
        return _answer(receiver.Answer(400, {"error_code": 1, "message": problem or "thiếu tài khoản kết nối"}))
    return _answer(receiver.issue_session(body.get("username"), body.get("password")))


@csrf_exempt
@require_POST
def integration(request):
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if not receiver.authorised(token):
        return _answer(
            receiver.Answer(401, {"error_code": "01", "message": "Phiên kết nối không hợp lệ hoặc đã hết hạn"})
        )
    fault = receiver.take_fault()
    if fault:
        played = receiver.play_fault(fault)
        if played is not None:
            return _answer(played)
    body, problem = _json(request)
    text = request.body.decode("utf-8", "replace")
    if problem:
        return _answer(receiver.refuse([problem], text))
    return _answer(receiver.handle(body, text, request.headers.get("Idempotency-Key", "")))
