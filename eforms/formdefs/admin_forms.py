"""The e-form builder's admin form and panels.

- The procedure is chosen from a list restricted to what the user may
  edit: a department's editors see only their department's procedures
  (``content.permissions.department_agency_ids``), and a procedure that
  already has an e-form is not offered again.
- The components of the chosen procedure are listed with the numbers of
  the public procedure sheet (``ProcedurePage.numbered_component_groups``):
  the number an editor types in a file field ("Thành phần hồ sơ số") is
  the STT the citizen reads on the sheet.
- A malformed StreamField submission (missing or non-numeric counters,
  forged keys) is a form error, never a server error.
"""

import structlog
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import Panel

from content.models import ProcedurePage
from content.permissions import department_agency_ids

log = structlog.get_logger(__name__)

MALFORMED_STEPS = _("Dữ liệu các bước của tờ khai không hợp lệ hoặc không đầy đủ. Hãy tải lại trang và nhập lại.")


class ProcedureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.title}"


def procedures_for(user, keep=None):
    """The procedures ``user`` may build an e-form for: those of their
    departments (all for the province-wide editors), without a form yet
    (``keep``, the form's own procedure, stays)."""
    queryset = ProcedurePage.objects.all()
    allowed = department_agency_ids(user)
    if allowed is not None:
        queryset = queryset.filter(agency_id__in=allowed)
    free = Q(eform__isnull=True)
    if keep is not None:
        free |= Q(pk=keep)
    return queryset.filter(free).order_by("code", "pk")


class ProcedureFormAdminForm(WagtailAdminModelForm):
    """The snippet form of ``ProcedureForm``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._malformed_steps = False
        if "procedure" in self.fields:
            old = self.fields["procedure"]
            self.fields["procedure"] = ProcedureChoiceField(
                queryset=procedures_for(self.for_user, keep=self.instance.procedure_id),
                label=old.label,
                help_text=_("Chỉ có các thủ tục của cơ quan Ông/Bà được giao biên tập và chưa có tờ khai điện tử."),
                error_messages={
                    "required": _("Hãy chọn thủ tục."),
                    "invalid_choice": _(
                        "Thủ tục này không có trong danh sách: thủ tục của cơ quan khác hoặc đã có tờ khai điện tử."
                    ),
                },
            )
        if "steps" in self.fields:
            self._guard_stream_widget(self.fields["steps"])

    def _guard_stream_widget(self, field):
        widget = field.widget
        parse = widget.value_from_datadict

        def guarded(data, files, name):
            try:
                return parse(data, files, name)
            except (KeyError, ValueError, TypeError, OverflowError, AttributeError) as error:
                self._malformed_steps = True
                log.warning("formdefs.builder.malformed_steps", error=type(error).__name__)
                return field.block.normalize([])

        widget.value_from_datadict = guarded

    def clean(self):
        cleaned = super().clean()
        if self._malformed_steps:
            self.errors.pop("steps", None)
            self.add_error("steps", MALFORMED_STEPS)
        return cleaned


class ComponentNumbersPanel(Panel):
    """The chosen procedure's components, numbered as on the public sheet."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Thành phần hồ sơ của thủ tục"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "component_numbers"

    class BoundPanel(Panel.BoundPanel):
        template_name = "formdefs/admin/component_numbers.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            procedure = None
            if self.instance is not None and self.instance.procedure_id:
                procedure = ProcedurePage.objects.filter(pk=self.instance.procedure_id).first()
            context["procedure"] = procedure
            context["groups"] = procedure.numbered_component_groups() if procedure else []
            return context
