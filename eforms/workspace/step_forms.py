"""The form of the step action: a note, and the number of the step the
officer saw as current (hidden), so a doubled or stale submission never
completes the next step as well."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eforms.processes.services import current_step
from eforms.workspace.forms import NoteForm


class StepForm(NoteForm):
    step = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        max_value=1000,
        error_messages={"invalid": _("Bước xử lý không hợp lệ."), "min_value": _("Bước xử lý không hợp lệ.")},
    )

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        step = current_step(dossier) if dossier is not None else None
        if step is not None:
            self.fields["step"].initial = step.number
