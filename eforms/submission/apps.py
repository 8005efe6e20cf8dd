from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from eforms.dossiers.signals import dossier_accepted
from eforms.payments.signals import payment_confirmed


class SubmissionConfig(AppConfig):
    name = "eforms.submission"
    label = "submission"
    verbose_name = _("Nộp hồ sơ trực tuyến")

    def ready(self):
        # The services import models: only once the app registry is ready.
        from .services.receipts import receipt_on_acceptance, receipt_on_payment

        payment_confirmed.connect(receipt_on_payment, dispatch_uid="submission_receipt_on_payment")
        dossier_accepted.connect(receipt_on_acceptance, dispatch_uid="submission_receipt_on_acceptance")
