"""Periodic work of the catalogue (Celery beat, see settings)."""

import io
import logging

from celery import shared_task
from django.core.management import call_command

logger = logging.getLogger(__name__)


@shared_task(name="content.publish_scheduled")
def publish_scheduled():
    """Wagtail's scheduled publishing: publish revisions whose go-live time
    has come and unpublish expired pages. Idempotent (already published
    revisions are no longer scheduled)."""
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    logger.info("content.publish_scheduled.done", extra={"output": out.getvalue().strip()[:500]})
