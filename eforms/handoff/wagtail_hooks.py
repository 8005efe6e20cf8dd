"""Wagtail admin for the hand-off: per-agency targets, every branch with its
state and last error (dead letters first), receipts, and resending."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from eforms.handoff import admin_views
from eforms.handoff.constants import HandOffState
from eforms.handoff.models import DeliveryAttempt, HandOff, HandoffTarget


class RecordOnlyPolicy(ModelPermissionPolicy):
    """Rows written by the system: admins look and resend, never add or delete."""

    def user_has_permission(self, user, action):
        if action in {"add", "delete", "copy"}:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = set(actions) - {"add", "delete", "copy"}
        if not actions:
            from django.contrib.auth import get_user_model

            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


register_permission_policy(HandOff, RecordOnlyPolicy(HandOff), exact_class=True)
register_permission_policy(DeliveryAttempt, RecordOnlyPolicy(DeliveryAttempt), exact_class=True)


class ResendColumn(Column):
    cell_template_name = "handoff/admin/resend_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["request"] = request
        context["can_resend"] = (
            instance.state != HandOffState.DELIVERED
            and request is not None
            and request.user.has_perm(admin_views.RESEND_PERMISSION)
        )
        context["resend_url"] = reverse("handoff_resend", args=[instance.pk])
        return context


class HandoffTargetViewSet(SnippetViewSet):
    model = HandoffTarget
    icon = "site"
    menu_label = _("Cấu hình chuyển hồ sơ")
    url_prefix = "ban-giao/cau-hinh"
    list_display = ["agency", "backend", "webhook_url", "mailbox", "enabled", "updated_at"]
    list_filter = ["backend", "enabled"]
    panels = [
        FieldPanel("agency"),
        FieldRowPanel([FieldPanel("backend"), FieldPanel("enabled")]),
        MultiFieldPanel([FieldPanel("webhook_url"), FieldPanel("webhook_secret_env")], heading=_("Webhook HTTP")),
        FieldPanel("mailbox"),
    ]


class HandOffViewSet(SnippetViewSet):
    model = HandOff
    icon = "redirect"
    menu_label = _("Lượt chuyển hồ sơ")
    url_prefix = "ban-giao/luot-chuyen"
    list_display = [
        "dossier_code",
        "agency",
        "state",
        "backend",
        "attempts",
        Column("last_error", label=_("Lỗi gần nhất"), accessor=lambda h: (h.last_error or "")[:160]),
        DateColumn("next_attempt_at", label=_("Thử lại lúc")),
        DateColumn("delivered_at", label=_("Chuyển xong lúc")),
        ResendColumn("resend", label=_("Gửi lại")),
    ]
    list_filter = ["state", "backend", "agency"]
    search_fields = ["dossier__code", "last_error"]
    ordering = ["state", "-created_at"]
    inspect_view_enabled = True
    panels = [
        FieldRowPanel([FieldPanel("dossier", read_only=True), FieldPanel("agency", read_only=True)]),
        FieldRowPanel(
            [
                FieldPanel("state", read_only=True),
                FieldPanel("backend", read_only=True),
                FieldPanel("attempts", read_only=True),
                FieldPanel("dispatch_count", read_only=True),
            ]
        ),
        FieldPanel("last_error", read_only=True),
        FieldRowPanel(
            [
                FieldPanel("dispatched_at", read_only=True),
                FieldPanel("next_attempt_at", read_only=True),
                FieldPanel("delivered_at", read_only=True),
            ]
        ),
        FieldPanel("receipt", read_only=True),
    ]

    def get_queryset(self, request):
        return HandOff.objects.select_related("dossier", "agency")


class DeliveryAttemptViewSet(SnippetViewSet):
    model = DeliveryAttempt
    icon = "list-ul"
    menu_label = _("Biên nhận các lần chuyển")
    url_prefix = "ban-giao/bien-nhan"
    list_display = [
        "dossier_code",
        Column("agency", label=_("Cơ quan nhận"), accessor="handoff.agency.title"),
        "number",
        "backend",
        "ok",
        "status_code",
        Column("response_excerpt", label=_("Trích phản hồi"), accessor=lambda a: (a.response_excerpt or "")[:120]),
        Column("error", label=_("Lỗi"), accessor=lambda a: (a.error or "")[:120]),
        DateColumn("started_at", label=_("Bắt đầu")),
    ]
    list_filter = ["ok", "backend"]
    search_fields = ["handoff__dossier__code", "error"]
    ordering = ["-started_at"]
    inspect_view_enabled = True
    panels = [
        FieldRowPanel(
            [
                FieldPanel("number", read_only=True),
                FieldPanel("backend", read_only=True),
                FieldPanel("ok", read_only=True),
                FieldPanel("status_code", read_only=True),
            ]
        ),
        FieldPanel("response_excerpt", read_only=True),
        FieldPanel("error", read_only=True),
        FieldRowPanel(
            [
                FieldPanel("started_at", read_only=True),
                FieldPanel("finished_at", read_only=True),
                FieldPanel("worker", read_only=True),
            ]
        ),
    ]

    def get_queryset(self, request):
        return DeliveryAttempt.objects.select_related("handoff__dossier", "handoff__agency")


class HandoffGroup(SnippetViewSetGroup):
    menu_label = _("Chuyển hồ sơ")
    menu_icon = "redirect"
    menu_order = 310
    items = (HandOffViewSet, DeliveryAttemptViewSet, HandoffTargetViewSet)


register_snippet(HandoffGroup)


@hooks.register("register_admin_urls")
def register_handoff_admin_urls():
    return [path("ban-giao/gui-lai/<int:pk>/", admin_views.resend_one, name="handoff_resend")]


hooks.register("register_bulk_action", admin_views.ResendBulkAction)
