"""``/thanh-toan/``: start a payment, the gateway's return and IPN, and the
local simulated bank page of the sandbox provider. The rules are
``eforms.payments.services``'."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eforms.payments.services import (
    PaymentNotAllowed,
    acknowledge_notification,
    payment_result,
    sandbox_answer,
    sandbox_request,
    start_payment,
)
from eforms.payments.window import ExtensionRefused, extend_window
from eforms.submission.views.common import confirmation_url, dossier_or_404, rate_limited, too_many, unavailable
from portal.clientaddress import client_address


@require_POST
def payment_start(request, dossier_uuid, secret):
    dossier, error = dossier_or_404(request, dossier_uuid, secret)
    if error:
        return error
    if rate_limited(request, "payment"):
        return too_many(request)
    try:
        _txn, url = start_payment(
            dossier,
            return_url=request.build_absolute_uri(reverse("eforms:payment_return")),
            client_ip=client_address(request),
        )
    except PaymentNotAllowed:
        return unavailable(
            request,
            _("Không thể thanh toán hồ sơ này"),
            _("Hồ sơ đã được thanh toán, không phải nộp phí hoặc đã hết hạn thanh toán."),
            status=400,
        )
    if url.startswith(("http://", "https://")):
        # A real gateway on another origin: a link (form-action CSP is 'self').
        return render(request, "eforms/payment_redirect.html", {"dossier": dossier, "url": url})
    return redirect(url)


@require_POST
def payment_extend(request, dossier_uuid, secret):
    """The citizen's "Gia hạn thời gian thanh toán" button (once per dossier)."""
    dossier, error = dossier_or_404(request, dossier_uuid, secret)
    if error:
        return error
    if rate_limited(request, "payment"):
        return too_many(request)
    try:
        extend_window(dossier.pk)
    except ExtensionRefused as refused:
        return unavailable(request, _("Không gia hạn được thời gian thanh toán"), str(refused), status=400)
    return redirect(confirmation_url(dossier) + "?gia-han=1")


@require_GET
def payment_return(request):
    """The citizen's browser coming back from the gateway: shows the result
    (the IPN alone changes the dossier)."""
    result = payment_result(request.GET.dict())
    if result is None:
        return unavailable(
            request,
            _("Kết quả thanh toán không hợp lệ"),
            _("Chữ ký của cổng thanh toán không đúng hoặc giao dịch không tồn tại."),
            status=400,
        )
    txn = result.transaction
    return render(
        request,
        "eforms/payment_result.html",
        {
            "dossier": txn.dossier,
            "txn": txn,
            "success": result.success,
            "confirmation_url": confirmation_url(txn.dossier),
        },
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def payment_ipn(request):
    """Server-to-server notification (VNPAY sends GET with the signed query)."""
    params = request.GET.dict() if request.method == "GET" else request.POST.dict()
    return JsonResponse(acknowledge_notification(params))


@require_http_methods(["GET", "POST"])
def sandbox_bank(request):
    """The simulated bank of the sandbox provider: checks the merchant's
    signature like the gateway would, lets the citizen pay or cancel, sends
    the IPN server-side, then sends the browser to ``vnp_ReturnUrl``."""
    params = (request.GET if request.method == "GET" else request.POST).dict()
    bank_request = sandbox_request(params)
    if bank_request is None:
        return unavailable(request, _("Yêu cầu thanh toán không hợp lệ"), _("Sai chữ ký (vnp_SecureHash)."), status=400)
    if request.method == "GET":
        return render(
            request,
            "eforms/sandbox_bank.html",
            {"params": bank_request.params, "amount": bank_request.amount_vnd, "order_info": bank_request.order_info},
        )
    response_params = sandbox_answer(bank_request, success=params.get("choice") == "success")
    return redirect(f"{bank_request.params['vnp_ReturnUrl']}?{urlencode(response_params)}")
