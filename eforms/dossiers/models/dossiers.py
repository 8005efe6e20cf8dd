"""Dossiers (hồ sơ): what a citizen submitted, its attachments and history."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eforms.dossiers.constants import AttachmentKind, Channel, DossierStatus, PaymentStatus
from eforms.dossiers.storage import private_storage, random_upload_path


class Dossier(models.Model):
    """One dossier, from receipt to the returned result.

    ``code`` follows Circular 01/2018/TT-VPCP art. 19 (receiving unit's
    identifier, YYMMDD, that day's running number); because it is
    predictable, status look-up also needs ``lookup_secret``.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("Mã hồ sơ"), max_length=40, unique=True)
    lookup_secret = models.CharField(_("Mã tra cứu"), max_length=16)
    procedure = models.ForeignKey(
        "content.ProcedurePage", verbose_name=_("Thủ tục"), on_delete=models.PROTECT, related_name="dossiers"
    )
    procedure_code = models.CharField(_("Mã thủ tục"), max_length=30)
    procedure_name = models.CharField(_("Tên thủ tục"), max_length=500)
    agency = models.ForeignKey(
        "content.AgencyPage",
        verbose_name=_("Cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        null=True,
        blank=True,
    )
    channel = models.PositiveSmallIntegerField(_("Kênh nộp"), choices=Channel.choices, default=Channel.ONLINE)
    status = models.PositiveSmallIntegerField(
        _("Trạng thái"), choices=DossierStatus.choices, default=DossierStatus.NEW, db_index=True
    )

    applicant_name = models.CharField(_("Họ và tên người nộp"), max_length=200)
    applicant_id_number = models.CharField(_("Số định danh cá nhân / CCCD"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("Số điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("Thư điện tử"), blank=True)
    applicant_address = models.CharField(_("Địa chỉ"), max_length=500, blank=True)
    form_data = models.JSONField(_("Dữ liệu tờ khai"), default=dict, blank=True)
    sets_count = models.PositiveSmallIntegerField(_("Số lượng bộ hồ sơ"), default=1)

    received_at = models.DateTimeField(_("Thời điểm tiếp nhận"), db_index=True)
    processing_days = models.DecimalField(
        _("Thời hạn giải quyết (ngày làm việc)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    # The clock starts at acceptance (status 2), not at submission.
    accepted_at = models.DateTimeField(_("Thời điểm được tiếp nhận"), null=True, blank=True)
    # The ORIGINAL due date (acceptance + time limit + working time paused
    # while waiting on the citizen): never moved by an apology letter, and
    # what "late" and the statistics are measured against.
    due_at = models.DateTimeField(_("Hẹn trả kết quả"), null=True, blank=True, db_index=True)
    # The date promised by the one apology letter (Mẫu 04); informative only.
    rescheduled_due_at = models.DateTimeField(_("Ngày hẹn trả lại (phiếu xin lỗi)"), null=True, blank=True)
    clock_paused_at = models.DateTimeField(_("Tạm dừng tính thời hạn từ"), null=True, blank=True)
    completed_at = models.DateTimeField(_("Thời điểm xử lý xong"), null=True, blank=True)
    returned_at = models.DateTimeField(_("Thời điểm trả kết quả"), null=True, blank=True)
    result_place = models.CharField(_("Nơi trả kết quả"), max_length=500, blank=True)

    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Cán bộ xử lý"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
    )
    fee_vnd = models.PositiveIntegerField(_("Phí, lệ phí (đồng)"), default=0)
    payment_status = models.CharField(
        _("Trạng thái thanh toán"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.NOT_REQUIRED
    )
    payment_due_at = models.DateTimeField(_("Hạn thanh toán"), null=True, blank=True)
    form_version = models.ForeignKey(
        "eforms.FormVersion",
        verbose_name=_("Phiên bản tờ khai"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    receipt_sent_at = models.DateTimeField(_("Đã gửi giấy tiếp nhận lúc"), null=True, blank=True, editable=False)
    # Idempotency key of the online submission (the draft's submit token):
    # a replayed or doubled POST can never create a second dossier.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    rating = models.PositiveSmallIntegerField(_("Đánh giá"), null=True, blank=True)
    rating_comment = models.TextField(_("Ý kiến đánh giá"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "eforms"
        verbose_name = _("Hồ sơ")
        verbose_name_plural = _("Hồ sơ")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__gte=1, status__lte=10), name="dossier_status_national_code"
            ),
            models.CheckConstraint(condition=models.Q(channel__in=[1, 2, 3]), name="dossier_channel_valid"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="dossier_rating_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["agency", "status", "due_at"])]

    def __str__(self):
        return self.code

    def applicant_record(self):
        """The applicant as one JSON object: the same shape in the dossier ZIP
        and in every hand-off payload."""
        return {
            "name": self.applicant_name,
            "id_number": self.applicant_id_number,
            "phone": self.applicant_phone,
            "email": self.applicant_email,
            "address": self.applicant_address,
        }

    @property
    def status_label(self):
        return DossierStatus(self.status).label


class DossierStatusChange(models.Model):
    """One row per state change of a dossier: who, when, from what to what."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="history")
    from_status = models.PositiveSmallIntegerField(choices=DossierStatus.choices, null=True, blank=True)
    to_status = models.PositiveSmallIntegerField(choices=DossierStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(
        _("Người thực hiện"), max_length=200, help_text=_("Tên hiển thị, ví dụ: Công dân, Hệ thống, Nguyễn Văn A")
    )
    note = models.TextField(_("Ghi chú"), blank=True)
    created_at = models.DateTimeField(_("Thời điểm"), db_index=True)

    class Meta:
        app_label = "eforms"
        verbose_name = _("Lịch sử trạng thái hồ sơ")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.dossier_id}: {self.from_status} → {self.to_status}"


class DossierAttachment(models.Model):
    """A file of a dossier, bound to a dossier component when it is one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.SUBMISSION)
    component = models.ForeignKey(
        "content.ProcedureComponent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    component_name = models.CharField(_("Thành phần hồ sơ"), max_length=500, blank=True)
    file = models.FileField(storage=private_storage, upload_to=random_upload_path, max_length=255)
    original_name = models.CharField(_("Tên tệp gốc"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    generated = models.BooleanField(
        _("Tạo từ biểu mẫu điện tử"),
        default=False,
        help_text=_("Tờ khai, đơn của thủ tục do Cổng lập từ nội dung người nộp đã khai, không phải tệp tải lên."),
    )

    class Meta:
        app_label = "eforms"
        verbose_name = _("Tệp đính kèm")
        ordering = ["id"]
        constraints = [
            # one generated application form per dossier: a retried submission never adds a second
            models.UniqueConstraint(
                fields=["dossier"], condition=models.Q(generated=True), name="dossier_one_generated_application_form"
            )
        ]

    def __str__(self):
        return self.original_name


class DailySequence(models.Model):
    """Running number of dossiers per receiving unit and day (never reused)."""

    unit_code = models.CharField(max_length=20)
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "eforms"
        constraints = [models.UniqueConstraint(fields=["unit_code", "day"], name="daily_sequence_unique_day")]

    def __str__(self):
        return f"{self.unit_code} {self.day:%Y-%m-%d}: {self.last_number}"
