from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionConfig(AppConfig):
    name = "eforms.submission"
    label = "submission"
    verbose_name = _("Nộp hồ sơ trực tuyến")

    def ready(self):
        from eforms.payments.signals import payment_confirmed

        from .emails import receipt_on_payment

        payment_confirmed.connect(receipt_on_payment, dispatch_uid="submission_receipt_on_payment")
