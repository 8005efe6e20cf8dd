"""Admin: the synonym dictionary under Settings (snippet with revisions)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymEntry


class SynonymEntryViewSet(SnippetViewSet):
    model = SynonymEntry
    icon = "resubmit"
    menu_label = _("Từ điển đồng nghĩa")
    add_to_settings_menu = True
    list_display = ["terms", "replacement", "kind", "live"]
    list_filter = ["kind", "live"]
    ordering = ["terms"]


register_snippet(SynonymEntryViewSet)
