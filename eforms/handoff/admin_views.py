"""Wagtail admin: resend one dead letter, or many (bulk action)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from eforms.handoff import services
from eforms.handoff.constants import HandOffState
from eforms.handoff.models import HandOff

RESEND_PERMISSION = "handoff.change_handoff"


def list_url():
    return reverse(HandOff.snippet_viewset.get_url_name("list"))


@require_POST
def resend_one(request, pk):
    if not request.user.has_perm(RESEND_PERMISSION):
        raise PermissionDenied
    handoff = get_object_or_404(HandOff.objects.select_related("dossier", "agency"), pk=pk)
    if handoff.state == HandOffState.DELIVERED:
        messages.warning(
            request,
            _("Hồ sơ %(code)s đã được chuyển đến %(agency)s, không gửi lại.")
            % {"code": handoff.dossier.code, "agency": handoff.agency.title},
        )
    else:
        services.resend([handoff], actor=request.user)
        messages.success(
            request,
            _("Đã đưa hồ sơ %(code)s vào hàng đợi gửi lại đến %(agency)s.")
            % {"code": handoff.dossier.code, "agency": handoff.agency.title},
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = list_url()
    return redirect(next_url)


class ResendBulkAction(SnippetBulkAction):
    display_name = gettext_lazy("Gửi lại")
    action_type = "resend"
    aria_label = gettext_lazy("Gửi lại các lượt chuyển đã chọn")
    template_name = "handoff/admin/confirm_bulk_resend.html"
    action_priority = 10
    models = [HandOff]

    def check_perm(self, obj):
        return self.request.user.has_perm(RESEND_PERMISSION) and obj.state != HandOffState.DELIVERED

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        count = services.resend(objects, actor=user)
        return count, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "Đã đưa %(count)d lượt chuyển vào hàng đợi gửi lại.",
            "Đã đưa %(count)d lượt chuyển vào hàng đợi gửi lại.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
