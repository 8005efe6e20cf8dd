"""Editor-managed exceptions to the working-day calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarException(models.Model):
    """A day off decided by the Government or the province (e.g. a longer
    Tết break), or a make-up working day on a weekend (ngày làm bù)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    date = models.DateField(_("Ngày"), unique=True)
    kind = models.CharField(_("Loại"), max_length=12, choices=Kind.choices, default=Kind.DAY_OFF)
    note = models.CharField(
        _("Ghi chú"), max_length=255, blank=True, help_text=_("Ví dụ: Nghỉ Tết Nguyên đán theo Thông báo số …")
    )

    class Meta:
        app_label = "eforms"
        verbose_name = _("Ngày nghỉ / làm bù")
        verbose_name_plural = _("Lịch ngày nghỉ và làm bù")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"
