"""A citizen known from the identity provider, the drafts and dossiers linked
to them, and the level of assurance a procedure requires.

A citizen is not a Django user: the session carries the citizen's id under
its own key (``eforms.citizens.session``) and never any staff right."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssuranceLevel(models.IntegerChoices):
    """Mức độ tài khoản định danh điện tử (Decree 69/2024/NĐ-CP): level 1
    is registered online, level 2 checked in person or by face matching."""

    LEVEL_1 = 1, _("Mức độ 1")
    LEVEL_2 = 2, _("Mức độ 2")


class Citizen(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ thường trú"), max_length=500, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), max_length=254, blank=True)
    level = models.PositiveSmallIntegerField(_("mức độ định danh"), choices=AssuranceLevel.choices)
    issuer = models.CharField(_("nhà cung cấp định danh"), max_length=300)
    subject = models.CharField(_("mã người dùng tại nhà cung cấp (sub)"), max_length=255)
    claims = models.JSONField(_("thông tin nhận được"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in = models.DateTimeField(_("đăng nhập lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("công dân")
        verbose_name_plural = _("công dân")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="citizen_unique_subject"),
            models.CheckConstraint(condition=models.Q(level__in=[1, 2]), name="citizen_level_1_or_2"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.id_number[:3]}…{self.id_number[-3:]})"


class CitizenDraft(models.Model):
    """A draft started (or continued) by a signed-in citizen."""

    draft = models.OneToOneField("eforms.SubmissionDraft", on_delete=models.CASCADE, related_name="+")
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="drafts")
    linked_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.citizen} — {self.draft_id}"


class LinkSource(models.TextChoices):
    SIGNED_IN = "signed_in", _("Nộp khi đã đăng nhập")
    CLAIMED = "claimed", _("Nhận về bằng mã hồ sơ và mã tra cứu")


class CitizenDossier(models.Model):
    """A dossier of a citizen: submitted while signed in, or claimed later
    with its code and look-up secret. A dossier belongs to one citizen."""

    dossier = models.OneToOneField("eforms.Dossier", on_delete=models.CASCADE, related_name="+")
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="dossiers")
    source = models.CharField(max_length=20, choices=LinkSource.choices)
    linked_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.citizen} — {self.dossier_id}"


class ProcedureAssurance(models.Model):
    """A procedure that only a signed-in citizen at this level may submit
    (e.g. level 2 identity); procedures without a row accept anonymous
    submission with code and secret."""

    procedure = models.OneToOneField(
        "content.ProcedurePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("thủ tục hành chính"),
    )
    required_level = models.PositiveSmallIntegerField(
        _("mức độ định danh bắt buộc"),
        choices=AssuranceLevel.choices,
        default=AssuranceLevel.LEVEL_2,
        help_text=_("Chỉ công dân đăng nhập bằng tài khoản định danh điện tử ở mức này trở lên mới nộp được hồ sơ."),
    )

    class Meta:
        verbose_name = _("yêu cầu định danh của thủ tục")
        verbose_name_plural = _("yêu cầu định danh của thủ tục")

    def __str__(self):
        return f"{self.procedure} — {self.get_required_level_display()}"


class ReusedDocument(models.Model):
    """A document a citizen took from an earlier dossier of theirs into a
    draft (a copy of the file; the upload's name says where it came from)."""

    upload_uuid = models.UUIDField(unique=True)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="reused_documents")
    source = models.ForeignKey("eforms.DossierAttachment", on_delete=models.SET_NULL, null=True, related_name="+")
    source_dossier_code = models.CharField(max_length=40)
    reused_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.source_dossier_code} → {self.upload_uuid}"
