"""Wagtail admin: the synchronisation dashboard, resending dead letters,
refreshing the catalogue now."""

import re

import structlog
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from eforms.national import dashboard, delivery
from eforms.national.constants import SyncState
from eforms.national.models import StatusSync
from eforms.outbox.dispatch import PUBLISH_RETRY_POLICY, signature

log = structlog.get_logger(__name__)
REFRESH_TASK = "national.refresh_catalogue"

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
    """Ask the worker for a refresh (a whole catalogue takes longer than a
    request may): the report shows here when it is done."""
    if not request.user.has_perm(REFRESH_PERMISSION):
        raise PermissionDenied
    try:
        signature(REFRESH_TASK, f"admin:{request.user.get_username()}"[:100]).apply_async(
            retry=True, retry_policy=PUBLISH_RETRY_POLICY
        )
    except Exception as exc:  # noqa: BLE001 - broker down: say so, nothing else changes
        log.warning("national_catalogue_request_failed", error=str(exc)[:300])
        messages.error(
            request, _("Chưa gửi được yêu cầu cập nhật danh mục (hàng đợi không phản hồi). Vui lòng thử lại sau.")
        )
    else:
        messages.success(request, _("Đã yêu cầu cập nhật danh mục; báo cáo hiện ở trang này khi cập nhật xong."))
    return redirect(reverse("national_dashboard"))
