"""``/thanh-toan/``: start a payment, the gateway's return and IPN, and the
local simulated bank page of the sandbox provider."""
import logging

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eforms.payments.models import PaymentTransaction
from eforms.payments.registry import get_provider
from eforms.payments.services import PaymentNotAllowed, handle_notification, start_payment
from portal.clientaddress import client_address
from eforms.submission.views.common import rate_limited, too_many, unavailable
from eforms.submission.views.steps import _confirmation_url, _dossier_or_404

logger = logging.getLogger("eforms.payments")


@require_POST
def payment_start(request, dossier_uuid, secret):
    dossier, error = _dossier_or_404(request, dossier_uuid, secret)
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


@require_GET
def payment_return(request):
    """The citizen's browser coming back from the gateway: shows the result
    (the IPN alone changes the dossier)."""
    provider = get_provider()
    note = provider.parse_notification(request.GET.dict())
    txn = None
    if note.valid_signature:
        txn = PaymentTransaction.objects.filter(txn_ref=note.txn_ref).select_related("dossier").first()
    if txn is None:
        return unavailable(
            request, _("Kết quả thanh toán không hợp lệ"), _("Chữ ký của cổng thanh toán không đúng hoặc giao dịch không tồn tại."),
            status=400,
        )
    txn.refresh_from_db()
    return render(
        request,
        "eforms/payment_result.html",
        {
            "dossier": txn.dossier,
            "txn": txn,
            "success": note.success and txn.state == PaymentTransaction.State.PAID,
            "confirmation_url": _confirmation_url(txn.dossier),
        },
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def payment_ipn(request):
    """Server-to-server notification (VNPAY sends GET with the signed query)."""
    params = request.GET.dict() if request.method == "GET" else request.POST.dict()
    provider = get_provider()
    try:
        outcome, _txn = handle_notification(params)
    except Exception:
        logger.exception("event=payment_ipn_error")
        outcome = "error"
    return JsonResponse(provider.ipn_response(outcome))


@require_http_methods(["GET", "POST"])
def sandbox_bank(request):
    """The simulated bank of the sandbox provider: checks the merchant's
    signature like the gateway would, lets the citizen pay or cancel, sends
    the IPN server-side, then sends the browser to ``vnp_ReturnUrl``."""
    provider = get_provider("vnpay_sandbox")
    params = (request.GET if request.method == "GET" else request.POST).dict()
    params.pop("csrfmiddlewaretoken", None)
    choice = params.pop("choice", None)
    signed = {k: v for k, v in params.items() if k.startswith("vnp_")}
    if not provider.verify(signed):
        return unavailable(request, _("Yêu cầu thanh toán không hợp lệ"), _("Sai chữ ký (vnp_SecureHash)."), status=400)
    amount = int(signed.get("vnp_Amount", "0")) // 100
    if request.method == "GET":
        return render(
            request,
            "eforms/sandbox_bank.html",
            {"params": signed, "amount": amount, "order_info": signed.get("vnp_OrderInfo", "")},
        )
    success = choice == "success"
    now = timezone.now()
    response_params = provider.gateway_response(
        signed, success=success, transaction_no=f"{int(now.timestamp() * 1000) % 10**10:010d}", pay_date=now
    )
    outcome, _txn = handle_notification(response_params, provider_name=provider.name)
    logger.info("event=sandbox_ipn outcome=%s txn=%s", outcome, signed.get("vnp_TxnRef"))
    from urllib.parse import urlencode

    return redirect(f"{signed['vnp_ReturnUrl']}?{urlencode(response_params)}")
