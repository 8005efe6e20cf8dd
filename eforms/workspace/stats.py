"""On-time / late figures per agency (the board a leader reads every
morning), counted from the dossiers' own fields: ``received_at``,
``completed_at`` against ``due_at``, and the open statuses."""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.deadlines import OPEN_STATUSES, overdue_q
from eforms.dossiers.models import Dossier

DONE_STATUSES = (DossierStatus.COMPLETED, DossierStatus.RETURNED)
PERIODS = [("thang", gettext_lazy("Tháng này")), ("nam", gettext_lazy("Năm nay"))]
DEFAULT_PERIOD = "thang"
PUBLIC_CACHE_SECONDS = 60
OVERDUE_LIST_SIZE = 50


def parse_period(value):
    """The period key of a ``?ky=`` value; unknown values give this month."""
    return value if value in dict(PERIODS) else DEFAULT_PERIOD


def period_days(bounds):
    """First and last local day of the period (its end bound is exclusive)."""
    start, end = bounds
    return {
        "first_day": timezone.localtime(start).date(),
        "last_day": timezone.localtime(end).date() - dt.timedelta(days=1),
    }


def period_bounds(period, today=None):
    """(start, end) aware datetimes of the current month or year."""
    today = today or timezone.localdate()
    if period == "nam":
        start, end = dt.date(today.year, 1, 1), dt.date(today.year + 1, 1, 1)
    else:
        last = calendar.monthrange(today.year, today.month)[1]
        start, end = dt.date(today.year, today.month, 1), dt.date(today.year, today.month, last) + dt.timedelta(days=1)
    make = lambda d: timezone.make_aware(dt.datetime.combine(d, dt.time.min))  # noqa: E731
    return make(start), make(end)


@dataclass
class Row:
    agency_id: int | None
    name: str
    code: str = ""
    received: int = 0
    processing_on_time: int = 0
    processing_overdue: int = 0
    done_on_time: int = 0
    done_late: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def processing(self):
        return self.processing_on_time + self.processing_overdue

    @property
    def done(self):
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self):
        """Completed on time over completed, in percent (None: nothing done)."""
        return round(100 * self.done_on_time / self.done, 1) if self.done else None

    @property
    def on_time_width(self):
        return int(round(self.on_time_rate or 0))

    def add(self, other):
        for name in ("received", "processing_on_time", "processing_overdue", "done_on_time", "done_late"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _counts(start, end, now):
    """The per-group Count annotations shared by ``compute`` and
    ``by_procedure``."""
    done_in_period = Q(status__in=DONE_STATUSES, completed_at__gte=start, completed_at__lt=end)
    return {
        "received": Count("id", filter=Q(received_at__gte=start, received_at__lt=end)),
        "processing_overdue": Count("id", filter=Q(received_at__lt=end) & overdue_q(now)),
        "processing_all": Count("id", filter=Q(received_at__lt=end, status__in=OPEN_STATUSES)),
        "done_on_time": Count(
            "id", filter=done_in_period & (Q(due_at__isnull=True) | Q(completed_at__lte=F("due_at")))
        ),
        "done_late": Count("id", filter=done_in_period & Q(due_at__isnull=False, completed_at__gt=F("due_at"))),
    }


def compute(period="thang", agencies=None, now=None):
    """``(rows, total, (start, end))``; ``agencies`` limits to those."""
    now = now or timezone.now()
    start, end = period_bounds(period, timezone.localtime(now).date())
    base = Dossier.objects.all()
    if agencies is not None:
        base = base.filter(agency__in=agencies)
    figures = (
        base.values("agency_id", "agency__title", "agency__code")
        .annotate(**_counts(start, end, now))
        .order_by("agency__title")
    )
    rows = []
    total = Row(agency_id=None, name=_("Toàn tỉnh"))
    for item in figures:
        row = Row(
            agency_id=item["agency_id"],
            name=item["agency__title"] or _("Chưa xác định cơ quan"),
            code=item["agency__code"] or "",
            received=item["received"],
            processing_on_time=item["processing_all"] - item["processing_overdue"],
            processing_overdue=item["processing_overdue"],
            done_on_time=item["done_on_time"],
            done_late=item["done_late"],
        )
        if row.received or row.processing or row.done:
            rows.append(row)
            total.add(row)
    return rows, total, (start, end)


def by_procedure(agencies, period="thang", now=None):
    """Leader's detail: the same figures per procedure of their agencies."""
    now = now or timezone.now()
    start, end = period_bounds(period, timezone.localtime(now).date())
    figures = (
        Dossier.objects.filter(agency__in=agencies)
        .values("procedure_code", "procedure_name")
        .annotate(**_counts(start, end, now))
        .order_by("procedure_code")
    )
    rows = []
    for item in figures:
        row = Row(
            agency_id=None,
            name=item["procedure_name"],
            code=item["procedure_code"],
            received=item["received"],
            processing_on_time=item["processing_all"] - item["processing_overdue"],
            processing_overdue=item["processing_overdue"],
            done_on_time=item["done_on_time"],
            done_late=item["done_late"],
        )
        if row.received or row.processing or row.done:
            rows.append(row)
    return rows


def public_figures(period):
    """``compute(period)`` for the public board, cached a minute per period
    and language (the figures hold no personal data)."""
    key = f"workspace:stats:{period}:{get_language()}"
    cached = cache.get(key)
    if cached is None:
        cached = compute(period)
        cache.set(key, cached, PUBLIC_CACHE_SECONDS)
    return cached


def overdue_dossiers(agencies):
    """The agencies' open dossiers past their due date, oldest due first."""
    return (
        Dossier.objects.filter(agency__in=agencies)
        .filter(overdue_q())
        .select_related("agency")
        .order_by("due_at")[:OVERDUE_LIST_SIZE]
    )
