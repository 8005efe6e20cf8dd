"""The steps of a dossier: taken from the procedure's live process when the
dossier is accepted (``dossier_accepted``), then read with their deadlines
and verdicts. Completing a step is a workspace action
(``eforms.workspace.services.steps``)."""

from dataclasses import dataclass

import structlog
from django.utils import timezone

from eforms.dossiers.constants import FINAL_STATUSES
from eforms.dossiers.models import DossierStatusChange
from eforms.processes.deadlines import LATE, VERDICT_LABELS, step_deadlines, verdict
from eforms.processes.models import DossierStep, InternalProcess
from eforms.processes.validation import fractions

log = structlog.get_logger(__name__)


def live_process(procedure_id):
    """The published process of a procedure, or None."""
    if procedure_id is None:
        return None
    return InternalProcess.objects.filter(procedure_id=procedure_id, live=True).first()


def start_steps(dossier):
    """Create the dossier's steps from its procedure's live process (once;
    the first step starts at acceptance). Returns the steps; [] for a
    procedure without a process (single-step handling)."""
    existing = list(dossier.steps.all())
    if existing:
        return existing
    process = live_process(dossier.procedure_id)
    if process is None:
        return []
    definition = list(process.steps.all().order_by("sort_order", "pk"))
    if not definition:
        return []
    shares = fractions([step.share for step in definition])
    started = dossier.accepted_at or timezone.now()
    steps = DossierStep.objects.bulk_create(
        DossierStep(
            dossier=dossier,
            number=number,
            name=step.name,
            role=step.role,
            share=share,
            started_at=started if number == 1 else None,
        )
        for number, (step, share) in enumerate(zip(definition, shares, strict=True), start=1)
    )
    log.info("dossier_steps_started", dossier=dossier.code, steps=len(steps))
    return steps


def steps_on_acceptance(sender, dossier, **kwargs):
    """Receiver of ``eforms.dossiers.signals.dossier_accepted``."""
    start_steps(dossier)


@dataclass
class StepView:
    """A step as the officer and Mẫu 06 read it."""

    step: DossierStep
    due_at: object
    current: bool
    verdict: str  # early / on_time / late for a done step; late for a current step past its deadline

    @property
    def verdict_label(self):
        return VERDICT_LABELS.get(self.verdict, "")

    @property
    def late(self):
        return self.verdict == LATE


def read_steps(dossier, now=None, *, steps=None, history_rows=None, current_only=False):
    """The dossier's steps with their deadlines, the current one marked;
    [] when the dossier has none. ``steps`` and ``history_rows`` when the
    caller fetched them for many dossiers at once; ``current_only``: the
    deadlines of the steps after the current one are left out."""
    if steps is None:
        steps = list(dossier.steps.select_related("completed_by").order_by("number"))
    if not steps:
        return []
    now = now or timezone.now()
    open_dossier = dossier.status not in FINAL_STATUSES
    current = next((s for s in steps if s.completed_at is None), None) if open_dossier else None
    count = steps.index(current) + 1 if (current_only and current is not None) else None
    deadlines = step_deadlines(dossier, steps, history_rows, count)
    deadlines += [None] * (len(steps) - len(deadlines))
    clock = dossier.clock_paused_at or now
    out = []
    for step, due in zip(steps, deadlines, strict=True):
        if step.completed_at is not None:
            judged = verdict(step.completed_at, due)
        elif step is current and due is not None and due < clock:
            judged = LATE
        else:
            judged = ""
        out.append(StepView(step, due, step is current, judged))
    return out


def steps_left(dossier):
    """``(numbers of the open steps, number of the last step)``; ``([], None)``
    for a dossier without a process."""
    rows = list(dossier.steps.order_by("number").values_list("number", "completed_at"))
    if not rows:
        return [], None
    return [number for number, done in rows if done is None], rows[-1][0]


def current_step(dossier):
    """The first step not done yet of an open dossier, or None."""
    if dossier.status in FINAL_STATUSES:
        return None
    return dossier.steps.filter(completed_at__isnull=True).order_by("number").first()


def current_steps(dossiers, now=None):
    """``{dossier pk: StepView}`` of the current step of each of
    ``dossiers`` that has one (two queries, then the calendar per dossier)."""
    by_dossier = {}
    for step in DossierStep.objects.filter(dossier__in=[d.pk for d in dossiers]).order_by("dossier_id", "number"):
        by_dossier.setdefault(step.dossier_id, []).append(step)
    if not by_dossier:
        return {}
    rows = {}
    changes = DossierStatusChange.objects.filter(dossier_id__in=by_dossier).order_by("dossier_id", "created_at", "id")
    for pk, from_status, to_status, at in changes.values_list("dossier_id", "from_status", "to_status", "created_at"):
        rows.setdefault(pk, []).append((from_status, to_status, at))
    out = {}
    for dossier in dossiers:
        steps = by_dossier.get(dossier.pk)
        if not steps:
            continue
        views = read_steps(dossier, now, steps=steps, history_rows=rows.get(dossier.pk, []), current_only=True)
        current = next((view for view in views if view.current), None)
        if current is not None:
            out[dossier.pk] = current
    return out
