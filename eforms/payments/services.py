"""Payment state of dossiers: start, confirm (IPN), expire.

Only the verified server-to-server notification changes a dossier; the
browser's return is shown to the citizen but changes nothing. Confirmation
is idempotent: the transaction and dossier rows are locked, and a second
notification for a confirmed transaction answers "already confirmed"
without effects. A paid dossier is handed off in the same transaction.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

import structlog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eforms.dossiers.constants import DossierStatus, PaymentStatus
from eforms.dossiers.history import record_status
from eforms.dossiers.models import Dossier
from eforms.dossiers.signals import release
from eforms.payments.charges import amount_due
from eforms.payments.models import PaymentTransaction
from eforms.payments.registry import get_provider
from eforms.payments.signals import payment_confirmed

log = structlog.get_logger(__name__)


class PaymentNotAllowed(Exception):
    pass


def can_pay(dossier):
    return (
        dossier.payment_status in (PaymentStatus.PENDING, PaymentStatus.FAILED)
        and amount_due(dossier) > 0
        and (dossier.payment_due_at is None or dossier.payment_due_at > timezone.now())
    )


def start_payment(dossier, *, return_url, client_ip, provider_name=None):
    """Create a transaction and return the provider's redirect URL."""
    if not can_pay(dossier):
        raise PaymentNotAllowed(dossier.payment_status)
    provider = get_provider(provider_name)
    now = timezone.now()
    txn = PaymentTransaction.objects.create(
        dossier=dossier,
        provider=provider.name,
        txn_ref=f"{timezone.localtime(now):%y%m%d%H%M%S}{secrets.token_hex(4).upper()}",
        amount_vnd=amount_due(dossier),
    )
    expires = dossier.payment_due_at or now + timedelta(minutes=settings.PAYMENT_EXPIRY_MINUTES)
    url = provider.payment_url(
        txn_ref=txn.txn_ref,
        amount_vnd=txn.amount_vnd,
        order_info=f"Thanh toan phi ho so {dossier.code}",
        return_url=return_url,
        client_ip=client_ip,
        created_at=now,
        expires_at=expires,
    )
    log.info("payment_started", dossier=dossier.code, txn=txn.txn_ref, amount=txn.amount_vnd)
    return txn, url


def usable_ref(txn_ref):
    """A ``vnp_TxnRef`` worth a query: ours are short and printable; a NUL
    byte would make PostgreSQL refuse the query (a 500)."""
    return bool(txn_ref) and len(str(txn_ref)) <= 64 and "\x00" not in str(txn_ref)


def handle_notification(params, provider_name=None):
    """Apply a server-to-server payment notification. Returns
    ``(outcome, transaction or None)``; see ``PaymentProvider.ipn_response``."""
    provider = get_provider(provider_name)
    note = provider.parse_notification(params)
    if not note.valid_signature:
        log.warning("payment_ipn_bad_signature", txn=params.get("vnp_TxnRef", ""))
        return "invalid_signature", None
    if not usable_ref(note.txn_ref):
        return "not_found", None
    with transaction.atomic():
        txn = (
            PaymentTransaction.objects.select_for_update().filter(txn_ref=note.txn_ref, provider=provider.name).first()
        )
        if txn is None:
            return "not_found", None
        if note.amount_vnd != txn.amount_vnd:
            log.warning("payment_ipn_bad_amount", txn=txn.txn_ref, amount=note.amount_vnd)
            return "invalid_amount", txn
        if txn.state != PaymentTransaction.State.PENDING:
            return "already_confirmed", txn
        dossier = Dossier.objects.select_for_update().get(pk=txn.dossier_id)
        now = timezone.now()
        txn.notified_payload = note.raw
        txn.response_code = note.response_code
        txn.provider_txn_no = note.provider_txn_no
        txn.bank_code = note.bank_code
        if not note.success:
            txn.state = (
                PaymentTransaction.State.CANCELLED if note.response_code == "24" else PaymentTransaction.State.FAILED
            )
            txn.save()
            log.info("payment_failed", dossier=dossier.code, txn=txn.txn_ref, code=note.response_code)
            return "confirmed", txn
        txn.state = PaymentTransaction.State.PAID
        txn.paid_at = now
        txn.save()
        if dossier.payment_status in (PaymentStatus.PAID, PaymentStatus.EXPIRED):
            # Paid by another transaction first, or after the window closed:
            # recorded, no (second) hand-off; a refund is a counter matter.
            event = "payment_duplicate" if dossier.payment_status == PaymentStatus.PAID else "payment_after_expiry"
            log.warning(event, dossier=dossier.code, txn=txn.txn_ref)
            return "confirmed", txn
        dossier.payment_status = PaymentStatus.PAID
        # No due date yet: the clock starts when an officer accepts the
        # dossier (``eforms.dossiers.deadlines.start_clock``).
        dossier.save(update_fields=["payment_status", "updated_at"])
        release(dossier)
    log.info("payment_confirmed", dossier=dossier.code, txn=txn.txn_ref)
    payment_confirmed.send(sender=PaymentTransaction, dossier=dossier, transaction=txn)
    return "confirmed", txn


