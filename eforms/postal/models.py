"""Postal orders of dossiers, their status history, the callbacks seen
(replay protection) and the citizen's choice on a draft."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from eforms.outbox.models import OutboxItem
from eforms.postal.constants import DEFAULT_WEIGHT_G, OrderKind, OrderState, ParcelStatus


class PostalChoice(models.Model):
    """What the citizen chose on the review page of a draft: send the paper
    dossier and/or receive the result by post, and where."""

    draft = models.OneToOneField("eforms.SubmissionDraft", on_delete=models.CASCADE, related_name="postal_choice")
    send_paper = models.BooleanField(_("Gửi hồ sơ giấy qua bưu chính"), default=False)
    receive_result = models.BooleanField(_("Nhận kết quả qua bưu chính"), default=False)
    province_code = models.PositiveSmallIntegerField(_("Tỉnh, thành phố"), null=True, blank=True)
    address = models.CharField(_("Địa chỉ nhận, gửi bưu gửi"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Lựa chọn bưu chính của hồ sơ đang soạn")
        verbose_name_plural = _("Lựa chọn bưu chính của hồ sơ đang soạn")

    def __str__(self):
        return f"{self.draft_id}: {self.send_paper}/{self.receive_result}"

    @property
    def any(self):
        return self.send_paper or self.receive_result


class PostalOrder(OutboxItem):
    """One parcel of a dossier: the pickup of the paper dossier, the delivery
    of the result, or a dossier that reached the counter by post.

    The order is created at the operator through the outbox (``delivery``):
    ``uuid`` is the order reference sent every time, so a retried creation
    after a timeout finds the parcel the operator already made."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey("eforms.Dossier", on_delete=models.CASCADE, related_name="postal_orders")
    kind = models.CharField(_("Loại bưu gửi"), max_length=10, choices=OrderKind.choices)
    state = models.CharField(_("Trạng thái tạo đơn"), max_length=10, choices=OrderState.choices)
    operator = models.CharField(_("Doanh nghiệp bưu chính"), max_length=40, blank=True)
    item_code = models.CharField(_("Số hiệu bưu gửi"), max_length=13, blank=True, db_index=True)
    province_code = models.PositiveSmallIntegerField(_("Tỉnh, thành phố"), null=True, blank=True)
    address = models.CharField(_("Địa chỉ"), max_length=300, blank=True)
    contact_name = models.CharField(_("Người gửi / nhận"), max_length=200, blank=True)
    contact_phone = models.CharField(_("Điện thoại"), max_length=20, blank=True)
    weight_g = models.PositiveIntegerField(_("Khối lượng (gam)"), default=DEFAULT_WEIGHT_G)
    postage_vnd = models.PositiveIntegerField(_("Cước bưu chính (đồng)"), default=0)
    status = models.CharField(_("Trạng thái bưu gửi"), max_length=3, choices=ParcelStatus.choices, blank=True)
    status_at = models.DateTimeField(_("Cập nhật lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("Bưu gửi")
        verbose_name_plural = _("Bưu gửi")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "kind"], name="postal_one_order_per_dossier_kind"),
            models.UniqueConstraint(
                fields=["item_code"], condition=~models.Q(item_code=""), name="postal_item_code_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in OrderKind]), name="postal_order_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.item_code or self.uuid} ({self.kind})"


class ParcelEvent(models.Model):
    """One status of a parcel, as the operator reported it (its history)."""

    order = models.ForeignKey(PostalOrder, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(_("Mã sự kiện"), max_length=64, unique=True)
    status = models.CharField(_("Trạng thái"), max_length=3, choices=ParcelStatus.choices)
    location = models.CharField(_("Nơi"), max_length=200, blank=True)
    note = models.CharField(_("Ghi chú"), max_length=300, blank=True)
    occurred_at = models.DateTimeField(_("Thời điểm"))
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Trạng thái bưu gửi")
        verbose_name_plural = _("Trạng thái bưu gửi")
        ordering = ["occurred_at", "id"]

    def __str__(self):
        return f"{self.order_id}: {self.status}"


class CallbackNonce(models.Model):
    """Nonces of accepted callbacks: a fresh replay is answered "duplicate"
    by its nonce and changes nothing; an old one is refused by its
    timestamp (``POSTAL_CALLBACK_MAX_AGE``)."""

    nonce = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.nonce


class SandboxParcel(models.Model):
    """The sandbox operator's own book of parcels (what VNPost's system would
    hold): the order reference makes creation idempotent."""

    order_ref = models.CharField(max_length=64, unique=True)
    item_code = models.CharField(max_length=13, unique=True)
    service = models.CharField(max_length=20)
    payload = models.JSONField(default=dict)
    fee_vnd = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=3, choices=ParcelStatus.choices, default=ParcelStatus.ACCEPTED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Bưu gửi của bưu điện thử nghiệm")
        verbose_name_plural = _("Bưu gửi của bưu điện thử nghiệm")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.item_code
