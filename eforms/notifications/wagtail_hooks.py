"""Wagtail admin: what was sent to applicants, failures with their last
error (read-only), under Reports."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from eforms.notifications.models import NotificationLog
from portal.permissions import ReadOnlyPermissionPolicy

register_permission_policy(NotificationLog, ReadOnlyPermissionPolicy(NotificationLog))


class NotificationLogIndexView(IndexView):
    def get_base_queryset(self):
        """The dossier of each row in the same query (the list shows its
        code), not one query per row."""
        return super().get_base_queryset().select_related("dossier")


class NotificationLogViewSet(ModelViewSet):
    model = NotificationLog
    index_view_class = NotificationLogIndexView
    icon = "mail"
    menu_label = _("Thông báo cho người nộp")
    name = "thong-bao-nguoi-nop"
    menu_hook = "register_reports_menu_item"
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["recipient"]  # never usable: the policy forbids add/change
    list_display = ["created_at", "dossier", "channel", "state", "recipient", "attempts", "delivered_at", "last_error"]
    list_filter = {
        "channel": ["exact"],
        "state": ["exact"],
        "created_at": ["date__gte", "date__lte"],
    }
    search_fields = ["dossier__code", "recipient", "last_error"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-created_at", "-id"]
    inspect_view_fields = [
        "created_at",
        "dossier",
        "status_change",
        "channel",
        "state",
        "recipient",
        "backend",
        "request_id",
        "provider_message_id",
        "attempts",
        "last_error",
        "next_attempt_at",
        "delivered_at",
    ]


@hooks.register("register_admin_viewset")
def register_notification_viewset():
    return NotificationLogViewSet()
