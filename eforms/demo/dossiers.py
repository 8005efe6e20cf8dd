"""Demo dossiers for ``make run``: a realistic officer queue and statistics board.

``load_demo_dossiers(count, seed)`` generates dossiers over the last ~75
days for the online procedures of the catalogue, with Vietnamese applicants
from Lâm Đồng, and walks each one through the real workflow: codes from
``allocate_dossier_code`` for the day of receipt, deadlines from the
working-day calendar, every status change through ``record_status`` at its
historic time, and a hand-off branch delivered to the agency's queue (the
officer workspace shows a dossier only once its branch is delivered).

Idempotent: demo dossiers carry ``form_data["demo"]``; when any exists,
nothing is created. Everything is written in one transaction.

The parts: ``catalogue`` (quotas, plans), ``people`` (applicants, staff),
``timeline`` (one dossier's life), ``answers`` (form data), ``records``
(rows, history, hand-off), ``generator`` (all of them together).
"""

from collections import Counter
from dataclasses import dataclass, field

import structlog
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from eforms.demo.catalogue import Plan, quotas
from eforms.demo.constants import DEMO_KEY
from eforms.demo.generator import DemoGenerator
from eforms.demo.processes import load_demo_processes, walk_demo_steps
from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.deadlines import overdue_q
from eforms.dossiers.models import Dossier
from eforms.workspace.access import visible_dossiers
from eforms.workspace.models import OfficerMembership

__all__ = ["DemoGenerator", "Plan", "Report", "demo_dossiers", "load_demo_dossiers", "quotas", "summarize"]

log = structlog.get_logger(__name__)

S = DossierStatus


@dataclass
class Report:
    created: int = 0
    existing: int = 0
    by_status: Counter = field(default_factory=Counter)
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    officers: list = field(default_factory=list)  # [(username, full name, agencies, visible)]
    undelivered: int = 0
    processes: list = field(default_factory=list)  # procedure codes given a demo internal process
    steps: int = 0  # internal process steps completed

    @property
    def on_time_rate(self):
        done = self.done_on_time + self.done_late
        return round(100 * self.done_on_time / done, 1) if done else None


def demo_dossiers():
    return Dossier.objects.filter(form_data__has_key=DEMO_KEY)


def load_demo_dossiers(count=240, seed=None, now=None):
    """Create ``count`` demo dossiers unless some exist. Returns a ``Report``."""
    report = Report()
    existing = demo_dossiers().count()
    report.processes = load_demo_processes()
    if existing:
        report.existing = existing
    else:
        generator = DemoGenerator(count=count, seed=seed, now=now)
        if not generator.load_catalogue():
            return report
        with transaction.atomic():
            report.created = generator.run()
            report.steps = walk_demo_steps(demo_dossiers(), generator.rng, generator.now)
        log.info("demo_dossiers_created", count=report.created, seed=seed)
    summarize(report, now=now)
    return report


def summarize(report, now=None):
    now = now or timezone.now()
    dossiers = demo_dossiers()
    report.by_status = Counter(dict(dossiers.values_list("status").annotate(n=Count("id")).values_list("status", "n")))
    done = dossiers.filter(status__in=[S.COMPLETED, S.RETURNED])
    report.done_late = done.filter(due_at__isnull=False, completed_at__gt=F("due_at")).count()
    report.done_on_time = done.count() - report.done_late
    report.overdue = dossiers.filter(overdue_q(now)).count()
    report.undelivered = dossiers.exclude(handoffs__state="delivered").count()
    users = {}
    for membership in OfficerMembership.objects.select_related("user", "agency").order_by("user__username"):
        users.setdefault(membership.user, []).append(membership.agency.code)
    report.officers = []
    ids = dossiers.values("pk")
    for user, codes in users.items():
        visible = visible_dossiers(user).filter(pk__in=ids)
        report.officers.append(
            (
                user.get_username(),
                user.get_full_name(),
                codes,
                visible.count(),
                visible.filter(overdue_q(now)).count(),
                visible.filter(status=S.NEW).count(),
            )
        )
    return report
