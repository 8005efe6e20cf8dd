"""Editor-managed exceptions to the working-day calendar."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarException(models.Model):
    """A day off decided by the Government or the province (e.g. a longer
    Tết break), or a make-up working day on a weekend (ngày làm bù)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    date = models.DateField(
        _("Ngày"),
        unique=True,
        error_messages={
            "unique": _("Ngày này đã có trong lịch ngày nghỉ và làm bù. Hãy sửa dòng đã có thay vì nhập lại lần nữa.")
        },
    )
    kind = models.CharField(_("Loại"), max_length=12, choices=Kind.choices, default=Kind.DAY_OFF)
    decision = models.CharField(
        _("Văn bản công bố"),
        max_length=255,
        default="",
        help_text=_("Số, ngày và cơ quan ban hành, ví dụ: Thông báo số 6150/TB-BNV ngày 12/12/2024 của Bộ Nội vụ."),
    )
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

    def clean(self):
        """A make-up working day falls on a weekend: a weekday is worked
        anyway, so such a row would change nothing."""
        super().clean()
        if self.date is not None and self.kind == self.Kind.WORKING_DAY and self.date.weekday() < 5:
            raise ValidationError(
                {"date": _("Ngày làm việc bù phải là thứ Bảy hoặc Chủ nhật; ngày này vốn đã là ngày làm việc.")}
            )
