"""The accessibility statement (/tuyen-bo-tiep-can/) and its report form."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from portal import ratelimit

from .accessibility import RATE_LIMIT, AccessibilityReportForm, record


@require_http_methods(["GET", "POST"])
def statement(request):
    status = 200
    limited = False
    if request.method == "POST":
        form = AccessibilityReportForm(request.POST)
        limit, window = RATE_LIMIT
        if ratelimit.hit(request, "accessibility_report", limit=limit, window=window):
            limited, status = True, 429
        elif form.is_valid():
            if not form.is_bot:
                record(request, form)
            return redirect(request.path + "?da-gui=1#phan-anh")
        else:
            status = 400
    else:
        form = AccessibilityReportForm()
    context = {"form": form, "limited": limited, "sent": request.GET.get("da-gui") == "1"}
    return render(request, "content/accessibility_statement.html", context, status=status)
