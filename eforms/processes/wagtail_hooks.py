"""Wagtail admin: the internal processes of procedures (draft/revision
snippet), in the admin menu beside the e-forms."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from eforms.processes.models import InternalProcess


class InternalProcessViewSet(SnippetViewSet):
    model = InternalProcess
    icon = "list-ol"
    menu_label = _("Quy trình nội bộ")
    menu_name = "internal-processes"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["procedure", "share_unit", "live"]
    search_fields = ["procedure__title", "procedure__code"]


register_snippet(InternalProcessViewSet)
