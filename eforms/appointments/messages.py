"""What the citizen receives about an appointment: an SMS and, when an
e-mail address was given, an e-mail, both on the notifications' outbox
(``queue_direct_sms`` / ``queue_direct_email``: one row per key, recorded
with the booking, sent after commit, retried). Both carry the code and the
manage link with the secret."""

import structlog
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from eforms.appointments.checkin import after_minutes as checkin_after_minutes
from eforms.appointments.checkin import before_minutes as checkin_before_minutes
from eforms.notifications.services import queue_direct_email, queue_direct_sms
from eforms.notifications.text import SMS_MAX, gsm_length, to_gsm

log = structlog.get_logger(__name__)

BOOKED, MOVED, CANCELLED = "booked", "moved", "cancelled"


def manage_url(appointment, secret):
    path = reverse("appointments:manage", args=[appointment.code])
    return settings.PORTAL_BASE_URL.rstrip("/") + f"{path}?{urlencode({'k': secret})}"


def when(appointment):
    local = timezone.localtime(appointment.starts_at)
    return f"{local:%H:%M} {local:%d/%m/%Y}"


def sms_text(appointment, event, secret):
    counter = appointment.counter.number
    if event == CANCELLED:
        return f"Lich hen {appointment.code} luc {when(appointment)} da duoc huy."
    head = "Da doi lich hen" if event == MOVED else "Lich hen"
    link = manage_url(appointment, secret)
    candidates = (
        f"{head} {appointment.code}: {when(appointment)}, quay {counter}. "
        f"Xac nhan tai kiosk truoc gio hen. Doi/huy: {link}",
        f"{head} {appointment.code}: {when(appointment)}, quay {counter}. Doi/huy: {link}",
        f"{head} {appointment.code}: {when(appointment)}. {link}",
    )
    for text in candidates:
        if gsm_length(to_gsm(text)) <= SMS_MAX:
            return text
    return candidates[-1]


def _key(appointment, event):
    # one message per event: a move is numbered, so each move is its own message
    return f"appointment:{appointment.code}:{event}:{appointment.moves}"


def _email(appointment, event, secret):
    """``(subject, body)`` of the e-mail, in Vietnamese."""
    with translation.override("vi"):
        context = {
            "appointment": appointment,
            "event": event,
            "when": when(appointment),
            "manage_url": manage_url(appointment, secret),
            "before": checkin_before_minutes(),
            "after": checkin_after_minutes(),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "hotline": settings.PORTAL_HOTLINE,
        }
        subject = " ".join(render_to_string("appointments/email_subject.txt", context).split())
        body = render_to_string("appointments/email_body.txt", context).strip()
    return subject, body


def _notify(appointment, event, secret):
    """Both messages recorded in the caller's transaction (one row per
    event and channel), sent after commit by the outbox, retried."""
    key = _key(appointment, event)
    queue_direct_sms(phone=appointment.phone, text=sms_text(appointment, event, secret), key=key)
    if appointment.email:
        subject, body = _email(appointment, event, secret)
        queue_direct_email(email=appointment.email, subject=subject, text=body, key=key)
    log.info("appointment_message_queued", appointment=appointment.code, kind=event, email=bool(appointment.email))


def booked(appointment, secret):
    _notify(appointment, BOOKED, secret)


def moved(appointment, secret):
    _notify(appointment, MOVED, secret)


def cancelled(appointment, secret):
    _notify(appointment, CANCELLED, secret)
