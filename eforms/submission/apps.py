from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionConfig(AppConfig):
    name = "eforms.submission"
    label = "submission"
    verbose_name = _("Nộp hồ sơ trực tuyến")
