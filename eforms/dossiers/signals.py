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
