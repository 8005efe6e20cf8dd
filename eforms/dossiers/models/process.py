"""Records of the dossier's process shared by the workspace and the citizen's
side: the audit trail of every look at personal data, apology letters and
supplement requests. They keep the ``workspace`` app's tables (see migrations)."""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eforms.dossiers.storage import private_storage, random_upload_path


class AuditAction(models.TextChoices):
    QUEUE = "queue", _("Xem hàng đợi")
    VIEW = "view", _("Xem chi tiết hồ sơ")
    PREVIEW = "preview", _("Xem tệp đính kèm")
    DOWNLOAD_FILE = "download_file", _("Tải tệp đính kèm")
    DOWNLOAD_ZIP = "download_zip", _("Tải hồ sơ (ZIP)")
    EXPORT_CSV = "export_csv", _("Xuất danh sách CSV")
    EXPORT_XLSX = "export_xlsx", _("Xuất danh sách XLSX")
    TRANSITION = "transition", _("Xử lý hồ sơ")
    COMMENT = "comment", _("Trao đổi")
    UPLOAD_RESULT = "upload_result", _("Tải lên kết quả")
    APOLOGY = "apology", _("Phiếu xin lỗi")
    COUNTER = "counter", _("Tiếp nhận tại quầy")
    RECEIPT = "receipt", _("In phiếu tiếp nhận")
    STATISTICS = "statistics", _("Xem thống kê chi tiết")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # append-only
        raise PermissionDenied("Nhật ký truy cập chỉ được ghi thêm, không được sửa.")

    def delete(self):
        raise PermissionDenied("Nhật ký truy cập chỉ được ghi thêm, không được xoá.")


class AuditEvent(models.Model):
    """Who looked at or downloaded which personal data, when and from where.

    Append-only: rows are never changed nor deleted through the ORM.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người dùng"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("Tài khoản"), max_length=150, blank=True)
    action = models.CharField(_("Hành động"), max_length=20, choices=AuditAction.choices, db_index=True)
    allowed = models.BooleanField(_("Được phép"), default=True, db_index=True)
    dossier = models.ForeignKey(
        "eforms.Dossier",
        verbose_name=_("Hồ sơ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dossier_code = models.CharField(_("Mã hồ sơ"), max_length=40, blank=True, db_index=True)
    target = models.CharField(
        _("Đối tượng"), max_length=300, blank=True, help_text=_("Tệp, bộ lọc danh sách xuất hoặc chi tiết khác.")
    )
    path = models.CharField(_("Đường dẫn"), max_length=500, blank=True)
    forwarded_for = models.CharField(
        _("Chuỗi X-Forwarded-For"),
        max_length=300,
        blank=True,
        help_text=_("Nguyên văn tiêu đề do trình duyệt hoặc proxy gửi; chỉ để đối chiếu, không dùng làm địa chỉ."),
    )
    ip_address = models.GenericIPAddressField(_("Địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("Trình duyệt"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        app_label = "eforms"
        db_table = "workspace_auditevent"
        verbose_name = _("Nhật ký truy cập dữ liệu")
        verbose_name_plural = _("Nhật ký truy cập dữ liệu")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.username} {self.get_action_display()} {self.dossier_code}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Nhật ký truy cập chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Nhật ký truy cập chỉ được ghi thêm, không được xoá.")


class ApologyLetter(models.Model):
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả, issued (once per dossier)
    before a dossier becomes late; ``previous_due_at`` is the original due
    date, which the letter never changes."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey("eforms.Dossier", on_delete=models.CASCADE, related_name="apology_letters")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    previous_due_at = models.DateTimeField(_("Hẹn trả cũ"), null=True, blank=True)
    new_due_at = models.DateTimeField(_("Ngày hẹn trả mới"))
    reason = models.TextField(_("Lý do quá hạn"))
    pdf = models.FileField(storage=private_storage, upload_to=random_upload_path, max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("Đã gửi lúc"), null=True, blank=True)
    sent_to = models.EmailField(_("Gửi đến"), blank=True)

    class Meta:
        app_label = "eforms"
        db_table = "workspace_apologyletter"
        verbose_name = _("Phiếu xin lỗi và hẹn lại ngày trả kết quả")
        verbose_name_plural = _("Phiếu xin lỗi và hẹn lại ngày trả kết quả")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.dossier} → {self.new_due_at:%d/%m/%Y}"


class SupplementRequest(models.Model):
    """What the officer asked the citizen to add; the citizen answers through
    ``/bo-sung-ho-so/<uuid>/<token>/`` (token derived from ``uuid`` with the
    secret key, never stored)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey("eforms.Dossier", on_delete=models.CASCADE, related_name="supplement_requests")
    items = models.TextField(_("Giấy tờ cần bổ sung"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    deadline_at = models.DateTimeField(_("Hạn nộp bổ sung"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(_("Đã bổ sung lúc"), null=True, blank=True)
    citizen_note = models.TextField(_("Ghi chú của công dân"), blank=True)
    # set once by the periodic sweep when the deadline passed unanswered
    overdue_flagged_at = models.DateTimeField(_("Quá hạn bổ sung, đã báo lúc"), null=True, blank=True)

    class Meta:
        app_label = "eforms"
        db_table = "workspace_supplementrequest"
        verbose_name = _("Yêu cầu bổ sung hồ sơ")
        verbose_name_plural = _("Yêu cầu bổ sung hồ sơ")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.dossier}: {self.items[:40]}"

    @property
    def is_open(self):
        return self.fulfilled_at is None

    def deadline_passed(self, now=None):
        """True when the citizen has not supplemented by the deadline (the
        dossier may then be refused)."""
        from_now = now or timezone.now()
        return self.is_open and self.deadline_at is not None and self.deadline_at < from_now
