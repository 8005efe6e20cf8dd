"""Celery tasks of the hand-off. They take ids and re-read the rows; the
services publish them by name (``eforms.outbox.dispatch``)."""

from celery import current_task, shared_task
from django.conf import settings

from eforms.handoff import services


def _hostname():
    return getattr(getattr(current_task, "request", None), "hostname", "") or ""


@shared_task(name="handoff.deliver", acks_late=True, ignore_result=True)
def deliver_handoff(handoff_id):
    """Consumer of ``backoffice.<agency>``: deliver one branch, with the
    branches of its agency whose messages wait behind it (idempotent)."""
    return services.deliver_live(int(handoff_id), worker=_hostname())


@shared_task(name="handoff.deliver_batch", acks_late=True, ignore_result=True)
def deliver_handoff_batch(handoff_ids):
    """Consumer of ``backoffice.<agency>``: deliver the branches the retry
    sweep published together (idempotent). Returns ``{outcome: count}``."""
    outcomes = services.deliver_many([int(pk) for pk in handoff_ids], worker=_hostname())
    counts = {}
    for outcome in outcomes.values():
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


@shared_task(name="handoff.redispatch_due", acks_late=True, ignore_result=True)
def redispatch_due():
    """Periodic (beat): publish again what was not acknowledged in time."""
    published = services.redispatch_due()
    if settings.HANDOFF_AUTO_CONSUME:
        services.ensure_consumers(_hostname())
    return published
