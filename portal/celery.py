"""The Celery application: JSON only, late acknowledgement, routing by queue.

Hand-off tasks are routed explicitly to one queue per department
(``backoffice.<agency code>``); everything else goes to ``default``.
"""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_ready
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _restrict_beat(sender, **kwargs):
    """``CELERY_BEAT_ONLY=name,name``: a worker started for one purpose (the
    hand-off fault tests, a benchmark) runs only those periodic tasks."""
    only = {name.strip() for name in os.environ.get("CELERY_BEAT_ONLY", "").split(",") if name.strip()}
    if only:
        sender.conf.beat_schedule = {
            name: entry for name, entry in (sender.conf.beat_schedule or {}).items() if name in only
        }


@task_prerun.connect
@task_postrun.connect
def _recycle_database_connections(task=None, **kwargs):
    """Around each task, Django's rule after a request: a connection older
    than ``CONN_MAX_AGE`` (0 on SQLite: every task) or broken by an error is
    closed, a healthy one is kept. Celery's own Django fixup would close it
    after every task (``CELERY_DB_REUSE_MAX`` unset): a new PostgreSQL
    connection, and a new server process, per hand-off message."""
    if not getattr(getattr(task, "request", None), "is_eager", False):
        close_old_connections()


@worker_ready.connect
def _log_ready(sender=None, **kwargs):
    import logging

    logging.getLogger("portal.worker").info("event=worker_ready hostname=%s", getattr(sender, "hostname", "?"))
