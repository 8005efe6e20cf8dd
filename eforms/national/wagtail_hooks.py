"""Wagtail admin: the dashboard (menu “Đồng bộ Cổng DVC quốc gia”), the
pushes and the catalogue refresh reports (read-only lists)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from eforms.national import admin_views
from eforms.national.models import CatalogueRefresh, StatusSync
from portal.permissions import ReadOnlyPermissionPolicy

register_permission_policy(CatalogueRefresh, ReadOnlyPermissionPolicy(CatalogueRefresh))
register_permission_policy(StatusSync, ReadOnlyPermissionPolicy(StatusSync))


@hooks.register("register_admin_urls")
def register_national_urls():
    return [
        path("dong-bo-quoc-gia/", admin_views.home, name="national_dashboard"),
        path("dong-bo-quoc-gia/gui-lai/", admin_views.resend, name="national_resend"),
        path("dong-bo-quoc-gia/cap-nhat-danh-muc/", admin_views.refresh_now, name="national_refresh"),
    ]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.VIEW_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_national_menu_item():
    return DashboardMenuItem(
        _("Đồng bộ Cổng DVC quốc gia"), reverse("national_dashboard"), icon_name="resubmit", order=9100
    )


class StatusSyncViewSet(ModelViewSet):
    model = StatusSync
    icon = "resubmit"
    menu_label = _("Đồng bộ trạng thái (quốc gia)")
    name = "dong-bo-trang-thai"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["response"]  # the policy allows no add; change is the resend right
    list_display = ["created_at", "dossier_code", "to_status", "state", "attempts", "delivered_at", "last_error"]
    list_filter = {"state": ["exact"], "created_at": ["date__gte", "date__lte"]}
    search_fields = ["dossier_code", "last_error"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-created_at", "-id"]
    inspect_view_fields = [
        "created_at",
        "dossier_code",
        "to_status",
        "state",
        "idempotency_key",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "last_error",
        "response",
        "payload",
    ]


class CatalogueRefreshViewSet(ModelViewSet):
    model = CatalogueRefresh
    icon = "list-ul"
    menu_label = _("Cập nhật danh mục (quốc gia)")
    name = "cap-nhat-danh-muc-quoc-gia"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["trigger"]
    list_display = ["started_at", "finished_at", "outcome", "trigger", "error"]
    list_filter = {"outcome": ["exact"]}
    search_backend_name = None
    ordering = ["-started_at", "-id"]
    inspect_view_fields = [
        "started_at",
        "finished_at",
        "outcome",
        "trigger",
        "added",
        "updated",
        "withdrawn",
        "rejected",
        "error",
    ]


@hooks.register("register_admin_viewset")
def register_status_sync_viewset():
    return StatusSyncViewSet()


@hooks.register("register_admin_viewset")
def register_catalogue_refresh_viewset():
    return CatalogueRefreshViewSet()
