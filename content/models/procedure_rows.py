"""The rows of a procedure sheet edited inline on its page: "Cách thức
thực hiện" (``ProcedureMethod``), "Thành phần hồ sơ" (``ProcedureComponent``,
with the case box ``CaseGroupInput``) and "Căn cứ pháp lý"
(``ProcedureLegalBasis``). The page itself is ``content.models.catalogue``."""

from django import forms
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from ..constants import SubmissionMethod


class ProcedureMethod(Orderable):
    """One row of "Cách thức thực hiện"."""

    page = ParentalKey("content.ProcedurePage", on_delete=models.CASCADE, related_name="methods")
    method = models.CharField(_("Hình thức nộp"), max_length=12, choices=SubmissionMethod.choices)
    processing_time = models.CharField(_("Thời hạn giải quyết"), max_length=255, blank=True)
    description = models.TextField(_("Mô tả"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("method"), FieldPanel("processing_time")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Cách thức thực hiện")

    @property
    def fee(self):
        """Read-only: the schedule's rows for this method (one source)."""
        return self.page.fee_for_method(self.method) if self.page_id or getattr(self, "page", None) else ""


class CaseGroupInput(forms.TextInput):
    """A text box with a list (``<datalist>``) of the cases already used in
    the catalogue, so that an editor reuses the exact wording of a case
    instead of typing a near copy (each wording is a separate case)."""

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id') or name}-cases"
        attrs = {**(attrs or {}), "list": list_id}
        cases = (
            ProcedureComponent.objects.exclude(case_group="")
            .values_list("case_group", flat=True)
            .distinct()
            .order_by("case_group")[:300]
        )
        options = format_html_join("", '<option value="{}"></option>', ((case,) for case in cases))
        return format_html(
            '{}<datalist id="{}">{}</datalist>', super().render(name, value, attrs, renderer), list_id, options
        )


class ProcedureComponent(Orderable):
    """One document of "Thành phần hồ sơ". The e-form's file fields bind to
    these rows (by ``id``), so a submitted attachment always says which
    component it is."""

    page = ParentalKey("content.ProcedurePage", on_delete=models.CASCADE, related_name="components")
    case_group = models.CharField(
        _("Trường hợp"),
        max_length=255,
        blank=True,
        help_text=_(
            "Để trống nếu giấy tờ áp dụng cho mọi người nộp. Nếu chỉ áp dụng trong một trường hợp, ghi đúng tên "
            "trường hợp như trên hồ sơ giấy, giống hệt nhau cho mọi giấy tờ của cùng trường hợp. Tờ khai "
            "điện tử hỏi người nộp “Trường hợp của Ông/Bà” và chỉ yêu cầu giấy tờ của trường hợp được chọn: "
            "“Đối với …” (ví dụ “Đối với tổ chức”) là đối tượng nộp, chỉ chọn một; trường hợp có chữ "
            "“ủy quyền” được hỏi riêng; các “Trường hợp …” khác có thể chọn nhiều."
        ),
    )
    name = models.TextField(_("Tên giấy tờ"))
    originals = models.PositiveSmallIntegerField(_("Số bản chính"), default=1)
    copies = models.PositiveSmallIntegerField(_("Số bản sao"), default=0)
    required = models.BooleanField(_("Bắt buộc"), default=True)
    template = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("Mẫu đơn, tờ khai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    template_name = models.CharField(
        _("Tên mẫu đơn, tờ khai"), max_length=255, blank=True, help_text=_("Ví dụ: Mẫu số 01/TK-HT.")
    )
    present_only = models.BooleanField(
        _("Chỉ xuất trình, không nộp"),
        default=False,
        help_text=_(
            "Đánh dấu nếu giấy tờ chỉ phải xuất trình bản chính tại quầy (ví dụ “để xuất trình”, “bản chính "
            "để đối chiếu”): khi nộp trực tuyến không phải tải lên, chỉ được nhắc mang theo."
        ),
    )
    generated_from_eform = models.BooleanField(
        _("Lập từ tờ khai điện tử"),
        default=False,
        help_text=_(
            "Đánh dấu cho tờ khai, đơn, giấy đề nghị theo mẫu của chính thủ tục: khi nộp trực tuyến, người nộp "
            "khai trên biểu mẫu điện tử thay cho giấy này và không phải tải lên."
        ),
    )

    panels = [
        FieldPanel("case_group", widget=CaseGroupInput),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("originals"), FieldPanel("copies"), FieldPanel("required")]),
        FieldRowPanel([FieldPanel("template_name"), FieldPanel("template")]),
        FieldRowPanel([FieldPanel("present_only"), FieldPanel("generated_from_eform")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Thành phần hồ sơ")
        verbose_name_plural = _("Thành phần hồ sơ")

    def __str__(self):
        return self.name

    @property
    def uploaded_online(self):
        """False for a document only shown at the counter or filled in on
        the e-form: the citizen never uploads it."""
        return not (self.present_only or self.generated_from_eform)


class ProcedureLegalBasis(Orderable):
    """One row of "Căn cứ pháp lý"."""

    page = ParentalKey("content.ProcedurePage", on_delete=models.CASCADE, related_name="legal_bases")
    number = models.CharField(_("Số ký hiệu"), max_length=120)
    title = models.TextField(_("Trích yếu"))
    issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("issued_on"), FieldPanel("issuer")]),
        FieldPanel("title"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Căn cứ pháp lý")
        verbose_name_plural = _("Căn cứ pháp lý")
