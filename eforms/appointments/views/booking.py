"""``/dat-lich-hen/``: a procedure (searched without diacritics) → an
agency → a day → a slot, then name and phone (e-mail optional); the POST
books and redirects to the appointment's page with its secret. Every step
is a plain GET link or a form: it works without JavaScript."""

import structlog
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from content.models import ProcedurePage
from content.text import fold
from eforms.appointments import services, slots, texts
from eforms.appointments.forms import BookingForm
from eforms.appointments.views.common import limited, page, too_large

log = structlog.get_logger(__name__)

TEMPLATE = "appointments/book.html"
MAX_RESULTS = 20


def search_procedures(query):
    """Live procedures that can be booked somewhere, whose code, name or
    keywords contain every folded word of ``query``."""
    queryset = ProcedurePage.objects.live().filter(
        agency__lobby_counters__appointment_schedule__active=True
    ) | ProcedurePage.objects.live().filter(field__lobby_counters__appointment_schedule__active=True)
    for word in fold(query).split()[:8]:
        queryset = queryset.filter(folded_name__icontains=word[:40])
    return list(queryset.distinct().select_related("agency", "field").order_by("title")[:MAX_RESULTS])


def _procedure(code):
    code = (code or "").strip()[:40]
    if not code or "\x00" in code:
        return None
    return ProcedurePage.objects.live().filter(code=code).select_related("agency", "field").first()


def _agency(raw, agencies):
    raw = (raw or "").strip()
    if len(agencies) == 1 and not raw:
        return agencies[0]
    if raw.isdigit() and len(raw) < 12:
        return next((a for a in agencies if a.pk == int(raw)), None)
    return None


def step_context(request, data, now=None):
    """Everything the page shows for the choices in ``data`` (query
    parameters, or the POST being re-rendered)."""
    now = now or timezone.now()
    # control characters (NUL …) dropped: PostgreSQL refuses them in a query
    query = "".join(ch for ch in (data.get("q") or "")[:100] if ch >= " ")
    context = {"q": query, "horizon": slots.horizon_days()}
    procedure = _procedure(data.get("thu-tuc"))
    if procedure is None:
        if context["q"].strip():
            context["results"] = search_procedures(context["q"])
        if data.get("thu-tuc"):
            context["error"] = texts.REFUSALS[services.UNKNOWN_SLOT]
        return context
    agencies = services.agencies_for(procedure)
    agency = _agency(data.get("co-quan"), agencies)
    context.update(procedure=procedure, agencies=agencies, agency=agency)
    if agency is None:
        return context
    schedules = services.schedules_for(procedure, agency)
    context["link"] = urlencode({"thu-tuc": procedure.code, "co-quan": agency.pk}) + "&"
    context["days"] = slots.days_with_slots(schedules, now)
    day = slots.parse_day(data.get("ngay"))
    if day is None:
        return context
    context["day"] = day
    first, last = slots.bookable_days(now)
    if not first <= day <= last:
        context["day_error"] = texts.refusal(services.BEYOND_HORIZON if day > last else services.PAST)
        return context
    context["slots"] = [(schedule.counter, slots.day_slots(schedule, day, now)) for schedule in schedules]
    if not any(day_slots for _counter, day_slots in context["slots"]):
        context["day_error"] = texts.refusal(services.CLOSED_DAY)
    return context


@require_GET
def start(request):
    context = step_context(request, request.GET)
    if "slots" in context:
        context["form"] = BookingForm()
    return page(request, TEMPLATE, context)


@require_POST
def book(request):
    if too_large(request):
        return page(request, TEMPLATE, {"error": texts.TOO_LARGE}, status=413)
    if limited(request, "appointment_book"):
        return page(request, TEMPLATE, {"error": texts.TOO_MANY}, status=429)
    data = request.POST
    context = step_context(request, data)
    form = BookingForm(data)
    context["form"] = form
    procedure, agency = context.get("procedure"), context.get("agency")
    if procedure is None or agency is None:
        context["error"] = texts.REFUSALS[services.UNKNOWN_SLOT]
        return page(request, TEMPLATE, context, status=400)
    if not form.is_valid():
        context["error_summary"] = [
            ("#khung-gio" if name == "slot" else f"#id_{name}", message)
            for name, errors in form.errors.items()
            for message in errors
        ]
        return page(request, TEMPLATE, context, status=400)
    citizen = services.Citizen(form.cleaned_data["name"], form.cleaned_data["phone"], form.cleaned_data["email"])
    try:
        schedule, starts_at = services.resolve_slot(
            form.cleaned_data["slot"], services.schedules_for(procedure, agency)
        )
        appointment, secret = services.book(procedure, schedule, starts_at, citizen)
    except services.BookingRefused as refused:
        log.info("appointment_refused", reason=refused.reason)
        context["error"] = texts.refusal(refused.reason)
        status = 409 if refused.reason in (services.FULL, services.DUPLICATE) else 400
        return page(request, TEMPLATE, context, status=status)
    query = {"k": secret, "moi": "1"}
    if request.GET.get("lang"):
        query["lang"] = request.GET["lang"][:5]
    return redirect(f"{reverse('appointments:manage', args=[appointment.code])}?{urlencode(query)}")
