"""What the procedure sheet shows, derived from a ``ProcedurePage``'s
fields and rows (steps, fees from the schedule, applicants, components by
case). Mixed into ``content.models.catalogue.ProcedurePage``; no fields
here (no migration). The folded copies the search index holds stay on
``ProcedurePage`` itself: modelsearch names an index field after the model
class that defines it, and a plain mixin has no ``_meta``."""

from django.utils.translation import gettext_lazy as _

from ..constants import OnlineLevel, SubmissionMethod
from ..fees import quote, schedule_summary


class ProcedureSheetMixin:
    """The derived values of the sheet, the PDF, search and the API."""

    def step_list(self):
        return [step.value for step in self.steps]

    @property
    def is_online(self):
        return self.online_level in (OnlineLevel.PARTIAL, OnlineLevel.FULL)

    # --- fees: derived from the schedule (``fees``, ``fee_exemptions``) ------

    def fee_quote(self, channel=SubmissionMethod.IN_PERSON, category="", units=1):
        """What an applicant pays (``content.fees.quote``)."""
        return quote(self, channel, category, units)

    @property
    def fee_vnd(self):
        """Read-only: what an ordinary applicant pays in person for one
        dossier (one unit). The schedule is the source; nothing stores this."""
        return self.fee_quote(SubmissionMethod.IN_PERSON).total

    @property
    def fee_online_vnd(self):
        """Read-only: what an ordinary applicant pays online for one unit."""
        return self.fee_quote(SubmissionMethod.ONLINE).total

    @property
    def fee_summary(self):
        """Read-only text of the whole schedule (sheet, PDF, search, API)."""
        lines = schedule_summary(self)
        return "\n".join(lines) if lines else str(_("Không thu phí, lệ phí"))

    @property
    def fee_description(self):
        """The former free-text field, now the schedule's summary."""
        return self.fee_summary

    def fee_for_method(self, method):
        """The text of one row of "Cách thức thực hiện": the rows of the
        schedule that apply to ``method``."""
        lines = self.fee_quote(method).lines
        if not lines:
            return str(_("Không thu phí, lệ phí"))
        return "; ".join(line.wording for line in lines)

    @property
    def applicant_labels(self):
        labels = []
        if self.for_citizens:
            labels.append(str(_("Công dân Việt Nam / cá nhân")))
        if self.for_organisations:
            labels.append(str(_("Tổ chức")))
        if self.for_enterprises:
            labels.append(str(_("Doanh nghiệp")))
        return labels

    def grouped_components(self):
        """Components grouped by case (``case_group``) as ``[(case or "",
        [component, ...]), ...]``: the components for every case first,
        then each case in the order it first appears."""
        groups = {}
        for component in self.components.all():
            groups.setdefault(component.case_group, []).append(component)
        ordered = sorted(groups.items(), key=lambda item: item[0] != "")
        return ordered

    def numbered_component_groups(self):
        """``grouped_components`` with a running number (STT) per component."""
        number = 0
        result = []
        for case, components in self.grouped_components():
            rows = []
            for component in components:
                number += 1
                rows.append((number, component))
            result.append((case, rows))
        return result
