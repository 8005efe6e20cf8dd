"""Fee payments of dossiers through a payment provider."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentTransaction(models.Model):
    """One attempt to pay a dossier's fee at a provider (``txn_ref`` is our
    order reference, unique at the provider)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")
        FAILED = "failed", _("Không thành công")
        CANCELLED = "cancelled", _("Đã hủy")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey("eforms.Dossier", on_delete=models.CASCADE, related_name="payments")
    provider = models.CharField(max_length=30)
    txn_ref = models.CharField(max_length=64, unique=True)
    amount_vnd = models.PositiveIntegerField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    provider_txn_no = models.CharField(max_length=64, blank=True)
    bank_code = models.CharField(max_length=30, blank=True)
    response_code = models.CharField(max_length=10, blank=True)
    notified_payload = models.JSONField(default=dict, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "eforms"
        verbose_name = _("Giao dịch thanh toán")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=models.Q(state="paid"), name="one_paid_transaction_per_dossier"
            ),
        ]

    def __str__(self):
        return self.txn_ref
