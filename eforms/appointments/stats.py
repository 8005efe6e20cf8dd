"""Appointments counted per agency and period, for the leaders' board
(``/can-bo/thong-ke/``, a section added through the workspace's
``workspace_leader_stats_sections`` hook)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone

from eforms.appointments.checkin import after_minutes
from eforms.appointments.constants import AppointmentStatus
from eforms.appointments.models import Appointment


@dataclass
class Row:
    agency: object
    booked: int = 0
    checked_in: int = 0
    no_show: int = 0
    cancelled: int = 0
    upcoming: int = 0

    @property
    def total(self):
        return self.booked


@dataclass
class Figures:
    rows: list = field(default_factory=list)
    total: Row = None


def counts(agencies, start, end, now=None):
    """Appointments whose slot starts in ``[start, end)``, per agency:
    booked (all but cancelled), checked in, no-show (booked, the check-in
    window closed), cancelled, still to come."""
    now = now or timezone.now()
    closed = now - timezone.timedelta(minutes=after_minutes())
    booked = AppointmentStatus.BOOKED
    rows = (
        Appointment.objects.filter(agency__in=agencies, starts_at__gte=start, starts_at__lt=end)
        .values("agency")
        .annotate(
            booked=Count("id", filter=~Q(status=AppointmentStatus.CANCELLED)),
            checked_in=Count("id", filter=Q(status=AppointmentStatus.CHECKED_IN)),
            no_show=Count(
                "id",
                filter=Q(status=AppointmentStatus.NO_SHOW) | Q(status=booked, starts_at__lt=closed),
            ),
            cancelled=Count("id", filter=Q(status=AppointmentStatus.CANCELLED)),
            upcoming=Count("id", filter=Q(status=booked, starts_at__gte=closed)),
        )
    )
    by_agency = {row["agency"]: row for row in rows}
    figures = Figures(total=Row(agency=None))
    for agency in agencies:
        values = by_agency.get(agency.pk)
        if values is None:
            continue
        row = Row(agency, *(values[k] for k in ("booked", "checked_in", "no_show", "cancelled", "upcoming")))
        figures.rows.append(row)
        for name in ("booked", "checked_in", "no_show", "cancelled", "upcoming"):
            setattr(figures.total, name, getattr(figures.total, name) + getattr(row, name))
    return figures


def leader_section(request, *, period, agencies):
    """The section of the leaders' board, rendered."""
    start, end = period.bounds
    return render_to_string(
        "appointments/stats_section.html", {"figures": counts(agencies, start, end)}, request=request
    )
