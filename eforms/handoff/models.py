"""The hand-off outbox: one row per dossier and target agency.

``HandOff`` is written in the transaction that creates the dossier, so the
intent to hand it off can never be lost; Celery then carries it to the
department queue and the agency's backend (see ``services``). Every try is a
``DeliveryAttempt`` with its receipt. ``HandoffTarget`` says how an agency
receives its dossiers.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from eforms.handoff.constants import BackendKind, HandOffState
from eforms.handoff.validators import validate_secret_env_name, validate_webhook_url
from eforms.outbox.models import OutboxItem


class HandoffTarget(models.Model):
    """How one agency receives its dossiers. Without a row: the workspace."""

    agency = models.OneToOneField(
        "content.AgencyPage",
        verbose_name=_("Cơ quan"),
        on_delete=models.CASCADE,
        related_name="handoff_target",
    )
    backend = models.CharField(
        _("Cách chuyển hồ sơ"),
        max_length=40,
        choices=BackendKind.choices,
        default=BackendKind.WORKSPACE,
        help_text=_("Hồ sơ nộp trực tuyến được chuyển đến cơ quan theo cách này."),
    )
    webhook_url = models.URLField(
        _("Địa chỉ webhook"),
        blank=True,
        max_length=500,
        help_text=_("Địa chỉ HTTPS của hệ thống nghiệp vụ nhận hồ sơ (phương thức POST, dữ liệu JSON)."),
    )
    webhook_secret_env = models.CharField(
        _("Biến môi trường chứa khóa ký"),
        max_length=80,
        blank=True,
        validators=[validate_secret_env_name],
        help_text=_(
            "Tên biến môi trường của máy chủ chứa khóa bí mật dùng ký HMAC-SHA256 (tiêu đề "
            "X-Portal-Signature), ví dụ: HANDOFF_SECRET_STP. Khóa không được lưu trong cơ sở dữ liệu."
        ),
    )
    mailbox = models.EmailField(
        _("Hộp thư nhận hồ sơ"),
        blank=True,
        help_text=_("Để trống để dùng thư điện tử của cơ quan."),
    )
    enabled = models.BooleanField(
        _("Đang hoạt động"),
        default=True,
        help_text=_("Bỏ chọn để tạm dừng chuyển hồ sơ đến cơ quan này (hồ sơ vẫn được giữ lại và chuyển sau)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Cấu hình chuyển hồ sơ")
        verbose_name_plural = _("Cấu hình chuyển hồ sơ")
        ordering = ["agency__title"]

    def __str__(self):
        return f"{self.agency} → {self.get_backend_display()}"

    def clean(self):
        errors = {}
        if self.backend == BackendKind.WEBHOOK:
            if not self.webhook_url:
                errors["webhook_url"] = _("Cần địa chỉ webhook khi chuyển hồ sơ qua webhook.")
            else:
                try:
                    validate_webhook_url(self.webhook_url)
                except ValidationError as exc:
                    errors["webhook_url"] = exc.messages
            if not self.webhook_secret_env:
                errors["webhook_secret_env"] = _("Cần khóa ký khi chuyển hồ sơ qua webhook.")
        if self.backend == BackendKind.EMAIL and not (self.mailbox or self.agency_id and self.agency.email):
            errors["mailbox"] = _("Cơ quan chưa có thư điện tử: nhập hộp thư nhận hồ sơ.")
        if errors:
            raise ValidationError(errors)

    @property
    def recipient(self):
        return self.mailbox or self.agency.email


class HandOffQuerySet(models.QuerySet):
    def delivered_to(self, agencies):
        """Branches delivered to any of ``agencies`` (pages, ids or a queryset)."""
        return self.filter(state=HandOffState.DELIVERED, agency__in=agencies)

    def open(self):
        return self.filter(state__in=[HandOffState.PENDING, HandOffState.DISPATCHED])

    def dead(self):
        return self.filter(state=HandOffState.DEAD)


class HandOff(OutboxItem):
    """One branch of a dossier's hand-off: this dossier to this agency.

    A dossier of an inter-agency procedure (liên thông) has one branch per
    agency; a forwarded dossier gets a new branch. ``uuid`` is the delivery
    id sent to the receiver (``X-Portal-Delivery-Id``) so that it can drop
    duplicates.
    """

    uuid = models.UUIDField(_("Mã lần chuyển"), default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        "eforms.Dossier", verbose_name=_("Hồ sơ"), on_delete=models.CASCADE, related_name="handoffs"
    )
    agency = models.ForeignKey(
        "content.AgencyPage", verbose_name=_("Cơ quan nhận"), on_delete=models.PROTECT, related_name="handoffs"
    )
    backend = models.CharField(_("Cách chuyển"), max_length=40, default=BackendKind.WORKSPACE)
    state = models.CharField(_("Trạng thái"), max_length=20, choices=HandOffState.choices, default=HandOffState.PENDING)
    dispatch_count = models.PositiveIntegerField(_("Số lần đưa vào hàng đợi"), default=0)
    dispatched_at = models.DateTimeField(_("Đưa vào hàng đợi lúc"), null=True, blank=True)
    receipt = models.JSONField(_("Biên nhận"), default=dict, blank=True)
    forwarded_from = models.ForeignKey(
        "self",
        verbose_name=_("Chuyển tiếp từ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forwards",
    )
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người chuyển tiếp"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = HandOffQuerySet.as_manager()

    class Meta:
        verbose_name = _("Lượt chuyển hồ sơ")
        verbose_name_plural = _("Chuyển hồ sơ đến cơ quan")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "agency"], name="handoff_one_branch_per_agency"),
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in HandOffState]), name="handoff_state_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(state=HandOffState.DELIVERED) | models.Q(delivered_at__isnull=False),
                name="handoff_delivered_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="handoff_due_idx"),
            models.Index(fields=["agency", "state"], name="handoff_agency_state_idx"),
        ]

    def __str__(self):
        return f"{self.dossier.code} → {self.agency.code}"

    @property
    def queue_name(self):
        return self.agency.queue_name

    @property
    def dossier_code(self):
        return self.dossier.code

    dossier_code.fget.short_description = _("Hồ sơ")


class DeliveryAttempt(models.Model):
    """One try to deliver a branch, with what the receiver answered."""

    handoff = models.ForeignKey(HandOff, on_delete=models.CASCADE, related_name="delivery_attempts")
    number = models.PositiveIntegerField(_("Lần thứ"))
    backend = models.CharField(_("Cách chuyển"), max_length=40)
    worker = models.CharField(_("Tiến trình xử lý"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("Bắt đầu"))
    finished_at = models.DateTimeField(_("Kết thúc"), null=True, blank=True)
    ok = models.BooleanField(_("Thành công"), null=True)
    status_code = models.PositiveSmallIntegerField(_("Mã phản hồi HTTP"), null=True, blank=True)
    response_excerpt = models.TextField(_("Trích phản hồi"), blank=True)
    error = models.TextField(_("Lỗi"), blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("Lần thử chuyển hồ sơ")
        verbose_name_plural = _("Các lần thử chuyển hồ sơ")
        ordering = ["handoff", "number", "id"]

    def __str__(self):
        return f"{self.handoff} #{self.number}"

    @property
    def dossier_code(self):
        return self.handoff.dossier.code

    dossier_code.fget.short_description = _("Hồ sơ")