def expire_unpaid(now=None):
    """Mark dossiers whose payment window passed; they stop (status 8)."""
    now = now or timezone.now()
    expired = []
    candidates = Dossier.objects.filter(payment_status=PaymentStatus.PENDING, payment_due_at__lt=now).values_list(
        "pk", flat=True
    )
    for pk in list(candidates):
        with transaction.atomic():
            dossier = Dossier.objects.select_for_update().get(pk=pk)
            if dossier.payment_status != PaymentStatus.PENDING:
                continue
            if dossier.payments.filter(state=PaymentTransaction.State.PAID).exists():
                continue
            dossier.payment_status = PaymentStatus.EXPIRED
            dossier.save(update_fields=["payment_status", "updated_at"])
            record_status(
                dossier,
                DossierStatus.STOPPED,
                actor_label="Hệ thống",
                note="Quá hạn thanh toán phí, lệ phí trực tuyến",
                at=now,
            )
            expired.append(dossier.code)
    if expired:
        log.info("payments_expired", count=len(expired))
    return expired


# --- what the payment pages ask -------------------------------------------


def acknowledge_notification(params):
    """The gateway's server-to-server notification: applied, and answered in
    the provider's words; an unexpected failure answers "error" (the
    gateway retries) instead of a 500."""
    provider = get_provider()
    try:
        outcome, _txn = handle_notification(params)
    except Exception:
        log.exception("payment_ipn_error", txn=params.get("vnp_TxnRef", ""))
        outcome = "error"
    return provider.ipn_response(outcome)


@dataclass
class PaymentResult:
    transaction: PaymentTransaction
    success: bool


def payment_result(params):
    """What the citizen's browser brings back from the gateway, checked:
    ``PaymentResult`` or None when the signature or the transaction is
    wrong. Display only: the notification alone changes the dossier."""
    note = get_provider().parse_notification(params)
    if not note.valid_signature or not usable_ref(note.txn_ref):
        return None
    txn = PaymentTransaction.objects.filter(txn_ref=note.txn_ref).select_related("dossier").first()
    if txn is None:
        return None
    return PaymentResult(transaction=txn, success=note.success and txn.state == PaymentTransaction.State.PAID)


SANDBOX_PROVIDER = "vnpay_sandbox"
# what the simulated bank needs to answer (``gateway_response``, the redirect)
SANDBOX_REQUIRED = ("vnp_TmnCode", "vnp_Amount", "vnp_OrderInfo", "vnp_TxnRef", "vnp_ReturnUrl")


@dataclass
class SandboxRequest:
    params: dict
    amount_vnd: int
    order_info: str


def sandbox_request(params):
    """The merchant's signed request as the sandbox bank sees it, or None
    when the signature is wrong (the gateway's own check)."""
    provider = get_provider(SANDBOX_PROVIDER)
    signed = {k: v for k, v in params.items() if k.startswith("vnp_")}
    if not provider.verify(signed):
        return None
    if any(not signed.get(key) for key in SANDBOX_REQUIRED):
        # signed, but not a payment request the bank can answer
        log.warning("sandbox_request_incomplete", txn=signed.get("vnp_TxnRef", ""))
        return None
    if not signed["vnp_ReturnUrl"].isprintable():
        return None
    try:
        amount = int(signed.get("vnp_Amount", "0")) // 100
    except ValueError:
        return None
    return SandboxRequest(params=signed, amount_vnd=amount, order_info=signed.get("vnp_OrderInfo", ""))


def sandbox_answer(request, *, success):
    """The sandbox bank's decision: the signed gateway response, sent as the
    notification server-side first; returns the parameters for the
    browser's return URL."""
    provider = get_provider(SANDBOX_PROVIDER)
    now = timezone.now()
    response_params = provider.gateway_response(
        request.params, success=success, transaction_no=f"{int(now.timestamp() * 1000) % 10**10:010d}", pay_date=now
    )
    outcome, _txn = handle_notification(response_params, provider_name=provider.name)
    log.info("sandbox_ipn", outcome=outcome, txn=request.params.get("vnp_TxnRef"))
    return response_params
