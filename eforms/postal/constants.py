"""Kinds of postal orders, their outbox states and the operator's parcel
status codes (the sandbox and the callbacks speak these)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderKind(models.TextChoices):
    PICKUP = "pickup", _("Gửi hồ sơ giấy đến cơ quan")
    RESULT = "result", _("Chuyển phát kết quả đến người nhận")
    INTAKE = "intake", _("Hồ sơ nhận qua bưu chính tại quầy")


class OrderState(models.TextChoices):
    WAITING = "waiting", _("Chờ đến lúc gửi")
    PENDING = "pending", _("Chờ tạo đơn")
    SENDING = "sending", _("Đang tạo đơn")
    RETRY = "retry", _("Tạo đơn lỗi, sẽ thử lại")
    CREATED = "created", _("Đã tạo đơn")
    DEAD = "dead", _("Không tạo được đơn")
    CANCELLED = "cancelled", _("Đã hủy")


SETTLED_STATES = (OrderState.CREATED, OrderState.DEAD, OrderState.CANCELLED)


class ParcelStatus(models.TextChoices):
    """The operator's status codes of a parcel (bưu gửi)."""

    ACCEPTED = "100", _("Bưu điện đã nhận đơn")
    PICKED_UP = "200", _("Đã nhận bưu gửi từ người gửi")
    IN_TRANSIT = "300", _("Đang vận chuyển")
    OUT_FOR_DELIVERY = "400", _("Đang phát")
    DELIVERED = "500", _("Phát thành công")
    DELIVERED_TO_CENTER = "501", _("Đã giao hồ sơ cho Trung tâm Phục vụ hành chính công")
    FAILED = "600", _("Phát không thành công")
    RETURNED = "700", _("Đã chuyển hoàn")


FINAL_STATUSES = {ParcelStatus.DELIVERED, ParcelStatus.DELIVERED_TO_CENTER, ParcelStatus.RETURNED}

# a dossier on paper, in an envelope: what the tariff assumes without a weight
DEFAULT_WEIGHT_G = 500
MAX_WEIGHT_G = 30000
