from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationChannel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")
    ZALO = "zalo", _("Zalo (ZNS)")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi, sẽ thử lại")
    GAVE_UP = "gave_up", _("Gửi lỗi, đã dừng thử lại")
    SKIPPED = "skipped", _("Bỏ qua (không có địa chỉ nhận)")


# States in which the message is settled: nothing more will be sent.
SETTLED_STATES = frozenset({DeliveryState.SENT, DeliveryState.GAVE_UP, DeliveryState.SKIPPED})
