"""Postal orders counted per agency and period, for the leaders' board
(``/can-bo/thong-ke/``, a section added through the workspace's
``workspace_leader_stats_sections`` hook, ``wagtail_hooks``): parcels of the
dossiers received in the period, by kind, and the postage paid online."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from eforms.postal.constants import OrderKind, OrderState
from eforms.postal.models import PostalOrder


@dataclass
class Row:
    agency: object
    pickup: int = 0
    result: int = 0
    intake: int = 0
    postage_vnd: int = 0

    @property
    def total(self):
        return self.pickup + self.result + self.intake


@dataclass
class Figures:
    rows: list = field(default_factory=list)
    total: Row = None


def counts(period, agencies):
    start, end = period.bounds
    rows = (
        PostalOrder.objects.filter(
            dossier__agency__in=agencies, dossier__received_at__gte=start, dossier__received_at__lt=end
        )
        .exclude(state=OrderState.CANCELLED)
        .values("dossier__agency")
        .annotate(
            pickup=Count("id", filter=Q(kind=OrderKind.PICKUP)),
            result=Count("id", filter=Q(kind=OrderKind.RESULT)),
            intake=Count("id", filter=Q(kind=OrderKind.INTAKE)),
            postage_vnd=Sum("postage_vnd"),
        )
    )
    by_agency = {row["dossier__agency"]: row for row in rows}
    figures = Figures(total=Row(agency=None))
    for agency in agencies:
        values = by_agency.get(agency.pk)
        if not values:
            continue
        row = Row(
            agency=agency,
            pickup=values["pickup"],
            result=values["result"],
            intake=values["intake"],
            postage_vnd=values["postage_vnd"] or 0,
        )
        figures.rows.append(row)
        for name in ("pickup", "result", "intake", "postage_vnd"):
            setattr(figures.total, name, getattr(figures.total, name) + getattr(row, name))
    return figures
