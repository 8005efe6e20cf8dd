"""Officer workspace: who works for which agency, comments between officers,
the audit trail of every look at personal data, apology letters and the
citizen's supplement requests."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficerRole(models.TextChoices):
    OFFICER = "officer", _("Cán bộ xử lý")
    LEADER = "leader", _("Lãnh đạo")


class OfficerMembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user, agency__live=True)


class OfficerMembership(models.Model):
    """An officer (or a leader) of an agency: sees that agency's dossiers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người dùng"),
        on_delete=models.CASCADE,
        related_name="officer_memberships",
    )
    agency = models.ForeignKey(
        "content.AgencyPage",
        verbose_name=_("Cơ quan"),
        on_delete=models.CASCADE,
        related_name="officer_memberships",
    )
    role = models.CharField(_("Vai trò"), max_length=10, choices=OfficerRole.choices, default=OfficerRole.OFFICER)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OfficerMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Cán bộ của cơ quan")
        verbose_name_plural = _("Cán bộ của cơ quan")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="workspace_membership_unique"),
            models.CheckConstraint(condition=models.Q(role__in=["officer", "leader"]), name="workspace_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} — {self.agency} ({self.get_role_display()})"


class DossierComment(models.Model):
    """A note between officers on a dossier; never shown to the citizen."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey("eforms.Dossier", on_delete=models.CASCADE, related_name="officer_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_label = models.CharField(_("Người viết"), max_length=200)
    body = models.TextField(_("Nội dung"))
    created_at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Trao đổi giữa cán bộ")
        verbose_name_plural = _("Trao đổi giữa cán bộ")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.author_label}: {self.body[:40]}"
