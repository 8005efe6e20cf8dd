"""Wagtail admin: the reception counters (quầy) of the kiosk and the board."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from eforms.lobby.models import Counter


class CounterViewSet(SnippetViewSet):
    model = Counter
    icon = "group"
    menu_label = _("Quầy tiếp nhận")
    url_prefix = "quay-tiep-nhan"
    add_to_admin_menu = True
    menu_order = 320
    list_display = ["label", "name", "agency", "active"]
    list_filter = ["agency", "active"]
    panels = [
        FieldPanel("agency"),
        FieldPanel("number"),
        FieldPanel("name"),
        FieldPanel("fields"),
        FieldPanel("active"),
    ]


register_snippet(CounterViewSet)
