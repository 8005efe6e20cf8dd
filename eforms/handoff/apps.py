from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoffConfig(AppConfig):
    name = "eforms.handoff"
    label = "handoff"
    verbose_name = _("Chuyển hồ sơ đến cơ quan xử lý")
