from django.db import models
from django.utils.translation import gettext_lazy as _


class SyncState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    RETRY = "retry", _("Gửi lỗi, sẽ thử lại")
    DELIVERED = "delivered", _("Đã đồng bộ")
    DEAD = "dead", _("Thư chết (đã dừng thử lại)")


SETTLED_STATES = (SyncState.DELIVERED, SyncState.DEAD)
OPEN_STATES = (SyncState.PENDING, SyncState.RETRY, SyncState.SENDING)


class FaultMode(models.TextChoices):
    TIMEOUT = "timeout", _("Trả lời chậm (quá thời gian chờ)")
    ERROR_500 = "error_500", _("Lỗi máy chủ (HTTP 500)")
    MALFORMED = "malformed", _("Trả lời sai định dạng")


class RefreshOutcome(models.TextChoices):
    OK = "ok", _("Thành công")
    PARTIAL = "partial", _("Thành công một phần (có bản ghi bị từ chối)")
    FAILED = "failed", _("Thất bại")
