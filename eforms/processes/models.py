"""The internal process of a procedure (editors, Wagtail snippet with drafts
and revisions) and the steps of each accepted dossier (a snapshot of the live
process taken at acceptance, so later edits never rewrite a running dossier).
Tables of the ``eforms`` app label."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin

from eforms.processes.forms import InternalProcessForm
from eforms.processes.roles import ShareUnit, StepRole


class InternalProcess(DraftStateMixin, RevisionMixin, ClusterableModel):
    """Quy trình nội bộ of one procedure: the ordered steps an accepted
    dossier goes through, each handled by an officer role, each with its
    share of the time limit. A procedure without a live process keeps the
    single-step handling."""

    procedure = models.OneToOneField(
        "content.ProcedurePage",
        verbose_name=_("Thủ tục"),
        on_delete=models.CASCADE,
        related_name="internal_process",
    )
    share_unit = models.CharField(
        _("Chia thời hạn theo"),
        max_length=10,
        choices=ShareUnit.choices,
        default=ShareUnit.PERCENT,
        help_text=_(
            "Phần trăm: tổng các bước phải là 100%. Giờ làm việc: tổng các bước phải bằng thời hạn giải quyết "
            "của thủ tục (một ngày làm việc là 8 giờ)."
        ),
    )
    note = models.TextField(_("Ghi chú"), blank=True, help_text=_("Căn cứ ban hành quy trình, nếu có."))

    base_form_class = InternalProcessForm
    panels = [
        FieldPanel("procedure"),
        FieldPanel("share_unit"),
        FieldPanel("note"),
        InlinePanel("steps", label=_("Bước xử lý"), min_num=1),
    ]

    class Meta:
        app_label = "eforms"
        verbose_name = _("Quy trình nội bộ")
        verbose_name_plural = _("Quy trình nội bộ")

    def __str__(self):
        return str(self.procedure) if self.procedure_id else str(_("Quy trình nội bộ"))


class InternalProcessStep(Orderable):
    """One step of a process, in order (``sort_order``)."""

    process = ParentalKey(InternalProcess, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(
        _("Tên bước"), max_length=200, help_text=_("Ví dụ: Tiếp nhận hồ sơ; Thẩm định, xử lý; Ký duyệt.")
    )
    role = models.CharField(
        _("Vai trò thực hiện"),
        max_length=10,
        choices=StepRole.choices,
        default=StepRole.OFFICER,
        help_text=_("Chỉ cán bộ giữ vai trò này ở cơ quan giải quyết hồ sơ được hoàn thành bước."),
    )
    share = models.DecimalField(
        _("Thời gian"),
        max_digits=7,
        decimal_places=2,
        help_text=_("Số giờ làm việc hoặc phần trăm thời hạn, theo cách chia của quy trình."),
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("share")]

    class Meta(Orderable.Meta):
        app_label = "eforms"
        verbose_name = _("Bước của quy trình nội bộ")
        verbose_name_plural = _("Bước của quy trình nội bộ")

    def __str__(self):
        return self.name


class DossierStep(models.Model):
    """One step of one dossier's internal process. ``share`` is the step's
    fraction of the time limit (the shares of a dossier sum to 1). The
    deadline is computed, not stored (``eforms.processes.deadlines``), so the
    clock's pauses shift it like the dossier's due date."""

    dossier = models.ForeignKey("eforms.Dossier", on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("Bước số"))
    name = models.CharField(_("Tên bước"), max_length=200)
    role = models.CharField(_("Vai trò thực hiện"), max_length=10, choices=StepRole.choices)
    share = models.DecimalField(_("Tỉ lệ thời hạn"), max_digits=7, decimal_places=6)
    started_at = models.DateTimeField(_("Nhận hồ sơ lúc"), null=True, blank=True)
    completed_at = models.DateTimeField(_("Hoàn thành lúc"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_by_label = models.CharField(_("Người thực hiện (tên)"), max_length=200, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)

    class Meta:
        app_label = "eforms"
        verbose_name = _("Bước xử lý của hồ sơ")
        verbose_name_plural = _("Bước xử lý của hồ sơ")
        ordering = ["dossier_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="dossier_step_unique_number"),
            models.CheckConstraint(condition=models.Q(role__in=["officer", "leader"]), name="dossier_step_role_valid"),
            models.CheckConstraint(
                condition=models.Q(completed_at__isnull=True) | ~models.Q(completed_by_label=""),
                name="dossier_step_completed_by_someone",
            ),
        ]

    def __str__(self):
        return f"{self.dossier_id} #{self.number} {self.name}"

    @property
    def is_done(self):
        return self.completed_at is not None
