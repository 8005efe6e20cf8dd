"""Demo data of the appointments: every active reception counter of the demo
agencies takes appointments (30-minute slots, two places each); an agency
without any counter yet gets "Quầy 1". Safe to run again: nothing is
duplicated."""

import structlog
from django.core.management.base import BaseCommand

from content.models import AgencyPage
from eforms.appointments.models import SlotSchedule
from eforms.lobby.models import Counter

log = structlog.get_logger(__name__)


class Command(BaseCommand):
    help = "Khung giờ đặt lịch hẹn cho các quầy tiếp nhận của dữ liệu minh họa."

    def handle(self, *args, **options):
        created = 0
        for agency in AgencyPage.objects.live():
            if not Counter.objects.filter(agency=agency).exists():
                Counter.objects.get_or_create(agency=agency, number=1, defaults={"name": "Quầy tiếp nhận"})
            for counter in Counter.objects.filter(agency=agency, active=True):
                _schedule, made = SlotSchedule.objects.get_or_create(
                    counter=counter, defaults={"slot_minutes": 30, "capacity": 2}
                )
                created += made
        log.info("demo_appointments_loaded", schedules_created=created, schedules=SlotSchedule.objects.count())
