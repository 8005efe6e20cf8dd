"""The statistics board: public (``/thong-ke/``) and for leaders."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from eforms.dossiers.audit import audit
from eforms.dossiers.models import AuditAction
from eforms.workspace.stats import (
    PERIODS,
    by_procedure,
    compute,
    overdue_dossiers,
    parse_period,
    period_days,
    public_figures,
)
from eforms.workspace.views.common import leader_required


@require_GET
def public_board(request):
    """Anyone may read it; figures are cached a minute (no personal data)."""
    period = parse_period(request.GET.get("ky"))
    rows, total, bounds = public_figures(period)
    return render(
        request,
        "workspace/stats_public.html",
        {"rows": rows, "total": total, "bounds": bounds, "period": period, "periods": PERIODS, **period_days(bounds)},
    )


@require_GET
@leader_required
def leader_board(request):
    period = parse_period(request.GET.get("ky"))
    agencies = request.officer_agencies
    rows, total, bounds = compute(period, agencies=agencies)
    audit(request, AuditAction.STATISTICS, target=period)
    return render(
        request,
        "workspace/stats_leader.html",
        {
            "rows": rows,
            "total": total,
            "bounds": bounds,
            "period": period,
            "periods": PERIODS,
            "procedure_rows": by_procedure(agencies, period),
            "overdue": overdue_dossiers(agencies),
            **period_days(bounds),
        },
    )
