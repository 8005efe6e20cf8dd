"""Wagtail admin: e-forms (draft/revision snippet) and the working-day calendar."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from eforms.dossiers.models import CalendarException
from eforms.formdefs.models import ProcedureForm


class ProcedureFormViewSet(SnippetViewSet):
    model = ProcedureForm
    icon = "form"
    menu_label = _("Tờ khai điện tử")
    list_display = ["title", "procedure", "live"]
    search_fields = ["title"]


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
