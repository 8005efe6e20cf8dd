"""The statistics board: public (``/thong-ke/``) and for leaders
(``/can-bo/thong-ke/``), each with its XLSX export. Views read the period
and filters, ask ``eforms.workspace.stats`` for the figures and render."""

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail import hooks

from eforms.dossiers.audit import audit
from eforms.dossiers.models import AuditAction, Dossier
from eforms.workspace.stats import PERIODS, build, overdue_dossiers, period_from_query
from eforms.workspace.stats import public_board as public_figures_board
from eforms.workspace.stats.chart import bar_chart
from eforms.workspace.stats.export import to_xlsx
from eforms.workspace.views.common import leader_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(data, name):
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _query_string(request):
    """The board's own parameters (cut short), for the export link."""
    params = QueryDict(mutable=True)
    for key in ("ky", "nam", "thang", "quy", "tu", "den", "co-quan"):
        if request.GET.get(key):
            params[key] = request.GET[key][:40]
    return params.urlencode()


def _chart(board):
    """The SVG chart per month (several months) or per agency, its rows and
    the first column's header of its text alternative."""
    if board.months:
        title = _("Hồ sơ đã giải quyết theo tháng")
        return {
            "chart": bar_chart(board.months, title, "stats-chart-month"),
            "chart_narrow": bar_chart(board.months, title, "stats-chart-month-n", narrow=True),
            "chart_rows": board.months,
            "chart_first_col": _("Tháng"),
        }
    title = _("Hồ sơ đã giải quyết theo cơ quan")
    return {
        "chart": bar_chart(board.rows, title, "stats-chart-agency"),
        "chart_narrow": bar_chart(board.rows, title, "stats-chart-agency-n", narrow=True),
        "chart_rows": board.rows,
        "chart_first_col": _("Cơ quan, đơn vị"),
    }


def _leader_scope(request):
    """``(agencies, chosen agency or None, messages)``: a leader sees only
    their own agencies; an unknown or foreign ``co-quan`` falls back to all."""
    agencies = request.officer_agencies
    raw = (request.GET.get("co-quan") or "").strip()
    if not raw:
        return agencies, None, []
    chosen = agencies.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 12 else None
    if chosen is None:
        return (
            agencies,
            None,
            [_("Cơ quan đã chọn không thuộc phạm vi quản lý của bạn; hiển thị tất cả cơ quan của bạn.")],
        )
    return agencies.filter(pk=chosen.pk), chosen, []


def _leader_board(request):
    period, messages = period_from_query(request.GET)
    agencies, chosen, scope_messages = _leader_scope(request)
    board = build(period, dossiers=Dossier.objects.filter(agency__in=agencies))
    return board, agencies, chosen, messages + scope_messages


@require_GET
def public_board(request):
    """Anyone may read it; figures are cached a minute (no personal data)."""
    period, messages = period_from_query(request.GET)
    board = public_figures_board(period)
    return render(
        request,
        "workspace/stats_public.html",
        {
            "board": board,
            "rows": board.rows,
            "total": board.total,
            "field_rows": board.tables["field"][0],
            "bounds": board.period.bounds,
            "period": board.period,
            "periods": PERIODS,
            "month_numbers": range(1, 13),
            "quarter_numbers": range(1, 5),
            "messages_stats": messages,
            **_chart(board),
            "query": _query_string(request),
            "export_url": reverse("public_stats:export"),
            "first_day": board.period.first_day,
            "last_day": board.period.last_day,
        },
    )


@require_GET
def public_export(request):
    period, _messages = period_from_query(request.GET)
    board = public_figures_board(period)
    data = to_xlsx(board, _("Tình hình giải quyết hồ sơ"))
    return _xlsx_response(data, f"thong-ke-{board.period.first_day:%Y%m%d}-{board.period.last_day:%Y%m%d}.xlsx")


@require_GET
@leader_required
def leader_board(request):
    board, agencies, chosen, messages = _leader_board(request)
    audit(request, AuditAction.STATISTICS, target=board.period.label)
    return render(
        request,
        "workspace/stats_leader.html",
        {
            "board": board,
            "rows": board.rows,
            "total": board.total,
            "tables": board.tables,
            "bounds": board.period.bounds,
            "period": board.period,
            "periods": PERIODS,
            "month_numbers": range(1, 13),
            "quarter_numbers": range(1, 5),
            "agencies": request.officer_agencies,
            "chosen_agency": chosen,
            "messages_stats": messages,
            **_chart(board),
            "query": _query_string(request),
            "export_url": reverse("workspace:stats_export"),
            "overdue": overdue_dossiers(agencies),
            # sections of the center's other services (feedback …), registered
            # by their apps with the ``workspace_leader_stats_sections`` hook
            "extra_sections": [
                section(request, period=board.period, agencies=agencies)
                for section in hooks.get_hooks("workspace_leader_stats_sections")
            ],
            "first_day": board.period.first_day,
            "last_day": board.period.last_day,
        },
    )


@require_GET
@leader_required
def leader_export(request):
    board, _agencies, _chosen, _messages = _leader_board(request)
    audit(request, AuditAction.EXPORT_XLSX, target=f"thong-ke {board.period.label}")
    data = to_xlsx(board, _("Thống kê giải quyết hồ sơ"))
    return _xlsx_response(data, f"thong-ke-{board.period.first_day:%Y%m%d}-{board.period.last_day:%Y%m%d}.xlsx")
