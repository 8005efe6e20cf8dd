"""Wagtail admin: every feedback item for administrators (Reports →
"Phản ánh, kiến nghị", read-only: officers handle items in the workspace),
and the feedback section of the leaders' statistics page."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from eforms.feedback import stats
from eforms.feedback.models import Feedback
from portal.permissions import ReadOnlyPermissionPolicy

register_permission_policy(Feedback, ReadOnlyPermissionPolicy(Feedback))


class FeedbackIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("agency")


class FeedbackViewSet(ModelViewSet):
    model = Feedback
    index_view_class = FeedbackIndexView
    icon = "comment"
    menu_label = _("Phản ánh, kiến nghị")
    name = "phan-anh-kien-nghi"
    menu_hook = "register_reports_menu_item"
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["subject"]  # never usable: the policy forbids add/change
    list_display = ["code", "subject", "kind", "agency", "state", "received_at", "due_at", "published_at"]
    list_filter = {"state": ["exact"], "kind": ["exact"], "agency": ["exact"], "received_at": ["date__gte"]}
    search_fields = ["code", "subject", "dossier_code_given"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-received_at", "-id"]
    inspect_view_fields = [
        "code",
        "kind",
        "subject",
        "content",
        "agency",
        "procedure",
        "dossier",
        "state",
        "received_at",
        "due_at",
        "answer",
        "answered_at",
        "refusal_reason",
        "consent_publish",
        "public_subject",
        "public_question",
        "public_answer",
        "published_at",
    ]


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return FeedbackViewSet()


@hooks.register("workspace_leader_stats_sections")
def feedback_stats_section(request, period, agencies):
    rows, total = stats.rows(period, agencies)
    return render_to_string(
        "feedback/_stats_section.html",
        {"feedback_rows": rows, "feedback_total": total, "feedback_period": period},
        request=request,
    )
