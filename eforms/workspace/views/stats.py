"""The statistics board: public (``/thong-ke/``) and for leaders."""
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from eforms.dossiers.audit import audit
from eforms.dossiers.models import AuditAction
from eforms.workspace.stats import by_procedure, compute
from eforms.workspace.views.common import leader_required

PERIODS = [("thang", _("Tháng này")), ("nam", _("Năm nay"))]


def _days(bounds):
    """First and last local day of the period (its end bound is exclusive)."""
    import datetime as dt

    from django.utils import timezone

    start, end = bounds
    return {"first_day": timezone.localtime(start).date(), "last_day": timezone.localtime(end).date() - dt.timedelta(days=1)}


def _period(request):
    value = request.GET.get("ky")
    return value if value in dict(PERIODS) else "thang"


PUBLIC_CACHE_SECONDS = 60


@require_GET
def public_board(request):
    """Anyone may read it; figures are cached a minute (no personal data)."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    period = _period(request)
    key = f"workspace:stats:{period}:{get_language()}"
    cached = cache.get(key)
    if cached is None:
        cached = compute(period)
        cache.set(key, cached, PUBLIC_CACHE_SECONDS)
    rows, total, bounds = cached
    return render(
        request, "workspace/stats_public.html",
        {"rows": rows, "total": total, "bounds": bounds, "period": period, "periods": PERIODS, **_days(bounds)},
    )


@require_GET
@leader_required
def leader_board(request):
    from eforms.dossiers.deadlines import overdue_q
    from eforms.dossiers.models import Dossier

    period = _period(request)
    agencies = request.officer_agencies
    rows, total, bounds = compute(period, agencies=agencies)
    overdue = (
        Dossier.objects.filter(agency__in=agencies).filter(overdue_q()).select_related("agency").order_by("due_at")[:50]
    )
    audit(request, AuditAction.STATISTICS, target=period)
    return render(
        request, "workspace/stats_leader.html",
        {
            "rows": rows, "total": total, "bounds": bounds, "period": period, "periods": PERIODS,
            "procedure_rows": by_procedure(agencies, period), "overdue": overdue, **_days(bounds),
        },
    )
