from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Đang chờ")
    CALLED = "called", _("Đang được phục vụ")
    DONE = "done", _("Đã phục vụ xong")
    SKIPPED = "skipped", _("Vắng mặt, đã bỏ qua")


class TicketSource(models.TextChoices):
    KIOSK = "kiosk", _("Kiosk")
    APPOINTMENT = "appointment", _("Lịch hẹn")
    COUNTER = "counter", _("Tại quầy")


class CallKind(models.TextChoices):
    CALL = "call", _("Gọi số")
    RECALL = "recall", _("Gọi lại")
