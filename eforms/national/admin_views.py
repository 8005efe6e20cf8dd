"""Wagtail admin: the synchronisation dashboard, resending dead letters,
refreshing the catalogue now."""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from eforms.national import catalogue, dashboard, delivery
from eforms.national.constants import SyncState
from eforms.national.models import StatusSync

ROW_ID = re.compile(r"[0-9]{1,18}")
VIEW_PERMISSION = "national.view_statussync"
RESEND_PERMISSION = "national.change_statussync"
REFRESH_PERMISSION = "national.add_cataloguerefresh"


def home(request):
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    context = dashboard.figures()
    context.update(
        can_resend=request.user.has_perm(RESEND_PERMISSION),
        can_refresh=request.user.has_perm(REFRESH_PERMISSION),
        header_icon="resubmit",
    )
    return TemplateResponse(request, "national/dashboard.html", context)


@require_POST
def resend(request):
    if not request.user.has_perm(RESEND_PERMISSION):
        raise PermissionDenied
    ids = [value for value in request.POST.getlist("row") if ROW_ID.fullmatch(value)][:500]
    rows = StatusSync.objects.filter(state=SyncState.DEAD)
    if request.POST.get("all") != "1":
        rows = rows.filter(pk__in=ids)
    count = delivery.resend(list(rows[:500]))
    if count:
        messages.success(
            request,
            ngettext(
                "Đã đưa %(n)s thay đổi trạng thái vào hàng đợi gửi lại.",
                "Đã đưa %(n)s thay đổi trạng thái vào hàng đợi gửi lại.",
                count,
            )
            % {"n": count},
        )
    else:
        messages.warning(request, _("Không có thư chết nào để gửi lại."))
    return redirect(reverse("national_dashboard"))


@require_POST
def refresh_now(request):
    if not request.user.has_perm(REFRESH_PERMISSION):
        raise PermissionDenied
    report = catalogue.refresh(trigger=f"admin:{request.user.get_username()}")
    if report.error:
        messages.error(request, _("Không cập nhật được danh mục: %(error)s") % {"error": report.error[:300]})
    else:
        messages.success(
            request,
            _(
                "Đã cập nhật danh mục: thêm mới %(added)s · cập nhật %(updated)s · không đổi %(unchanged)s · "
                "bãi bỏ %(withdrawn)s · bị từ chối %(rejected)s."
            )
            % report.counts(),
        )
    return redirect(reverse("national_dashboard"))
