"""Celery tasks of the hand-off. They take ids and re-read the rows."""
from celery import shared_task

from eforms.handoff import services


@shared_task(name="handoff.deliver", acks_late=True, ignore_result=True)
def deliver_handoff(handoff_id):
    """Consumer of ``backoffice.<agency>``: deliver one branch (idempotent)."""
    from celery import current_task

    hostname = getattr(getattr(current_task, "request", None), "hostname", "") or ""
    return services.deliver(int(handoff_id), worker=hostname)


@shared_task(name="handoff.redispatch_due", acks_late=True, ignore_result=True)
def redispatch_due():
    """Periodic (beat): publish again what was not acknowledged in time."""
    from celery import current_task

    from eforms.handoff import conf

    published = services.redispatch_due()
    if conf.get("HANDOFF_AUTO_CONSUME"):
        services.ensure_consumers(getattr(current_task.request, "hostname", "") or "")
    return published

