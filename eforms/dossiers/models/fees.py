"""The fee of one dossier as computed when it was made: the line items of
``content.fees.quote`` frozen (the catalogue may change afterwards), and the
bookkeeping of the online payment window (the warning sent before it
closes, the one extension the citizen may ask for)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierFee(models.Model):
    """``lines`` is ``FeeQuote.as_json()["lines"]``; ``total_vnd`` equals
    ``Dossier.fee_vnd`` (what the payment, the review page and the receipt
    show)."""

    dossier = models.OneToOneField("eforms.Dossier", on_delete=models.CASCADE, related_name="fee_record")
    channel = models.CharField(_("Hình thức nộp"), max_length=12)
    category = models.CharField(_("Đối tượng miễn, giảm"), max_length=255, blank=True)
    units = models.PositiveSmallIntegerField(_("Số lượng"), default=1)
    lines = models.JSONField(_("Các khoản phí, lệ phí"), default=list, blank=True)
    total_vnd = models.PositiveIntegerField(_("Tổng phí, lệ phí (đồng)"), default=0)
    payment_warned_at = models.DateTimeField(_("Đã nhắc sắp hết hạn thanh toán lúc"), null=True, blank=True)
    payment_extended_at = models.DateTimeField(_("Đã gia hạn thanh toán lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "eforms"
        verbose_name = _("Phí, lệ phí của hồ sơ")
        verbose_name_plural = _("Phí, lệ phí của hồ sơ")

    def __str__(self):
        return f"{self.dossier_id}: {self.total_vnd}"

    @property
    def exempt(self):
        return bool(self.lines) and self.total_vnd == 0

    def summary(self):
        """The receipt's words without the payment state."""
        kinds = {line.get("kind") for line in self.lines}
        if self.total_vnd:
            return None
        if kinds == {"phi"}:
            return "Miễn phí"
        if kinds == {"le_phi"}:
            return "Miễn lệ phí"
        return "Miễn phí, lệ phí" if self.lines else "Không thu phí, lệ phí"
