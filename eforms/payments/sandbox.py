"""VNPAY protocol (Payment API 2.1.0) and a local sandbox gateway.

The redirect URL carries the ``vnp_*`` parameters sorted by name plus
``vnp_SecureHash`` = HMAC-SHA512(secret, urlencoded sorted query). The
gateway answers twice with the same signed parameters: the citizen's
browser on ``vnp_ReturnUrl`` (display only) and the server-to-server IPN,
which alone changes the dossier, after checking signature AND amount, and
which answers ``{"RspCode": "02"}`` when the order is already confirmed.

``VnpayProvider`` talks to a real VNPAY gateway (``PAYMENT_VNPAY_URL``);
``VnpaySandboxProvider`` is the same protocol against the simulated bank
page of this portal (``/thanh-toan/sandbox/``).
"""

import hashlib
import hmac
from urllib.parse import quote_plus

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from eforms.payments.base import Notification, PaymentProvider
from eforms.payments.registry import register

IPN_RESPONSES = {
    "confirmed": ("00", "Confirm Success"),
    "already_confirmed": ("02", "Order already confirmed"),
    "not_found": ("01", "Order not found"),
    "invalid_amount": ("04", "Invalid amount"),
    "invalid_signature": ("97", "Invalid signature"),
    "error": ("99", "Unknown error"),
}


def canonical_query(params):
    """``k=v&...`` over the ``vnp_*`` parameters sorted by name, values
    urlencoded with ``+`` for spaces (VNPAY's reference implementation)."""
    items = sorted(
        (k, v)
        for k, v in params.items()
        if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType") and v not in (None, "")
    )
    return "&".join(f"{k}={quote_plus(str(v))}" for k, v in items)


def sign(params, secret):
    return hmac.new(secret.encode(), canonical_query(params).encode(), hashlib.sha512).hexdigest()


def _vnp_time(value):
    return timezone.localtime(value).strftime("%Y%m%d%H%M%S")


@register
class VnpayProvider(PaymentProvider):
    name = "vnpay"
    label = "VNPAY"

    def __init__(self):
        self.tmn_code = getattr(settings, "PAYMENT_VNPAY_TMN_CODE", "")
        self.secret = getattr(settings, "PAYMENT_VNPAY_SECRET", "")
        self.gateway_url = getattr(settings, "PAYMENT_VNPAY_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html")

    def payment_url(self, *, txn_ref, amount_vnd, order_info, return_url, client_ip, created_at, expires_at):
        if not self.secret:
            raise RuntimeError("payment provider secret is not configured")
        params = {
            "vnp_Version": "2.1.0",
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(int(amount_vnd) * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": txn_ref,
            "vnp_OrderInfo": order_info,
            "vnp_OrderType": "other",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": client_ip,
            "vnp_CreateDate": _vnp_time(created_at),
            "vnp_ExpireDate": _vnp_time(expires_at),
        }
        query = canonical_query(params)
        return f"{self.gateway_url}?{query}&vnp_SecureHash={sign(params, self.secret)}"

    def verify(self, params):
        given = params.get("vnp_SecureHash", "")
        if not (self.secret and given):
            return False
        # bytes: ``compare_digest`` refuses a str with non-ASCII characters
        return hmac.compare_digest(str(given).lower().encode(), sign(params, self.secret).encode())

    def parse_notification(self, params):
        params = {k: v for k, v in params.items() if k.startswith("vnp_")}
        if not self.verify(params):
            return Notification(valid_signature=False, raw=params)
        try:
            amount = int(params.get("vnp_Amount", "")) // 100 if int(params.get("vnp_Amount", "")) % 100 == 0 else None
        except ValueError:
            amount = None
        code = params.get("vnp_ResponseCode", "")
        return Notification(
            valid_signature=True,
            txn_ref=params.get("vnp_TxnRef", ""),
            amount_vnd=amount,
            success=code == "00" and params.get("vnp_TransactionStatus", "00") == "00",
            response_code=code,
            provider_txn_no=params.get("vnp_TransactionNo", ""),
            bank_code=params.get("vnp_BankCode", ""),
            raw=params,
        )

    def ipn_response(self, outcome):
        code, message = IPN_RESPONSES.get(outcome, IPN_RESPONSES["error"])
        return {"RspCode": code, "Message": message}


@register
class VnpaySandboxProvider(VnpayProvider):
    """VNPAY's protocol against the portal's simulated bank page."""

    name = "vnpay_sandbox"
    label = "Cổng thanh toán thử nghiệm (giao thức VNPAY)"

    def __init__(self):
        super().__init__()
        self.tmn_code = getattr(settings, "PAYMENT_SANDBOX_TMN_CODE", "DVCSBX01")
        # The sandbox plays both sides; without a configured secret it
        # derives one from SECRET_KEY so dev and tests need no setting.
        self.secret = (
            getattr(settings, "PAYMENT_SANDBOX_SECRET", "")
            or hmac.new(settings.SECRET_KEY.encode(), b"eforms-payment-sandbox", hashlib.sha256).hexdigest()
        )
        self.gateway_url = reverse("eforms:payment_sandbox_bank")

    def gateway_response(self, request_params, *, success, transaction_no, pay_date):
        """What the gateway sends back (return URL and IPN), signed."""
        params = {
            "vnp_TmnCode": request_params["vnp_TmnCode"],
            "vnp_Amount": request_params["vnp_Amount"],
            "vnp_BankCode": "NCB" if success else "",
            "vnp_BankTranNo": f"VNP{transaction_no}" if success else "",
            "vnp_CardType": "ATM" if success else "",
            "vnp_OrderInfo": request_params["vnp_OrderInfo"],
            "vnp_PayDate": _vnp_time(pay_date),
            "vnp_ResponseCode": "00" if success else "24",
            "vnp_TransactionNo": transaction_no if success else "0",
            "vnp_TransactionStatus": "00" if success else "02",
            "vnp_TxnRef": request_params["vnp_TxnRef"],
        }
        params = {k: v for k, v in params.items() if v != ""}
        params["vnp_SecureHash"] = sign(params, self.secret)
        return params
