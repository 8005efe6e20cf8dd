"""Per-department editing: which agency a department editor group serves."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentEditorGroup(models.Model):
    """Members of ``group`` may edit only procedures whose implementing
    agency is ``agency`` (enforced in ``content.permissions``)."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="department", verbose_name=_("Nhóm"))
    agency = models.ForeignKey(
        "content.AgencyPage",
        on_delete=models.CASCADE,
        related_name="editor_groups",
        verbose_name=_("Cơ quan"),
    )

    class Meta:
        verbose_name = _("Nhóm biên tập của cơ quan")
        verbose_name_plural = _("Nhóm biên tập của cơ quan")

    def __str__(self):
        return f"{self.group.name} → {self.agency.title}"
