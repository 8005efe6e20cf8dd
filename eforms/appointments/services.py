"""Booking, moving, cancelling and finding appointments.

Every change runs in one transaction: the counter's schedule row is locked
(``select_for_update``, which serialises bookings of one counter on
PostgreSQL) and the booking takes the lowest free place of its slot; the
unique constraints on (counter, start, place) and (phone, start) are the
last word, on SQLite too, so two bookings of the last place give one
booking and one :class:`BookingRefused` (``FULL``).
"""

import hashlib
import secrets
from dataclasses import dataclass

import structlog
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from eforms.appointments import messages, slots
from eforms.appointments.constants import CODE_ALPHABET, CODE_LENGTH, HOLDING, SECRET_LENGTH, AppointmentStatus
from eforms.appointments.models import Appointment, SlotSchedule
from eforms.dossiers.calendar import WorkingCalendar

log = structlog.get_logger(__name__)

# Why a booking (or a move) is refused; the views turn them into messages.
PAST = "past"
CLOSED_DAY = "closed_day"
OUTSIDE_HOURS = "outside_hours"
BEYOND_HORIZON = "beyond_horizon"
FULL = "full"
UNKNOWN_SLOT = "unknown_slot"
DUPLICATE = "duplicate"
NOT_CHANGEABLE = "not_changeable"


