"""Drafts of a dossier being filled in, and their uploaded files."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from eforms.dossiers.storage import private_storage, random_upload_path


class SubmissionDraft(models.Model):
    """A citizen's answers while filling an e-form. Reached through the
    browser session or a secret resume link (only its hash is stored).

    ``submit_token`` is the idempotency key of the final submission: the
    dossier created from this draft carries it in a unique column, so two
    clicks, two tabs or a replayed POST create exactly one dossier.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    procedure = models.ForeignKey("content.ProcedurePage", on_delete=models.CASCADE, related_name="+")
    form_version = models.ForeignKey("eforms.FormVersion", on_delete=models.PROTECT, related_name="drafts")
    data = models.JSONField(default=dict, blank=True)
    completed_steps = models.JSONField(default=list, blank=True)
    email = models.EmailField(blank=True)
    # Where the resume link went by SMS (``0xxxxxxxxx``): e-mail is optional.
    phone = models.CharField(max_length=10, blank=True)
    resume_token_hash = models.CharField(max_length=64, blank=True)
    # Hashes of the earlier resume links, still valid (the most recent
    # ``MAX_EARLIER_RESUME_LINKS``): asking for a new link does not break one
    # already sent. Every link ends with the draft (retention, submission).
    earlier_resume_token_hashes = models.JSONField(default=list, blank=True)
    submit_token = models.CharField(max_length=64, unique=True)
    dossier = models.OneToOneField(
        "eforms.Dossier", on_delete=models.SET_NULL, null=True, blank=True, related_name="draft"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "eforms"
        verbose_name = _("Hồ sơ đang soạn")
        ordering = ["-updated_at"]

    def __str__(self):
        return str(self.uuid)


class DraftUpload(models.Model):
    """A file uploaded to a draft; becomes a ``DossierAttachment`` (same
    stored file, no copy) when the draft is submitted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    draft = models.ForeignKey(SubmissionDraft, on_delete=models.CASCADE, related_name="uploads")
    field_name = models.CharField(max_length=60)
    component = models.ForeignKey(
        "content.ProcedureComponent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(storage=private_storage, upload_to=random_upload_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "eforms"
        ordering = ["id"]

    def __str__(self):
        return self.original_name
