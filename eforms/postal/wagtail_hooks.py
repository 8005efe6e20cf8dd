from django.template.loader import render_to_string
from wagtail import hooks

from eforms.postal import stats


@hooks.register("workspace_leader_stats_sections")
def postal_stats_section(request, period, agencies):
    return render_to_string(
        "postal/stats_section.html", {"figures": stats.counts(period, agencies), "period": period}, request=request
    )
