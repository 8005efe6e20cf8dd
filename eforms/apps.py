from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EformsConfig(AppConfig):
    """The ``eforms`` label owns the tables of the dossier core, form
    definitions, drafts and payments and their one migration history
    (``eforms/migrations``). The models themselves live in the sub-packages
    (``dossiers``, ``formdefs``, ``submission``, ``payments``) and declare
    ``app_label = "eforms"``, so table names and migrations did not change
    when the package was split."""

    name = "eforms"
    verbose_name = _("Biểu mẫu điện tử và hồ sơ")

    def ready(self):
        # The app shell wires what the layers may not import: the payment
        # window's warning goes to the citizen through the notifications.
        from eforms.notifications.services import notify_receiver
        from eforms.payments.signals import payment_window_closing

        payment_window_closing.connect(notify_receiver, dispatch_uid="eforms_payment_window_warning")
