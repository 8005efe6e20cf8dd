"""Periodic work of the workspace (scheduled in ``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task

from eforms.workspace.services.supplements import flag_overdue_supplements


@shared_task(name="workspace.flag_overdue_supplements")
def flag_overdue_supplements_task():
    """Supplement requests past their deadline: flagged once, agency told."""
    return flag_overdue_supplements()
