"""Feedback figures per agency for a reporting period (the leader board's
section "Phản ánh, kiến nghị"): received in the period, answered (on time /
late), refused, still open, and open past their deadline."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from eforms.feedback.constants import ANSWERED_STATES, OPEN_STATES, FeedbackState
from eforms.feedback.models import Feedback


@dataclass
class FeedbackRow:
    label: str
    received: int = 0
    answered: int = 0
    on_time: int = 0
    late: int = 0
    refused: int = 0
    open: int = 0
    overdue: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def on_time_rate(self):
        return round(100 * self.on_time / self.answered, 1) if self.answered else None


COUNTS = ("received", "answered", "on_time", "late", "refused", "open", "overdue")


def rows(period, agencies, now=None):
    """``(rows, total)``: one row per agency of ``agencies`` (with items),
    items received within ``period``."""
    now = now or timezone.now()
    start, end = period.bounds
    answered = Q(state__in=ANSWERED_STATES)
    figures = (
        Feedback.objects.filter(agency__in=agencies, received_at__gte=start, received_at__lt=end)
        .values("agency_id", "agency__title")
        .annotate(
            received=Count("id"),
            answered=Count("id", filter=answered),
            on_time=Count("id", filter=answered & Q(answered_at__lte=F("due_at"))),
            late=Count("id", filter=answered & Q(answered_at__gt=F("due_at"))),
            refused=Count("id", filter=Q(state=FeedbackState.REJECTED)),
            open=Count("id", filter=Q(state__in=OPEN_STATES)),
            overdue=Count("id", filter=Q(state__in=OPEN_STATES, due_at__lt=now)),
        )
        .order_by("agency__title")
    )
    out = [FeedbackRow(label=f["agency__title"], **{k: f[k] for k in COUNTS}) for f in figures]
    total = FeedbackRow(label="", **{k: sum(getattr(r, k) for r in out) for k in COUNTS})
    return out, total
