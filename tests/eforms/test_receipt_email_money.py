"""The receipt e-mail writes money the one way of the portal: "50.000 đ"."""

import pytest
from django.template.loader import render_to_string

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


def test_receipt_email_fee_is_written_as_dong_sign():
    dossier = DossierFactory(payment_pending=True)
    body = render_to_string("eforms/email/receipt.txt", {"dossier": dossier, "tracking_url": "http://testserver/x"})
    assert "Phí, lệ phí: 50.000 đ (" in body
    assert "đồng" not in body
