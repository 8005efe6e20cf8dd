"""The figures a board shows: one fetch of facts for the period, then the
groupings the reader asked for. The public board's figures are cached a
minute per period and language (they hold no personal data)."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from eforms.dossiers.deadlines import overdue_q
from eforms.dossiers.models import Dossier
from eforms.workspace.stats.counting import fetch_facts
from eforms.workspace.stats.periods import Period, current_period, parse_period
from eforms.workspace.stats.rows import aggregate, by_month

PUBLIC_CACHE_SECONDS = 60
OVERDUE_LIST_SIZE = 50
PUBLIC_DIMENSIONS = ("agency", "field")
LEADER_DIMENSIONS = ("agency", "field", "procedure", "officer")


@dataclass
class Board:
    period: Period
    tables: dict = field(default_factory=dict)  # dimension → (rows, total)
    months: list = field(default_factory=list)

    @property
    def rows(self):
        return self.tables["agency"][0]

    @property
    def total(self):
        return self.tables["agency"][1]


def _period(period, now):
    if isinstance(period, Period):
        return period
    return current_period(parse_period(period), timezone.localtime(now).date())


def build(period, *, dossiers=None, dimensions=LEADER_DIMENSIONS, now=None):
    """The Board of ``period`` (a Period or a period key) over ``dossiers``
    (a queryset; all dossiers by default)."""
    now = now or timezone.now()
    period = _period(period, now)
    queryset = Dossier.objects.all() if dossiers is None else dossiers
    facts = fetch_facts(queryset, period.start, period.end)
    board = Board(period=period)
    for dimension in dimensions:
        rows, total = aggregate(facts, dimension, period.start, period.end, now)
        if dimension == "agency":
            total.name = _("Toàn tỉnh") if dossiers is None else _("Tổng cộng")
        board.tables[dimension] = (rows, total)
    if len(period.months()) > 1:
        board.months = by_month(facts, period, now)
    return board


def compute(period="thang", agencies=None, now=None):
    """``(rows, total, (start, end))`` per agency; ``agencies`` limits to those."""
    dossiers = None if agencies is None else Dossier.objects.filter(agency__in=agencies)
    board = build(period, dossiers=dossiers, dimensions=("agency",), now=now)
    if agencies is None:
        board.total.name = _("Toàn tỉnh")
    return board.rows, board.total, board.period.bounds


def by_procedure(agencies, period="thang", now=None):
    """The same figures per procedure of ``agencies``."""
    board = build(period, dossiers=Dossier.objects.filter(agency__in=agencies), dimensions=("procedure",), now=now)
    return board.tables["procedure"][0]


def public_board(period):
    """The public Board of ``period``, cached a minute per period and language."""
    now = timezone.now()
    period = _period(period, now)
    key = f"workspace:stats:v2:{period.cache_key}:{get_language()}"
    cached = cache.get(key)
    if cached is None:
        cached = build(period, dimensions=PUBLIC_DIMENSIONS, now=now)
        cache.set(key, cached, PUBLIC_CACHE_SECONDS)
    return cached


def public_figures(period):
    """``(rows, total, bounds)`` per agency of the public board (cached)."""
    board = public_board(period)
    return board.rows, board.total, board.period.bounds


def overdue_dossiers(agencies):
    """The agencies' open dossiers past their due date, oldest due first."""
    return (
        Dossier.objects.filter(agency__in=agencies)
        .filter(overdue_q())
        .select_related("agency", "assigned_officer")
        .order_by("due_at")[:OVERDUE_LIST_SIZE]
    )