class BookingRefused(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Citizen:
    name: str
    phone: str
    email: str = ""


def secret_hash(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def _random(length):
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(value):
    """What the citizen typed or the scanner read (a code, or the manage
    link that carries it) as a code, or ``""``."""
    text = (value or "").strip()[:300]
    if "/" in text:
        text = [part for part in text.split("?")[0].split("/") if part][-1:] or [""]
        text = text[0]
    text = "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())
    return text if len(text) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in text) else ""


def find(code, secret=None):
    """The appointment of ``code``; with ``secret``, only when it matches
    (an unknown code and a wrong secret are the same ``None``)."""
    code = normalise_code(code)
    if not code:
        return None
    appointment = Appointment.objects.filter(code=code).select_related("agency", "counter", "procedure").first()
    if appointment is None or secret is None:
        return appointment
    given = "".join(ch for ch in str(secret)[:40] if ch.isascii() and ch.isalnum()).upper()
    if not given or not secrets.compare_digest(secret_hash(given), appointment.secret_hash):
        return None
    return appointment


def schedules_for(procedure, agency=None):
    """The active schedules of the counters that take appointments for
    ``procedure``: its agency's counters serving its field (or every field),
    and the counters of other agencies that list its field (a commune-level
    procedure received at every ward). ``agency`` narrows to one agency."""
    queryset = SlotSchedule.objects.filter(active=True, counter__active=True, counter__agency__live=True)
    queryset = queryset.filter(Q(counter__agency_id=procedure.agency_id) | Q(counter__fields=procedure.field_id))
    if agency is not None:
        queryset = queryset.filter(counter__agency=agency)
    chosen = []
    queryset = queryset.distinct().select_related("counter__agency").prefetch_related("counter__fields")
    for schedule in queryset.order_by("counter__agency__title", "counter__number"):
        field_ids = {f.pk for f in schedule.counter.fields.all()}
        if procedure.field_id in field_ids or (not field_ids and schedule.counter.agency_id == procedure.agency_id):
            chosen.append(schedule)
    return chosen


def agencies_for(procedure):
    """The agencies (in order, once each) where ``procedure`` can be booked."""
    seen = {}
    for schedule in schedules_for(procedure):
        seen.setdefault(schedule.counter.agency_id, schedule.counter.agency)
    return list(seen.values())


def check_slot(schedule, starts_at, now=None):
    """The free slot of ``schedule`` starting at ``starts_at``, or
    :class:`BookingRefused` saying why not."""
    now = now or timezone.now()
    day = timezone.localtime(starts_at).date()
    first, last = slots.bookable_days(now)
    if starts_at <= now:
        raise BookingRefused(PAST)
    if day > last or day < first:
        raise BookingRefused(BEYOND_HORIZON)
    calendar = WorkingCalendar(day, day, schedule.counter.agency)
    if not slots.is_open_day(schedule, day, calendar):
        raise BookingRefused(CLOSED_DAY)
    found = [s for s in slots.day_slots(schedule, day, now, calendar) if s.starts_at == starts_at]
    if not found:
        raise BookingRefused(OUTSIDE_HOURS)
    if found[0].state == slots.FULL:
        raise BookingRefused(FULL)
    return found[0]


def resolve_slot(slot_id, schedules):
    """``(schedule, start)`` of a slot id among ``schedules`` (the counters
    of the chosen procedure and agency), or UNKNOWN_SLOT."""
    parsed = slots.parse_slot_id(slot_id)
    if parsed is None:
        raise BookingRefused(UNKNOWN_SLOT)
    counter_id, starts_at = parsed
    for schedule in schedules:
        if schedule.counter_id == counter_id:
            return schedule, starts_at
    raise BookingRefused(UNKNOWN_SLOT)


def _lowest_free_place(schedule, starts_at, exclude=None):
    taken = set(
        Appointment.objects.filter(counter_id=schedule.counter_id, starts_at=starts_at, status__in=HOLDING)
        .exclude(pk=exclude)
        .values_list("place", flat=True)
    )
    for place in range(1, schedule.capacity + 1):
        if place not in taken:
            return place
    raise BookingRefused(FULL)


def _phone_taken(phone, starts_at, exclude=None):
    return Appointment.objects.filter(phone=phone, starts_at=starts_at, status__in=HOLDING).exclude(pk=exclude).exists()


def _locked(schedule):
    return SlotSchedule.objects.select_for_update(of=("self",)).select_related("counter__agency").get(pk=schedule.pk)


def _integrity_reason(phone, starts_at, exclude=None):
    return DUPLICATE if _phone_taken(phone, starts_at, exclude) else FULL


def book(procedure, schedule, starts_at, citizen, now=None):
    """Book ``citizen`` into the slot; returns ``(appointment, secret)``
    (the secret is shown once and sent; only its hash is kept)."""
    secret = _random(SECRET_LENGTH)
    try:
        with transaction.atomic():
            schedule = _locked(schedule)
            slot = check_slot(schedule, starts_at, now)
            if _phone_taken(citizen.phone, starts_at):
                raise BookingRefused(DUPLICATE)
            appointment = Appointment.objects.create(
                code=_unused_code(),
                secret_hash=secret_hash(secret),
                procedure=procedure,
                procedure_name=procedure.title[:500],
                agency=schedule.counter.agency,
                counter=schedule.counter,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                place=_lowest_free_place(schedule, starts_at),
                name=citizen.name,
                phone=citizen.phone,
                email=citizen.email,
            )
            messages.booked(appointment, secret)
    except IntegrityError as exc:  # a concurrent booking took the place (or the phone's time)
        raise BookingRefused(_integrity_reason(citizen.phone, starts_at)) from exc
    log.info("appointment_booked", appointment=appointment.code, counter=schedule.counter_id, starts_at=str(starts_at))
    return appointment, secret


def _unused_code():
    for _attempt in range(20):
        code = _random(CODE_LENGTH)
        if not Appointment.objects.filter(code=code).exists():
            return code
    raise RuntimeError("no free appointment code")  # pragma: no cover - 25**8 codes


def changeable(appointment, now=None):
    """A booked appointment whose slot has not started can be moved or cancelled."""
    now = now or timezone.now()
    return appointment.status == AppointmentStatus.BOOKED and appointment.starts_at > now


def _lock_appointment(appointment, now):
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if not changeable(locked, now):
        raise BookingRefused(NOT_CHANGEABLE)
    return locked


def cancel(appointment, secret, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_appointment(appointment, now)
        locked.status = AppointmentStatus.CANCELLED
        locked.cancelled_at = now
        locked.save(update_fields=["status", "cancelled_at", "updated_at"])
        messages.cancelled(locked, secret)
    log.info("appointment_cancelled", appointment=locked.code)
    return locked


def move(appointment, schedule, starts_at, secret, now=None):
    """Move the appointment to another slot (of its procedure's counters);
    the code and the secret stay the same."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            schedule = _locked(schedule)
            locked = _lock_appointment(appointment, now)
            if locked.starts_at == starts_at and locked.counter_id == schedule.counter_id:
                return locked
            slot = check_slot(schedule, starts_at, now)
            if _phone_taken(locked.phone, starts_at, exclude=locked.pk):
                raise BookingRefused(DUPLICATE)
            locked.counter = schedule.counter
            locked.agency = schedule.counter.agency
            locked.starts_at, locked.ends_at = slot.starts_at, slot.ends_at
            locked.place = _lowest_free_place(schedule, starts_at, exclude=locked.pk)
            locked.moves += 1
            locked.save(update_fields=["counter", "agency", "starts_at", "ends_at", "place", "moves", "updated_at"])
            messages.moved(locked, secret)
    except IntegrityError as exc:
        raise BookingRefused(_integrity_reason(appointment.phone, starts_at, appointment.pk)) from exc
    log.info("appointment_moved", appointment=locked.code, starts_at=str(starts_at))
    return locked
