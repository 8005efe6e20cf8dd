"""What the portal pushed to the national portal, what the catalogue refresh
changed, and what the sandbox receiver got."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from eforms.national.constants import FaultMode, RefreshOutcome, SyncState
from eforms.outbox.models import OutboxItem


class StatusSync(OutboxItem):
    """One status change of one dossier, to be pushed once to the national portal.

    One row per ``DossierStatusChange`` (unique): a redelivered task finds it
    delivered and sends nothing. ``idempotency_key`` travels with the push
    (``MaDongBo`` and the ``Idempotency-Key`` header), so a push that reached
    the portal but whose answer was lost is recognised there. ``payload`` is
    the record as it was when the change was written.
    """

    status_change = models.OneToOneField(
        "eforms.DossierStatusChange", on_delete=models.CASCADE, related_name="national_sync"
    )
    dossier = models.ForeignKey("eforms.Dossier", on_delete=models.CASCADE, related_name="national_syncs")
    dossier_code = models.CharField(_("Mã hồ sơ"), max_length=40, db_index=True)
    to_status = models.PositiveSmallIntegerField(_("Trạng thái gửi đi"))
    idempotency_key = models.UUIDField(_("Mã đồng bộ"), default=uuid.uuid4, unique=True, editable=False)
    payload = models.JSONField(_("Dữ liệu gửi"), default=dict)
    state = models.CharField(
        _("Trạng thái đồng bộ"), max_length=10, choices=SyncState.choices, default=SyncState.PENDING
    )
    response = models.TextField(_("Trả lời gần nhất"), blank=True)

    class Meta:
        verbose_name = _("Đồng bộ trạng thái hồ sơ")
        verbose_name_plural = _("Đồng bộ trạng thái hồ sơ")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["dossier", "status_change"]),
        ]

    def __str__(self):
        return f"{self.dossier_code} → {self.to_status} ({self.get_state_display()})"


class CatalogueRefresh(models.Model):
    """One refresh of the catalogue from the national procedure database: the
    codes added, updated, left unchanged, withdrawn and rejected (with why)."""

    started_at = models.DateTimeField(_("Bắt đầu"), auto_now_add=True)
    finished_at = models.DateTimeField(_("Kết thúc"), null=True, blank=True)
    outcome = models.CharField(_("Kết quả"), max_length=10, choices=RefreshOutcome.choices, default=RefreshOutcome.OK)
    trigger = models.CharField(_("Khởi chạy bởi"), max_length=100, blank=True)
    added = models.JSONField(_("Thêm mới"), default=list, blank=True)
    updated = models.JSONField(_("Cập nhật"), default=list, blank=True)
    unchanged = models.JSONField(_("Không đổi"), default=list, blank=True)
    withdrawn = models.JSONField(_("Bãi bỏ"), default=list, blank=True)
    rejected = models.JSONField(_("Bị từ chối"), default=list, blank=True)  # [{"code", "reason"}]
    error = models.TextField(_("Lỗi"), blank=True)

    class Meta:
        verbose_name = _("Lần cập nhật danh mục thủ tục")
        verbose_name_plural = _("Các lần cập nhật danh mục thủ tục")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.started_at:%d/%m/%Y %H:%M} {self.get_outcome_display()}"

    def counts(self):
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "withdrawn": len(self.withdrawn),
            "rejected": len(self.rejected),
        }


class SandboxReceipt(models.Model):
    """What the sandbox receiver accepted: one row per idempotency key (a
    repeat is answered "already received" and not stored again)."""

    received_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.CharField(max_length=64, unique=True)
    unit_code = models.CharField(max_length=20)
    dossier_code = models.CharField(max_length=40, db_index=True)
    procedure_code = models.CharField(max_length=30)
    status_code = models.PositiveSmallIntegerField()
    sequence = models.BigIntegerField(default=0)
    payload = models.JSONField(default=dict)
    duplicates = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Sandbox: hồ sơ đã nhận")
        verbose_name_plural = _("Sandbox: hồ sơ đã nhận")
        ordering = ["id"]

    def __str__(self):
        return f"{self.dossier_code} {self.status_code}"


class SandboxRefusal(models.Model):
    """A push the sandbox refused (invalid payload), with the reasons."""

    received_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.CharField(max_length=64, blank=True)
    reasons = models.JSONField(default=list)
    body = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Sandbox: dữ liệu bị từ chối")
        verbose_name_plural = _("Sandbox: dữ liệu bị từ chối")
        ordering = ["id"]

    def __str__(self):
        return "; ".join(self.reasons)[:200]


class SandboxFault(models.Model):
    """Tell the sandbox to misbehave for the next ``remaining`` requests."""

    mode = models.CharField(max_length=20, choices=FaultMode.choices)
    remaining = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Sandbox: lỗi giả lập")
        verbose_name_plural = _("Sandbox: lỗi giả lập")
        ordering = ["id"]

    def __str__(self):
        return f"{self.mode} × {self.remaining}"
