"""The statistics of the one-stop report (leader board ``/can-bo/thong-ke/``
and public board ``/thong-ke/``): periods, counting from history rows,
rows and totals, XLSX export and an SVG chart."""

from eforms.workspace.stats.board import (
    LEADER_DIMENSIONS,
    OVERDUE_LIST_SIZE,
    PUBLIC_CACHE_SECONDS,
    PUBLIC_DIMENSIONS,
    Board,
    build,
    by_procedure,
    compute,
    overdue_dossiers,
    public_board,
    public_figures,
)
from eforms.workspace.stats.periods import (
    DEFAULT_PERIOD,
    PERIODS,
    Period,
    current_period,
    parse_period,
    period_bounds,
    period_days,
    period_from_query,
)
from eforms.workspace.stats.rows import Row

__all__ = [
    "DEFAULT_PERIOD",
    "LEADER_DIMENSIONS",
    "OVERDUE_LIST_SIZE",
    "PERIODS",
    "PUBLIC_CACHE_SECONDS",
    "PUBLIC_DIMENSIONS",
    "Board",
    "Period",
    "Row",
    "build",
    "by_procedure",
    "compute",
    "current_period",
    "overdue_dossiers",
    "parse_period",
    "period_bounds",
    "period_days",
    "period_from_query",
    "public_board",
    "public_figures",
]
