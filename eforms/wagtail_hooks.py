"""Wagtail admin: e-forms (draft/revision/workflow snippet) and the working-day calendar."""

import functools

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from eforms.dossiers.models import CalendarException
from eforms.formdefs.models import ProcedureForm
from eforms.formdefs.permissions import FORM_ACTIONS, ProcedureFormPermissionPolicy

form_policy = ProcedureFormPermissionPolicy(ProcedureForm)
register_permission_policy(ProcedureForm, form_policy)


def _forbidden(request, form):
    return TemplateResponse(
        request,
        "formdefs/admin/forbidden.html",
        {"form": form, "procedure": form.procedure, "agency": form.procedure.agency},
        status=403,
    )


def _form_of(pk):
    """The form of a URL's ``pk`` (quoted by Wagtail), or ``None``. A pk
    that is no id at all is a 404 here: the compare view's pattern accepts
    any text and Wagtail would fail on it with a 500."""
    if pk is None:
        return None
    try:
        value = ProcedureForm._meta.pk.to_python(unquote(str(pk)))
    except ValidationError:
        raise Http404 from None
    return ProcedureForm.objects.select_related("procedure__agency").filter(pk=value).first()


def department_guard(view):
    """Every view of one form (edit, delete, history, revisions, compare,
    unpublish, lock, workflow actions …) answers 403 to a department editor
    when the form belongs to another department's procedure."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        form = _form_of(kwargs.get("pk"))
        if form is not None and not form_policy.user_may_open(request.user, form):
            return _forbidden(request, form)
        return view(request, *args, **kwargs)

    return guarded


class ProcedureFormViewSet(SnippetViewSet):
    model = ProcedureForm
    icon = "form"
    menu_label = _("Tờ khai điện tử")
    list_display = ["title", "procedure", "live"]
    search_fields = ["title"]

    def get_queryset(self, request):
        """A department's editors list only their departments' forms."""
        return form_policy.instances_user_has_any_permission_for(request.user, FORM_ACTIONS).select_related("procedure")

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "pk" in pattern.pattern.regex.groupindex:
                pattern.callback = department_guard(pattern.callback)
        return patterns


class CalendarExceptionViewSet(SnippetViewSet):
    model = CalendarException
    icon = "date"
    menu_label = _("Ngày nghỉ, làm bù")
    list_display = ["date", "kind", "decision", "note"]
    list_filter = ["kind"]
    ordering = ["-date"]


class EformsViewSetGroup(SnippetViewSetGroup):
    items = (ProcedureFormViewSet, CalendarExceptionViewSet)
    menu_icon = "form"
    menu_label = _("Nộp hồ sơ trực tuyến")
    menu_name = "eforms"


register_snippet(EformsViewSetGroup)
