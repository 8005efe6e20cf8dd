"""The officer's queue: visible dossiers, filtered, searched and sorted."""

from django.db.models import Q

from eforms.dossiers.constants import FINAL_STATUSES
from eforms.dossiers.deadlines import due_soon_q, overdue_q
from eforms.workspace.access import visible_dossiers
from eforms.workspace.forms import QueueFilterForm
from eforms.workspace.services.supplements import overdue_supplements


def procedures_of(queryset):
    return list(queryset.order_by("procedure_code").values_list("procedure_code", "procedure_name").distinct())


def filtered_queue(user, params):
    """``(form, queryset)`` for the officer and the GET parameters. Invalid
    parameters are ignored one by one, never an error page."""
    base = visible_dossiers(user).select_related("agency")
    form = QueueFilterForm(params or None, procedures=procedures_of(visible_dossiers(user)))
    form.is_valid()
    data = {name: value for name, value in getattr(form, "cleaned_data", {}).items() if name not in form.errors}
    queryset = base
    query = (data.get("q") or "").strip()
    if query:
        queryset = queryset.filter(
            Q(code__icontains=query) | Q(applicant_name__icontains=query) | Q(applicant_id_number__icontains=query)
        )
    if data.get("status"):
        queryset = queryset.filter(status=data["status"])
    elif not data.get("scope") and not query:
        # By default the queue is the work still to do: closed dossiers
        # (refused, withdrawn, stopped, returned) only with "Tất cả hồ sơ",
        # an explicit status or a search.
        queryset = queryset.exclude(status__in=FINAL_STATUSES)
    if data.get("procedure"):
        queryset = queryset.filter(procedure_code=data["procedure"])
    if data.get("deadline") == "sap-den-han":
        queryset = queryset.filter(due_soon_q())
    elif data.get("deadline") == "qua-han":
        queryset = queryset.filter(overdue_q())
    elif data.get("deadline") == "qua-han-bo-sung":
        queryset = queryset.filter(pk__in=overdue_supplements().values("dossier_id"))
    sort = data.get("sort") or "han"
    queryset = queryset.order_by(*QueueFilterForm.SORT_FIELDS.get(sort, ["due_at"]), "id")
    return form, queryset


def describe_filters(form):
    """Short text of the active filters, for the audit trail of exports."""
    data = getattr(form, "cleaned_data", {}) or {}
    parts = [f"{k}={v}" for k, v in sorted(data.items()) if v not in (None, "") and k not in form.errors]
    return "; ".join(parts)[:300] or "tất cả"
