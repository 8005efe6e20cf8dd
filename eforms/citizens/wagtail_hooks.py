"""Admin: which procedures require a level of identity assurance (snippet
"Yêu cầu định danh của thủ tục"); a procedure without a row accepts
anonymous submission with code and secret."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from eforms.citizens.models import ProcedureAssurance


class ProcedureAssuranceViewSet(SnippetViewSet):
    model = ProcedureAssurance
    icon = "lock"
    menu_label = _("Yêu cầu định danh của thủ tục")
    add_to_admin_menu = True
    menu_order = 620
    list_display = ["procedure", "required_level"]
    list_filter = ["required_level"]
    panels = [FieldPanel("procedure"), FieldPanel("required_level")]


register_snippet(ProcedureAssuranceViewSet)
