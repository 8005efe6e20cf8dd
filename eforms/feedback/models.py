"""A feedback item (phản ánh, kiến nghị), its internal notes and the history
of its states. The sender's personal data stays on the item; what the public
list shows is the separate, scrubbed and moderated public version."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eforms.feedback.constants import (
    ADDRESS_MAX_LENGTH,
    ANSWER_MAX_LENGTH,
    CONTENT_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    OPEN_STATES,
    SUBJECT_MAX_LENGTH,
    FeedbackKind,
    FeedbackState,
)


class FeedbackQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=FeedbackState.PUBLISHED, published_at__isnull=False)

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())


class Feedback(models.Model):
    """What a citizen or a business sent through ``/phan-anh-kien-nghi/``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("Mã phản ánh"), max_length=24, unique=True, editable=False)
    # with the code, opens the sender's status page (like a dossier's mã tra cứu)
    lookup_secret = models.CharField(_("Mã tra cứu"), max_length=16, editable=False)
    kind = models.CharField(_("Loại phản ánh, kiến nghị"), max_length=12, choices=FeedbackKind.choices)
    subject = models.CharField(_("Tiêu đề"), max_length=SUBJECT_MAX_LENGTH)
    content = models.TextField(_("Nội dung"), max_length=CONTENT_MAX_LENGTH)
    # the dossier, only when the sender gave its code *and* its look-up secret
    dossier = models.ForeignKey(
        "eforms.Dossier", verbose_name=_("Hồ sơ"), on_delete=models.SET_NULL, null=True, blank=True
    )
    # the code as typed when no secret proved it (shown to officers as unverified)
    dossier_code_given = models.CharField(_("Mã hồ sơ người gửi nêu (chưa xác thực)"), max_length=40, blank=True)
    procedure = models.ForeignKey(
        "content.ProcedurePage",
        verbose_name=_("Thủ tục hành chính"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agency = models.ForeignKey(
        "content.AgencyPage",
        verbose_name=_("Cơ quan xử lý"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_items",
    )
    sender_name = models.CharField(_("Họ và tên"), max_length=NAME_MAX_LENGTH, blank=True)
    sender_phone = models.CharField(_("Số điện thoại"), max_length=20, blank=True)
    sender_email = models.EmailField(_("Thư điện tử"), blank=True)
    sender_address = models.CharField(_("Địa chỉ"), max_length=ADDRESS_MAX_LENGTH, blank=True)
    consent_publish = models.BooleanField(_("Đồng ý công khai nội dung (đã ẩn thông tin cá nhân)"), default=False)

    state = models.CharField(_("Trạng thái"), max_length=14, choices=FeedbackState.choices, default=FeedbackState.NEW)
    received_at = models.DateTimeField(_("Thời điểm tiếp nhận"), default=timezone.now)
    due_at = models.DateTimeField(_("Hạn trả lời"))

    answer = models.TextField(_("Nội dung trả lời"), max_length=ANSWER_MAX_LENGTH, blank=True)
    answer_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("Thời điểm trả lời"), null=True, blank=True)
    refusal_reason = models.TextField(_("Lý do không thụ lý"), blank=True)

    public_subject = models.CharField(_("Tiêu đề công khai"), max_length=SUBJECT_MAX_LENGTH, blank=True)
    public_question = models.TextField(_("Nội dung công khai"), blank=True)
    public_answer = models.TextField(_("Trả lời công khai"), blank=True)
    public_folded = models.TextField(editable=False, blank=True)  # search copy without diacritics
    published_at = models.DateTimeField(_("Thời điểm công khai"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("Phản ánh, kiến nghị")
        verbose_name_plural = _("Phản ánh, kiến nghị")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["agency", "state", "due_at"]), models.Index(fields=["state", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in FeedbackState]), name="feedback_state_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="khong-thu-ly") | ~models.Q(refusal_reason=""),
                name="feedback_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["da-tra-loi", "cong-khai"])
                | (~models.Q(answer="") & models.Q(approved_by__isnull=False)),
                name="feedback_answer_approved",
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.subject}"

    @property
    def can_reply(self):
        return bool(self.sender_phone or self.sender_email)

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    def deadline(self, now=None):
        """``overdue``, ``soon`` (within a day), ``ok`` while open; for a
        closed item ``late`` or ``on_time`` (answered after or before due)."""
        now = now or timezone.now()
        if self.is_open:
            if self.due_at < now:
                return "overdue"
            return "soon" if (self.due_at - now).total_seconds() < 24 * 3600 else "ok"
        if self.answered_at is None:
            return ""
        return "late" if self.answered_at > self.due_at else "on_time"


class FeedbackNote(models.Model):
    """An officers' internal note: never shown to the sender or the public."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("Ghi chú nội bộ"), max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Ghi chú nội bộ")
        verbose_name_plural = _("Ghi chú nội bộ")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.feedback_id}: {self.text[:40]}"


class FeedbackEvent(models.Model):
    """One row per change of state (and per returned answer): who, when, why."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=14, choices=FeedbackState.choices, blank=True)
    to_state = models.CharField(max_length=14, choices=FeedbackState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Lịch sử xử lý phản ánh")
        verbose_name_plural = _("Lịch sử xử lý phản ánh")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.feedback_id}: {self.from_state} → {self.to_state}"
