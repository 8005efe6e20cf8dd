"""Wagtail admin: a superuser resets another user's two-factor devices."""

import logging

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from wagtail.log_actions import log

from portal.clientaddress import client_address

from .services import reset_two_factor

logger = logging.getLogger("portal.twofactor")


@require_http_methods(["GET", "POST"])
def reset_view(request, user_id):
    if not request.user.is_superuser:
        logger.warning(
            "event=twofactor_reset_denied actor=%s target=%s ip=%s", request.user.pk, user_id, client_address(request)
        )
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        removed = reset_two_factor(
            target, actor=f"user:{request.user.pk}:{request.user.get_username()}", via="wagtail-admin"
        )
        log(instance=target, action="twofactor.reset", user=request.user, data={"removed_devices": removed})
        messages.success(
            request,
            _("Đã đặt lại xác thực hai lớp của %(username)s (gỡ %(count)d thiết bị).")
            % {"username": target.get_username(), "count": removed},
        )
        return redirect("wagtailusers_users:index")
    devices = list(devices_for_user(target, confirmed=None))
    return TemplateResponse(
        request,
        "twofactor/admin/reset_confirm.html",
        {
            "target": target,
            "devices": devices,
            "page_title": _("Đặt lại xác thực hai lớp"),
            "header_icon": "key",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("Trang chủ")},
                {"url": reverse("wagtailusers_users:index"), "label": _("Người dùng")},
                {"url": "", "label": _("Đặt lại xác thực hai lớp: %(username)s") % {"username": target.get_username()}},
            ],
            "header_title": _("Đặt lại xác thực hai lớp"),
            "cancel_url": reverse("wagtailusers_users:index"),
        },
    )
