"""Admin forms of the catalogue."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .fees import schedule_problems
from .permissions import department_agency_ids
from .validators import normalize_procedure_code


class ProcedurePageForm(WagtailAdminPageForm):
    """The procedure editor: a department editor may only choose their own
    department as the implementing agency."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = department_agency_ids(self.for_user)
        if allowed is not None and "agency" in self.fields:
            field = self.fields["agency"]
            field.queryset = field.queryset.filter(pk__in=allowed)
            field.required = True
            field.empty_label = None

    def clean_code(self):
        return normalize_procedure_code(self.cleaned_data.get("code"))

    def is_valid(self):
        """Also the fee schedule as a whole (``content.fees.schedule_problems``),
        once its rows validated one by one."""
        valid = super().is_valid()
        if not valid:
            return False
        problems = schedule_problems(self._rows("fees"), self._rows("fee_exemptions"))
        for problem in problems:
            self.add_error(None, problem)
        return not problems

    def _rows(self, name):
        formset = getattr(self, "formsets", {}).get(name)
        if formset is None:
            return []
        return [
            form.cleaned_data
            for form in formset.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]


class ImportUploadForm(forms.Form):
    """The admin's "Nhập thủ tục" upload."""

    file = forms.FileField(
        label=_("Tệp danh mục thủ tục"),
        help_text=_("JSON, CSV (UTF-8) hoặc XLSX, tối đa 20 MB. Mỗi dòng một thủ tục, nhận diện theo mã thủ tục."),
    )
    dry_run = forms.BooleanField(label=_("Chỉ xem trước, chưa ghi vào danh mục"), required=False, initial=True)
