"""Problems with the portal's accessibility reported by citizens
(the form on the accessibility statement page, /tuyen-bo-tiep-can/)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

DESCRIPTION_MAX = 2000
PAGE_MAX = 500
CONTACT_MAX = 200


class AccessibilityReport(models.Model):
    created_at = models.DateTimeField(_("Thời điểm gửi"), auto_now_add=True)
    page_url = models.CharField(_("Trang gặp khó khăn"), max_length=PAGE_MAX, blank=True)
    description = models.TextField(_("Nội dung phản ánh"), max_length=DESCRIPTION_MAX)
    contact = models.CharField(_("Thông tin liên hệ"), max_length=CONTACT_MAX, blank=True)
    language = models.CharField(_("Ngôn ngữ"), max_length=8, default="vi")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("phản ánh về khả năng tiếp cận")
        verbose_name_plural = _("phản ánh về khả năng tiếp cận")

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} — {self.description[:60]}"
