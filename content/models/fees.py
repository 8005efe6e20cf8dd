"""The fee schedule of a procedure (Phí, lệ phí): the one source of truth.

Each ``ProcedureFee`` row is one charge (a phí or a lệ phí) for one channel
(or every channel), per dossier or per unit (bản, phiếu, trang …). The
online reduction is simply the online row (đăng ký thường trú: 20.000 đ in
person, 10.000 đ online). ``ProcedureFeeExemption`` rows are the applicant
categories the law exempts or reduces (100 % = miễn), with the document
that proves the category. ``content.fees`` computes what one applicant pays.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

#: the largest amount of one row (10 tỷ đồng fits no fee; 2 tỷ fits a PositiveIntegerField)
MAX_FEE_AMOUNT = 2_000_000_000
#: units (bản, phiếu, trang) one applicant can ask for in one dossier
MAX_FEE_UNITS = 1000


class FeeKind(models.TextChoices):
    FEE = "phi", _("Phí")
    CHARGE = "le_phi", _("Lệ phí")


class FeeChannel(models.TextChoices):
    """The values of ``content.constants.SubmissionMethod`` plus "every channel"."""

    ALL = "all", _("Mọi hình thức nộp")
    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Dịch vụ bưu chính")


class FeeUnit(models.TextChoices):
    DOSSIER = "dossier", _("Mỗi hồ sơ")
    COPY = "copy", _("Mỗi bản")
    UNIT = "unit", _("Mỗi đơn vị (ghi tên đơn vị)")


class ProcedureFee(Orderable):
    """One row of the fee schedule."""

    page = ParentalKey("content.ProcedurePage", on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(
        _("Tên khoản thu"),
        max_length=255,
        help_text=_("Đúng như văn bản quy định, ví dụ “Lệ phí đăng ký thường trú”."),
    )
    kind = models.CharField(_("Loại"), max_length=10, choices=FeeKind.choices, default=FeeKind.CHARGE)
    channel = models.CharField(
        _("Hình thức nộp"),
        max_length=12,
        choices=FeeChannel.choices,
        default=FeeChannel.ALL,
        help_text=_(
            "Mức thu riêng khi nộp trực tuyến (hay bưu chính) là một dòng riêng cùng tên; dòng “Mọi hình thức "
            "nộp” áp dụng cho hình thức không có dòng riêng."
        ),
    )
    amount_vnd = models.PositiveIntegerField(
        _("Mức thu (đồng)"), default=0, validators=[MaxValueValidator(MAX_FEE_AMOUNT)], help_text=_("0 nếu miễn.")
    )
    unit = models.CharField(_("Đơn vị tính"), max_length=10, choices=FeeUnit.choices, default=FeeUnit.DOSSIER)
    unit_label = models.CharField(
        _("Tên đơn vị"),
        max_length=60,
        blank=True,
        help_text=_(
            "Ví dụ “lần đăng ký”, “bản”, “phiếu”, “trang”. Khi tính theo bản hay đơn vị, tờ khai hỏi số lượng."
        ),
    )
    free_units = models.PositiveSmallIntegerField(
        _("Số đơn vị đầu không thu"),
        default=0,
        validators=[MaxValueValidator(MAX_FEE_UNITS)],
        help_text=_("Ví dụ 2 cho “từ Phiếu thứ 3 trở đi thu thêm 5.000 đồng/Phiếu”."),
    )
    max_units = models.PositiveSmallIntegerField(
        _("Số đơn vị tối đa tính theo mức này"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_FEE_UNITS)],
        help_text=_("Ví dụ 2 cho “trang thứ nhất, thứ hai”; để trống nếu không giới hạn."),
    )
    legal_basis = models.CharField(
        _("Căn cứ thu"), max_length=255, blank=True, help_text=_("Ví dụ: Thông tư số 75/2022/TT-BTC.")
    )
    note = models.TextField(_("Ghi chú"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind"), FieldPanel("channel")]),
        FieldRowPanel([FieldPanel("amount_vnd"), FieldPanel("unit"), FieldPanel("unit_label")]),
        FieldRowPanel([FieldPanel("free_units"), FieldPanel("max_units"), FieldPanel("legal_basis")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Phí, lệ phí")
        verbose_name_plural = _("Biểu phí, lệ phí")

    def __str__(self):
        return self.name

    @property
    def per_unit(self):
        return self.unit != FeeUnit.DOSSIER

    def unit_text(self):
        if self.unit_label:
            return self.unit_label
        return str(_("bản")) if self.unit == FeeUnit.COPY else str(_("hồ sơ"))


class ProcedureFeeExemption(Orderable):
    """An applicant category exempted from (100 %) or given a reduction of a
    fee row (``fee_name``; empty = every row)."""

    page = ParentalKey("content.ProcedurePage", on_delete=models.CASCADE, related_name="fee_exemptions")
    category = models.CharField(
        _("Đối tượng"),
        max_length=255,
        help_text=_("Ví dụ “Người có công với cách mạng”, “Người thuộc hộ nghèo”, “Trẻ em”."),
    )
    percent = models.PositiveSmallIntegerField(
        _("Tỷ lệ giảm (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("100 = miễn."),
    )
    fee_name = models.CharField(
        _("Áp dụng cho khoản thu"),
        max_length=255,
        blank=True,
        help_text=_("Tên khoản thu như trong biểu phí; để trống nếu áp dụng cho mọi khoản."),
    )
    proof_name = models.CharField(
        _("Giấy tờ chứng minh"),
        max_length=255,
        blank=True,
        help_text=_(
            "Tờ khai yêu cầu tải lên giấy tờ này khi người nộp chọn đối tượng, ví dụ “Giấy xác nhận hộ nghèo”."
        ),
    )
    legal_basis = models.CharField(_("Căn cứ"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("category"), FieldPanel("percent")]),
        FieldRowPanel([FieldPanel("fee_name"), FieldPanel("proof_name"), FieldPanel("legal_basis")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Đối tượng miễn, giảm")
        verbose_name_plural = _("Đối tượng miễn, giảm phí, lệ phí")

    def __str__(self):
        return self.category

    def applies_to(self, fee_name):
        return not self.fee_name.strip() or self.fee_name.strip() == fee_name.strip()
