"""Full online service: VNPAY-protocol sandbox, IPN verified by signature
and amount, idempotent; unpaid dossiers are not handed off and expire."""

from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from eforms.dossiers.constants import DossierStatus, PaymentStatus
from eforms.dossiers.models import Dossier
from eforms.handoff.models import HandOff
from eforms.payments.models import PaymentTransaction
from eforms.payments.registry import get_provider
from eforms.payments.sandbox import canonical_query, sign
from eforms.payments.tasks import expire_unpaid_dossiers

from . import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def unpaid(client, full_procedure, django_capture_on_commit_callbacks):
    draft = helpers.start(client, full_procedure)
    helpers.fill_all(client, full_procedure, draft)
    with django_capture_on_commit_callbacks(execute=True):  # as if committed: no receipt is queued
        response = helpers.submit(client, full_procedure, draft)
    assert response.status_code == 302
    return Dossier.objects.get()


def start_payment(client, dossier):
    response = client.post(reverse("eforms:payment_start", args=[dossier.uuid, dossier.lookup_secret]))
    assert response.status_code == 302
    url = response["Location"]
    params = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
    return url, params


def test_unpaid_dossier_is_not_handed_off(unpaid, client):
    assert unpaid.payment_status == PaymentStatus.PENDING
    assert mail.outbox == []  # receipt only once paid
    assert unpaid.payment_due_at is not None
    assert not HandOff.objects.filter(dossier=unpaid).exists()
    page = client.get(reverse("eforms:confirmation", args=[unpaid.uuid, unpaid.lookup_secret]))
    assert "chờ thanh toán" in page.content.decode()
    assert "Thanh toán 50.000 đ" in page.content.decode()


def test_redirect_is_signed_over_sorted_parameters(unpaid, client):
    url, params = start_payment(client, unpaid)
    assert url.startswith("/thanh-toan/sandbox/?")
    query = urlparse(url).query
    keys = [pair.split("=")[0] for pair in query.split("&")][:-1]
    assert keys == sorted(keys)
    assert params["vnp_Amount"] == "5000000"
    provider = get_provider("vnpay_sandbox")
    assert params["vnp_SecureHash"] == sign(params, provider.secret)
    assert len(params["vnp_SecureHash"]) == 128  # SHA-512 hex


def test_sandbox_bank_pays_then_ipn_hands_off_once(unpaid, client, django_capture_on_commit_callbacks):
    url, params = start_payment(client, unpaid)
    bank = client.get(url)
    assert bank.status_code == 200
    assert "Thanh toán thành công" in bank.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("eforms:payment_sandbox_bank"), {**params, "choice": "success"})
    assert response.status_code == 302
    assert "/thanh-toan/ket-qua/?" in response["Location"]
    unpaid.refresh_from_db()
    assert unpaid.payment_status == PaymentStatus.PAID
    assert HandOff.objects.filter(dossier=unpaid).count() == 1
    # once paid: "received, waiting for acceptance"; no due date before an
    # officer accepts the dossier (issue #11), no receipt yet
    assert len(mail.outbox) == 1 and unpaid.code in mail.outbox[0].subject
    assert "chờ tiếp nhận" in mail.outbox[0].subject and not mail.outbox[0].attachments
    assert unpaid.due_at is None
    result = client.get(response["Location"])
    assert "Thanh toán thành công" in result.content.decode()
    # The same IPN again: "already confirmed", no second effect.
    return_params = {k: v[0] for k, v in parse_qs(urlparse(response["Location"]).query).items()}
    again = client.get(reverse("eforms:payment_ipn") + "?" + urlencode(return_params))
    assert again.json() == {"RspCode": "02", "Message": "Order already confirmed"}
    assert HandOff.objects.filter(dossier=unpaid).count() == 1
    assert PaymentTransaction.objects.filter(state="paid").count() == 1


def test_ipn_with_bad_signature_or_amount_changes_nothing(unpaid, client):
    _url, params = start_payment(client, unpaid)
    provider = get_provider("vnpay_sandbox")
    good = provider.gateway_response(params, success=True, transaction_no="0000000001", pay_date=timezone.now())
    forged = dict(good, vnp_SecureHash="0" * 128)
    assert client.get(reverse("eforms:payment_ipn"), forged).json()["RspCode"] == "97"
    cheaper = dict(good, vnp_Amount="100")
    cheaper["vnp_SecureHash"] = sign(cheaper, provider.secret)
    assert client.get(reverse("eforms:payment_ipn"), cheaper).json()["RspCode"] == "04"
    unknown = dict(good, vnp_TxnRef="KHONGCO")
    unknown["vnp_SecureHash"] = sign(unknown, provider.secret)
    assert client.get(reverse("eforms:payment_ipn"), unknown).json()["RspCode"] == "01"
    unpaid.refresh_from_db()
    assert unpaid.payment_status == PaymentStatus.PENDING
    assert not HandOff.objects.filter(dossier=unpaid).exists()
    # the genuine notification is accepted
    assert client.get(reverse("eforms:payment_ipn"), good).json() == {"RspCode": "00", "Message": "Confirm Success"}


def test_cancel_at_the_bank_keeps_dossier_unpaid(unpaid, client):
    url, params = start_payment(client, unpaid)
    response = client.post(reverse("eforms:payment_sandbox_bank"), {**params, "choice": "cancel"})
    result = client.get(response["Location"])
    assert "Thanh toán không thành công" in result.content.decode()
    unpaid.refresh_from_db()
    assert unpaid.payment_status == PaymentStatus.PENDING
    assert PaymentTransaction.objects.get().state == "cancelled"


def test_tampered_redirect_is_refused_by_the_bank(unpaid, client):
    url, params = start_payment(client, unpaid)
    params["vnp_Amount"] = "100"
    response = client.get(reverse("eforms:payment_sandbox_bank"), params)
    assert response.status_code == 400
    assert "Sai chữ ký" in response.content.decode()


def test_unpaid_dossier_expires(unpaid):
    Dossier.objects.filter(pk=unpaid.pk).update(payment_due_at=timezone.now() - timedelta(minutes=1))
    assert expire_unpaid_dossiers.delay().get() == 1
    assert expire_unpaid_dossiers.delay().get() == 0  # idempotent
    unpaid.refresh_from_db()
    assert unpaid.payment_status == PaymentStatus.EXPIRED
    assert unpaid.status == DossierStatus.STOPPED
    assert unpaid.history.count() == 2
    assert not HandOff.objects.filter(dossier=unpaid).exists()


def test_canonical_query_matches_vnpay_reference():
    params = {"vnp_TxnRef": "A1", "vnp_Amount": "100", "vnp_OrderInfo": "Thanh toan ho so", "other": "x"}
    assert canonical_query(params) == "vnp_Amount=100&vnp_OrderInfo=Thanh+toan+ho+so&vnp_TxnRef=A1"
