"""Wagtail admin: the audit trail (read-only, filterable) and the officers of
each agency, grouped under "Cán bộ, nhật ký"."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from eforms.dossiers.models import AuditEvent
from eforms.workspace.models import OfficerMembership
from portal.permissions import ReadOnlyPermissionPolicy

register_permission_policy(AuditEvent, ReadOnlyPermissionPolicy(AuditEvent))


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "list-ul"
    menu_label = _("Nhật ký truy cập dữ liệu")
    name = "nhat-ky-truy-cap"
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["username"]  # never usable: the policy forbids add/change
    list_display = ["created_at", "username", "action", "allowed", "dossier_code", "target", "ip_address"]
    list_filter = {
        "action": ["exact"],
        "allowed": ["exact"],
        "username": ["icontains"],
        "dossier_code": ["icontains"],
        "created_at": ["date__gte", "date__lte"],
    }
    search_fields = ["username", "dossier_code", "target", "path"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-created_at", "-id"]
    inspect_view_fields = [
        "created_at",
        "username",
        "action",
        "allowed",
        "dossier_code",
        "target",
        "path",
        "ip_address",
        "user_agent",
    ]


class OfficerMembershipViewSet(ModelViewSet):
    model = OfficerMembership
    icon = "user"
    menu_label = _("Cán bộ của cơ quan")
    name = "can-bo-co-quan"
    copy_view_enabled = False
    form_fields = ["user", "agency", "role"]
    list_display = ["user", "agency", "role", "created_at"]
    list_filter = ["role", "agency"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__title"]
    search_backend_name = None


class WorkspaceAdminGroup(ViewSetGroup):
    menu_label = _("Cán bộ, nhật ký")
    menu_icon = "group"
    menu_order = 900
    items = (OfficerMembershipViewSet, AuditEventViewSet)


@hooks.register("register_admin_viewset")
def register_workspace_viewsets():
    return WorkspaceAdminGroup()
