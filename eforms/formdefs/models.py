"""E-form definitions (editors, Wagtail admin) and their immutable versions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from eforms.formdefs.admin_forms import ComponentNumbersPanel, ProcedureFormAdminForm
from eforms.formdefs.blocks import StepBlock
from eforms.formdefs.plaintext import validate_plain_text


class ProcedureForm(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model):
    """The e-form (tờ khai điện tử) of one procedure, built by editors from
    steps of field blocks. Publishing it freezes a new ``FormVersion``; a
    procedure without a published form gets the default form (applicant
    block plus one upload per dossier component).

    Editors save drafts and submit them to the workflow assigned to this
    model (``eforms.formdefs.editorial``); the approver's approval publishes.
    A department's editors see and edit only the forms of their
    department's procedures (``eforms.formdefs.permissions``)."""

    procedure = models.OneToOneField(
        "content.ProcedurePage",
        verbose_name=_("Thủ tục"),
        on_delete=models.CASCADE,
        related_name="eform",
    )
    title = models.CharField(
        _("Tên tờ khai"),
        max_length=255,
        help_text=_("Ví dụ: Tờ khai đăng ký khai sinh (trực tuyến)."),
        validators=[validate_plain_text],
    )
    intro = models.TextField(
        _("Giới thiệu"),
        blank=True,
        max_length=4000,
        help_text=_("Hiện ở trang bắt đầu nộp hồ sơ."),
        validators=[validate_plain_text],
    )
    declaration = models.TextField(
        _("Lời cam đoan"),
        blank=True,
        max_length=4000,
        help_text=_("Để trống để dùng lời cam đoan chuẩn của cổng."),
        validators=[validate_plain_text],
    )
    steps = StreamField([("step", StepBlock())], verbose_name=_("Các bước của tờ khai"), blank=True)

    base_form_class = ProcedureFormAdminForm
    panels = [
        FieldPanel("procedure"),
        ComponentNumbersPanel(),
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldPanel("declaration"),
        FieldPanel("steps"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title"), index.FilterField("procedure")]

    class Meta:
        app_label = "eforms"
        verbose_name = _("Tờ khai điện tử")
        verbose_name_plural = _("Tờ khai điện tử")

    def __str__(self):
        return self.title


class FormVersion(models.Model):
    """A frozen, immutable schema a dossier was submitted against.

    ``form`` is empty for the default form generated from the procedure's
    components; ``schema_hash`` deduplicates identical schemas.
    """

    procedure = models.ForeignKey("content.ProcedurePage", on_delete=models.CASCADE, related_name="form_versions")
    form = models.ForeignKey(ProcedureForm, on_delete=models.SET_NULL, null=True, blank=True, related_name="versions")
    number = models.PositiveIntegerField(_("Phiên bản"), default=1)
    schema = models.JSONField(_("Cấu trúc tờ khai"))
    schema_hash = models.CharField(max_length=64)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "eforms"
        verbose_name = _("Phiên bản tờ khai")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "schema_hash"], name="form_version_unique_schema"),
        ]

    def __str__(self):
        return f"{self.procedure_id} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.pop("force_schema_update", False):
            # Immutable: a version's schema never changes once written.
            original = FormVersion.objects.filter(pk=self.pk).values_list("schema_hash", flat=True).first()
            if original is not None and original != self.schema_hash:
                raise ValueError("FormVersion is immutable")
        super().save(*args, **kwargs)
