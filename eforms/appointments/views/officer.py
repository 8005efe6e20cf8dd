"""``/can-bo/lich-hen/``: the day's appointments of the officer's
departments (the workspace's access rules: an officer sees only the
agencies they belong to; a leader the agencies they lead), with time,
counter, procedure, citizen and status."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from eforms.appointments import checkin, slots
from eforms.appointments.constants import AppointmentStatus
from eforms.appointments.models import Appointment
from eforms.appointments.views.common import page
from eforms.dossiers.audit import audit
from eforms.dossiers.models import AuditAction
from eforms.workspace.views.common import officer_required


def _day_bounds(day):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    return start, start + timedelta(days=1)


def day_list(agencies, day, now=None):
    """``[(appointment, shown status)]`` of ``agencies`` on ``day``."""
    now = now or timezone.now()
    start, end = _day_bounds(day)
    rows = (
        Appointment.objects.filter(agency__in=agencies, starts_at__gte=start, starts_at__lt=end)
        .select_related("agency", "counter", "ticket")
        .order_by("starts_at", "counter__number", "place")
    )
    return [(row, checkin.shown_status(row, now)) for row in rows]


@require_GET
@officer_required
def day(request):
    raw = request.GET.get("ngay")
    chosen = slots.parse_day(raw) if raw else timezone.localdate()
    message = None
    if chosen is None:
        chosen, message = timezone.localdate(), _("Ngày không hợp lệ (định dạng dd/mm/yyyy); hiển thị hôm nay.")
    rows = day_list(request.officer_agencies, chosen)
    audit(request, AuditAction.QUEUE, target=f"lich-hen {chosen:%Y-%m-%d}")
    counts = dict.fromkeys(AppointmentStatus, 0)
    for _row, status in rows:
        counts[status] += 1
    return page(
        request,
        "appointments/officer_day.html",
        {
            "rows": rows,
            "day": chosen,
            "previous": chosen - timedelta(days=1),
            "next": chosen + timedelta(days=1),
            "counts": [(status.label, counts[status]) for status in AppointmentStatus],
            "message": message,
        },
    )
