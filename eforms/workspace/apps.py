from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "eforms.workspace"
    label = "workspace"
    verbose_name = _("Không gian làm việc của cán bộ")
