"""The admin form of an internal process: the steps (inline formset) are
checked together — shares summing to the whole time limit, known roles."""

from wagtail.admin.forms import WagtailAdminModelForm

from eforms.processes.validation import StepSpec, check_process


class InternalProcessForm(WagtailAdminModelForm):
    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        formset = self.formsets.get("steps")
        specs = []
        for form in getattr(formset, "forms", []):
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            specs.append(StepSpec(data.get("name"), data.get("role"), data.get("share")))
        errors = check_process(self.cleaned_data.get("procedure"), specs, self.cleaned_data.get("share_unit"))
        for message in errors:
            self.add_error(None, message)
        return not errors
