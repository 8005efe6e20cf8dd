"""The admin's slot rules per counter (Wagtail snippet, under the lobby's
counters) and the appointments section of the leaders' board."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from eforms.appointments.models import SlotSchedule
from eforms.appointments.stats import leader_section


class SlotScheduleViewSet(SnippetViewSet):
    model = SlotSchedule
    icon = "date"
    menu_label = _("Khung giờ đặt lịch")
    add_to_admin_menu = True
    menu_order = 610
    list_display = ["counter", "slot_minutes", "capacity", "active"]
    list_filter = ["active"]


register_snippet(SlotScheduleViewSet)
hooks.register("workspace_leader_stats_sections", leader_section)
