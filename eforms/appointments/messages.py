"""What the citizen receives about an appointment: an SMS through the
notifications' outbox (``queue_direct_sms``: one row per key, sent after
commit, retried) and, when an e-mail address was given, an e-mail sent
after commit. Both carry the code and the manage link with the secret."""

from functools import partial

import structlog
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from eforms.appointments.models import Appointment
from eforms.notifications.services import queue_direct_sms
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


def _send_email(appointment_id, event, secret):
    appointment = Appointment.objects.select_related("counter", "agency").get(pk=appointment_id)
    with translation.override("vi"):
        context = {
            "appointment": appointment,
            "event": event,
            "when": when(appointment),
            "manage_url": manage_url(appointment, secret),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "hotline": settings.PORTAL_HOTLINE,
        }
        subject = " ".join(render_to_string("appointments/email_subject.txt", context).split())
        body = render_to_string("appointments/email_body.txt", context)
    try:
        EmailMessage(subject=subject, body=body, to=[appointment.email]).send()
    except Exception:
        log.exception("appointment_email_failed", appointment=appointment.code, kind=event)
        return False
    log.info("appointment_email_sent", appointment=appointment.code, kind=event)
    return True


def _notify(appointment, event, secret):
    queue_direct_sms(phone=appointment.phone, text=sms_text(appointment, event, secret), key=_key(appointment, event))
    if appointment.email:
        transaction.on_commit(partial(_send_email, appointment.pk, event, secret), robust=True)


def booked(appointment, secret):
    _notify(appointment, BOOKED, secret)


def moved(appointment, secret):
    _notify(appointment, MOVED, secret)


def cancelled(appointment, secret):
    _notify(appointment, CANCELLED, secret)
