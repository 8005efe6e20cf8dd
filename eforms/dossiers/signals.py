"""Signals of the dossier core: how the parts above it (hand-off,
notifications, ratings …) learn what happened without the parts below
importing them."""

from django.core.exceptions import ImproperlyConfigured
from django.dispatch import Signal

dossier_released = Signal()
"""Sent with ``dossier=`` inside the transaction that makes a dossier ready
for the back office: submitted online (or paid, when payment comes first) or
received at the counter. Receivers record their intent (the hand-off
branches) in that same transaction, so the dossier and its hand-off commit
together or not at all."""


def release(dossier):
    """Announce the dossier to the back office, inside the caller's
    transaction. Refuses to run with nobody listening: a dossier that no
    receiver hands off would wait in no queue."""
    responses = dossier_released.send(sender=type(dossier), dossier=dossier)
    if not responses:
        raise ImproperlyConfigured("dossier_released has no receiver: is eforms.handoff installed?")
    return responses


dossier_accepted = Signal()
"""Sent with ``dossier=`` inside the transaction that accepts a dossier
(status 2 "Được tiếp nhận": the officer accepting an online dossier, or the
counter intake). The receipt (Mẫu 01, with its due date) is issued then;
receivers act after commit (``transaction.on_commit``)."""


def accepted(dossier):
    """Announce the acceptance, inside the caller's transaction."""
    return dossier_accepted.send(sender=type(dossier), dossier=dossier)


dossier_submitted = Signal()
"""Sent with ``dossier=`` and ``change=`` (its status-1 history row) inside
the transaction after which an online dossier waits for acceptance: at
submission, or once paid when the payment comes first. The notifications
send the applicant the tracking link on the channels they gave (SMS when
there is a phone number); the confirmation e-mail is the submission's own."""


def submitted(dossier, change):
    """Announce the submission, inside the caller's transaction."""
    return dossier_submitted.send(sender=type(dossier), dossier=dossier, change=change)


citizen_sms_requested = Signal()
"""Sent with ``phone=`` (any form the citizen typed), ``text=`` (Vietnamese;
sent unaccented) and ``key=`` (the idempotency key: one message per key) by
the layers that may not import the notifications, for a short message about
no status change (the resume link of a draft). Receivers record it in the
caller's transaction and send it after commit. Refuses to run with nobody
listening: the citizen was told a message is on its way."""


def request_sms(phone, text, key):
    responses = citizen_sms_requested.send(sender=None, phone=phone, text=text, key=key)
    if not responses:
        raise ImproperlyConfigured("citizen_sms_requested has no receiver: is eforms.notifications installed?")
    return responses
