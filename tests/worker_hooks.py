"""Loaded into the Celery workers the tests start (``celery worker -I
tests.worker_hooks``, see tests/worker_fixtures.py); never by the portal.

``worker_shutdown`` is sent once the worker's blueprint has stopped: the
pool has finished its tasks and the consumer has flushed its acks. What
follows is the process's own exit (thread joins, interpreter teardown,
about 3 s): the line below tells the test it may stop waiting for it."""

import logging

from celery.signals import worker_shutdown


@worker_shutdown.connect
def _stopped(sender=None, **kwargs):
    logging.getLogger("portal.worker").warning("event=worker_stopped hostname=%s", getattr(sender, "hostname", "?"))
    for handler in logging.getLogger().handlers:
        handler.flush()
