"""States of a hand-off branch and the kinds of hand-off backend."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HandOffState(models.TextChoices):
    """Where one branch (dossier → agency) of the hand-off stands.

    ``pending``: committed, not yet on the department queue (or put back
    after a failed attempt); ``dispatched``: published on the queue, not yet
    acknowledged by the consumer; ``delivered``: the agency's backend took
    it (receipt recorded); ``dead``: failed too often, waiting for an admin.
    """

    PENDING = "pending", _("Chờ chuyển")
    DISPATCHED = "dispatched", _("Đã đưa vào hàng đợi")
    DELIVERED = "delivered", _("Đã chuyển đến cơ quan")
    DEAD = "dead", _("Chuyển không thành công")


class BackendKind(models.TextChoices):
    WORKSPACE = "workspace", _("Phần mềm một cửa của cổng (cán bộ xử lý trên cổng)")
    WEBHOOK = "webhook", _("Hệ thống nghiệp vụ của cơ quan (webhook HTTP)")
    EMAIL = "email", _("Hộp thư điện tử của cơ quan")


# Branches the retry sweep and the consumer still have to work on.
OPEN_STATES = (HandOffState.PENDING, HandOffState.DISPATCHED)
