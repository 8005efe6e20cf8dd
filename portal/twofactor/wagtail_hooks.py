"""Wagtail admin: 2FA reset action on the users listing, audit log action,
and a "Xác thực hai lớp" entry in the account menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import admin_views


@hooks.register("register_admin_urls")
def register_twofactor_admin_urls():
    return [
        path("xac-thuc-hai-lop/dat-lai/<int:user_id>/", admin_views.reset_view, name="twofactor_reset"),
    ]


@hooks.register("register_user_listing_buttons")
def twofactor_reset_button(user, request_user):
    if request_user.is_superuser:
        yield Button(
            _("Đặt lại xác thực hai lớp"),
            reverse("twofactor_reset", args=[user.pk]),
            icon_name="key",
            priority=60,
        )


@hooks.register("register_log_actions")
def register_twofactor_log_actions(actions):
    actions.register_action("twofactor.reset", _("Đặt lại xác thực hai lớp"), _("Đã đặt lại xác thực hai lớp"))


@hooks.register("register_account_menu_item")
def twofactor_account_menu_item(request):
    return {
        "url": reverse("twofactor:devices"),
        "label": _("Xác thực hai lớp"),
        "help_text": _("Đổi điện thoại, gỡ thiết bị, tạo mã dự phòng mới."),
    }
