"""The demo dossier generator: catalogue, people, timelines, answers and
records put together, run in receipt order."""

import datetime as dt
import random

from django.utils import timezone

from eforms.demo.answers import AnswersMixin
from eforms.demo.catalogue import CatalogueMixin
from eforms.demo.constants import WINDOW_DAYS
from eforms.demo.people import PeopleMixin
from eforms.demo.records import RecordsMixin
from eforms.demo.timeline import TimelineMixin
from eforms.dossiers.calendar import WorkingCalendar


class DemoGenerator(CatalogueMixin, PeopleMixin, TimelineMixin, AnswersMixin, RecordsMixin):
    def __init__(self, count=240, seed=None, now=None):
        self.count = count
        self.rng = random.Random(seed)
        self.now = now or timezone.now()
        self.tz = timezone.get_current_timezone()
        self.today = timezone.localtime(self.now).date()
        start = self.today - dt.timedelta(days=WINDOW_DAYS)
        calendar = WorkingCalendar(start, self.today)
        self.days = [
            start + dt.timedelta(days=i)
            for i in range(WINDOW_DAYS + 1)
            if calendar.is_working_day(start + dt.timedelta(days=i))
        ]
        self.past_days = [d for d in self.days if d < self.today]
        self._versions = {}
        self._components = {}
        self._wards = None
        self._staff = {}
        self.serial = 0

    def run(self):
        """Create the dossiers (in receipt order, so each day's running
        numbers follow the time of receipt). Returns the number created."""
        made = []
        for plan in self.plans():
            received, outcome = self.plan_received(plan)
            if outcome is None:
                # Could not fit (no procedure with a suitable deadline): an ordinary completed one instead.
                plan.category = "done"
                received, outcome = self.plan_received(plan)
                if outcome is None:
                    continue
            made.append((received, plan, outcome))
        made.sort(key=lambda item: item[0])
        for received, plan, (events, fields) in made:
            self.create(plan, received, events, fields)
        return len(made)
