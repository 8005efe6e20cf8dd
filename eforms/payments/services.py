"""Payment state of dossiers: start, confirm (IPN), expire.

Only the verified server-to-server notification changes a dossier; the
browser's return is shown to the citizen but changes nothing. Confirmation
is idempotent: the transaction and dossier rows are locked, and a second
notification for a confirmed transaction answers "already confirmed"
without effects. A paid dossier is handed off in the same transaction.
"""
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eforms.dossiers.calendar import add_working_days
from eforms.dossiers.signals import release
from eforms.payments.signals import payment_confirmed
from eforms.dossiers.constants import DossierStatus, PaymentStatus
from eforms.dossiers.history import record_status
from eforms.dossiers.models import Dossier
from eforms.payments.models import PaymentTransaction
from eforms.payments.registry import get_provider

logger = logging.getLogger("eforms.payments")


class PaymentNotAllowed(Exception):
    pass


def can_pay(dossier):
    return (
        dossier.payment_status in (PaymentStatus.PENDING, PaymentStatus.FAILED)
        and dossier.fee_vnd > 0
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
        amount_vnd=dossier.fee_vnd,
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
    logger.info("event=payment_started dossier=%s txn=%s amount=%s", dossier.code, txn.txn_ref, txn.amount_vnd)
    return txn, url


def handle_notification(params, provider_name=None):
    """Apply a server-to-server payment notification. Returns
    ``(outcome, transaction or None)``; see ``PaymentProvider.ipn_response``."""
    provider = get_provider(provider_name)
    note = provider.parse_notification(params)
    if not note.valid_signature:
        logger.warning("event=payment_ipn_bad_signature txn=%s", params.get("vnp_TxnRef", ""))
        return "invalid_signature", None
    with transaction.atomic():
        txn = (
            PaymentTransaction.objects.select_for_update()
            .filter(txn_ref=note.txn_ref, provider=provider.name)
            .first()
        )
        if txn is None:
            return "not_found", None
        if note.amount_vnd != txn.amount_vnd:
            logger.warning("event=payment_ipn_bad_amount txn=%s amount=%s", txn.txn_ref, note.amount_vnd)
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
            logger.info("event=payment_failed dossier=%s txn=%s code=%s", dossier.code, txn.txn_ref, note.response_code)
            return "confirmed", txn
        if dossier.payment_status == PaymentStatus.PAID:
            # Another transaction of this dossier was paid first: record it,
            # no second hand-off (refund is a counter matter).
            txn.state = PaymentTransaction.State.PAID
            txn.paid_at = now
            txn.save()
            logger.warning("event=payment_duplicate dossier=%s txn=%s", dossier.code, txn.txn_ref)
            return "confirmed", txn
        if dossier.payment_status == PaymentStatus.EXPIRED:
            txn.state = PaymentTransaction.State.PAID
            txn.paid_at = now
            txn.save()
            logger.warning("event=payment_after_expiry dossier=%s txn=%s", dossier.code, txn.txn_ref)
            return "confirmed", txn
        txn.state = PaymentTransaction.State.PAID
        txn.paid_at = now
        txn.save()
        dossier.payment_status = PaymentStatus.PAID
        # The processing time runs from the moment the fee is paid.
        if dossier.processing_days is not None:
            dossier.due_at = add_working_days(now, dossier.processing_days)
        dossier.save(update_fields=["payment_status", "due_at", "updated_at"])
        release(dossier)
    logger.info("event=payment_confirmed dossier=%s txn=%s", dossier.code, txn.txn_ref)
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
        logger.info("event=payments_expired count=%s", len(expired))
    return expired
