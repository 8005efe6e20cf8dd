"""The choices of a process definition (no models: the admin form and the
validation import them before the app registry is ready)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StepRole(models.TextChoices):
    """The officer roles of the workspace a step can require: the same values
    as ``eforms.workspace.models.OfficerRole`` (a test keeps them equal; the
    workspace sits above this package and cannot be imported here)."""

    OFFICER = "officer", _("Cán bộ xử lý")
    LEADER = "leader", _("Lãnh đạo")


class ShareUnit(models.TextChoices):
    PERCENT = "percent", _("Phần trăm thời hạn giải quyết (%)")
    HOURS = "hours", _("Giờ làm việc")
