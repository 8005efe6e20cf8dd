"""``/dat-lich-hen/<code>/?k=<secret>``: the appointment's page (the link of
the confirmation message): its details and QR code for the kiosk, cancel,
and move to another slot of the same procedure. Without the secret the page
asks for it; a wrong secret and an unknown code are the same 403."""

import io

import segno
import structlog
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from eforms.appointments import checkin, services, slots, texts
from eforms.appointments.forms import MoveForm, SecretForm
from eforms.appointments.views.common import limited, page, too_large

log = structlog.get_logger(__name__)

TEMPLATE = "appointments/manage.html"


def qr_svg(code):
    buffer = io.BytesIO()
    segno.make(code, error="m", micro=False).save(buffer, kind="svg", scale=6, border=2, xmldecl=False, svgns=True)
    return mark_safe(buffer.getvalue().decode())


def _move_context(appointment, secret, day_raw, now):
    procedure = appointment.procedure
    if procedure is None or not services.changeable(appointment, now):
        return {}
    schedules = services.schedules_for(procedure, appointment.agency)
    context = {"days": slots.days_with_slots(schedules, now), "link": urlencode({"k": secret}) + "&"}
    day = slots.parse_day(day_raw)
    if day is not None:
        context["day"] = day
        context["slots"] = [(s.counter, slots.day_slots(s, day, now)) for s in schedules]
    return context


def _secret_page(request, code, error=None, status=200):
    form = SecretForm(request.POST if request.method == "POST" else None)
    return page(request, TEMPLATE, {"code": code[:12], "secret_form": form, "error": error}, status)


def _details(request, appointment, secret, now, extra=None):
    context = {
        "appointment": appointment,
        "secret": secret,
        "status": checkin.shown_status(appointment, now),
        "changeable": services.changeable(appointment, now),
        "qr": qr_svg(appointment.code),
        "window_before": checkin.before_minutes(),
        "window_after": checkin.after_minutes(),
        "new": request.GET.get("moi") == "1",
        "done": (request.GET.get("xong") or "")[:4],
        **_move_context(appointment, secret, request.GET.get("ngay"), now),
        **(extra or {}),
    }
    return context


def _redirect(request, appointment, secret, **query):
    query = {"k": secret, **query}
    if request.GET.get("lang"):
        query["lang"] = request.GET["lang"][:5]
    return redirect(f"{reverse('appointments:manage', args=[appointment.code])}?{urlencode(query)}")


@require_http_methods(["GET", "POST"])
def manage(request, code):
    now = timezone.now()
    if request.method == "POST" and too_large(request):
        return page(request, TEMPLATE, {"code": code[:12], "error": texts.TOO_LARGE}, status=413)
    data = request.POST if request.method == "POST" else request.GET
    secret = (data.get("k") or "")[:40]
    if not secret:
        return _secret_page(request, code)
    if limited(request, "appointment_manage"):
        return _secret_page(request, code, texts.TOO_MANY, 429)
    appointment = services.find(code, secret)
    if appointment is None:
        log.info("appointment_secret_refused")
        return _secret_page(request, code, texts.NOT_FOUND, 403)
    if request.method == "GET":
        return page(request, TEMPLATE, _details(request, appointment, secret, now))
    action = data.get("action")
    try:
        if action == "huy":
            services.cancel(appointment, secret, now)
            return _redirect(request, appointment, secret, xong="huy")
        if action == "doi":
            form = MoveForm(data)
            if not form.is_valid():
                raise services.BookingRefused(services.UNKNOWN_SLOT)
            schedules = (
                services.schedules_for(appointment.procedure, appointment.agency) if appointment.procedure else []
            )
            schedule, starts_at = services.resolve_slot(form.cleaned_data["slot"], schedules)
            services.move(appointment, schedule, starts_at, secret, now)
            return _redirect(request, appointment, secret, xong="doi")
    except services.BookingRefused as refused:
        appointment.refresh_from_db()
        context = _details(request, appointment, secret, now, {"error": texts.refusal(refused.reason)})
        status = 409 if refused.reason in (services.FULL, services.DUPLICATE, services.NOT_CHANGEABLE) else 400
        return page(request, TEMPLATE, context, status)
    context = _details(request, appointment, secret, now, {"error": texts.REFUSALS[services.UNKNOWN_SLOT]})
    return page(request, TEMPLATE, context, 400)
