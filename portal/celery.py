"""The Celery application: JSON only, late acknowledgement, routing by queue.

Hand-off tasks are routed explicitly to one queue per department
(``backoffice.<agency code>``); everything else goes to ``default``.
"""
import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _log_ready(sender=None, **kwargs):
    import logging

    logging.getLogger("portal.worker").info(
        "event=worker_ready hostname=%s", getattr(sender, "hostname", "?")
    )
