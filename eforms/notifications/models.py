"""One row per (status change, channel): the idempotency record of a message;
or one row per ``key`` for a message about no status change (the resume link
of a draft), whose text is composed when it is requested."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from eforms.notifications.constants import DeliveryState, NotificationChannel
from eforms.outbox.models import OutboxItem


class NotificationLog(OutboxItem):
    """What was sent to the applicant about one status change on one channel.

    The unique constraint on (status change, channel) makes delivery
    idempotent: a redelivered task finds the row already ``sent`` and does
    nothing. Retries are driven by the outbox fields (``attempts``,
    ``next_attempt_at``, the lease ``claimed_until``; ``delivered_at`` is
    when it was sent), in the columns the table always had.
    """

    status_change = models.ForeignKey(
        "eforms.DossierStatusChange", on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    dossier = models.ForeignKey(
        "eforms.Dossier", on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    # A message about no status change (``services.queue_direct_sms``): its
    # idempotency key and the text composed when it was asked for.
    key = models.CharField(_("Khóa gửi một lần"), max_length=120, blank=True)
    body = models.TextField(_("Nội dung"), blank=True)
    channel = models.CharField(_("Kênh"), max_length=10, choices=NotificationChannel.choices)
    state = models.CharField(
        _("Trạng thái gửi"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    # Idempotency key handed to the provider (request_id / tracking_id).
    request_id = models.UUIDField(_("Mã yêu cầu"), default=uuid.uuid4, editable=False)
    recipient = models.CharField(_("Người nhận"), max_length=254, blank=True)
    backend = models.CharField(_("Cổng gửi"), max_length=40, blank=True)
    provider_message_id = models.CharField(_("Mã tin của nhà cung cấp"), max_length=200, blank=True)
    claimed_until = models.DateTimeField(_("Đang gửi đến"), null=True, blank=True, db_column="lease_until")
    delivered_at = models.DateTimeField(_("Thời điểm gửi"), null=True, blank=True, db_column="sent_at")

    class Meta:
        verbose_name = _("Thông báo đã gửi")
        verbose_name_plural = _("Thông báo đã gửi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["status_change", "channel"], name="notification_once_per_change_channel"),
            models.UniqueConstraint(
                fields=["key", "channel"], condition=~models.Q(key=""), name="notification_once_per_key_channel"
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=[c.value for c in NotificationChannel]),
                name="notification_channel_valid",
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        if self.key:
            return f"{self.key}/{self.channel}: {self.state}"
        return f"{self.dossier_id}/{self.status_change_id}/{self.channel}: {self.state}"
