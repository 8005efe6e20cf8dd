"""Start the web server and a Celery worker (with beat) in the foreground.

Used by ``make run``. Ctrl-C stops both. Queues: ``default`` plus every
back-office queue known to the hand-off (one per agency); the worker also
starts consuming the queue of an agency created later
(``HANDOFF_AUTO_CONSUME``). In production run one worker per department
instead: ``celery -A portal worker -Q backoffice.stp``.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


def worker_queues():
    queues = ["default"]
    try:
        from eforms.handoff.routing import all_queue_names
    except ImportError:
        return queues
    return queues + [q for q in all_queue_names() if q not in queues]


class Command(BaseCommand):
    help = "Run the web server and a Celery worker together (Ctrl-C stops both)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--web-workers", type=int, default=2)

    def handle(self, *args, **options):
        python = sys.executable
        bindir = os.path.dirname(python)
        env = dict(os.environ)
        # One worker serves every department here: let it pick up the queue
        # of an agency created while it runs (eforms.handoff.services).
        env.setdefault("HANDOFF_AUTO_CONSUME", "1")
        web = [
            os.path.join(bindir, "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["web_workers"]),
            "--threads",
            "4",
            "--timeout",
            "120",
            "--access-logfile",
            "-",
        ]
        worker = [
            os.path.join(bindir, "celery"),
            "-A",
            "portal",
            "worker",
            "--beat",
            "--loglevel",
            "INFO",
            "--concurrency",
            "2",
            "--queues",
            ",".join(worker_queues()),
            "--schedule",
            settings.CELERY_BEAT_SCHEDULE_FILENAME,
        ]
        procs = [
            subprocess.Popen(web, env=env, start_new_session=True),
            subprocess.Popen(worker, env=env, start_new_session=True),
        ]
        restarts = []
        self.stdout.write(self.style.SUCCESS(f"Portal on http://{options['bind']}/  (Ctrl-C to stop)"))

        def stop(*_args):
            for proc in procs:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
            deadline = time.monotonic() + 15
            for proc in procs:
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
            raise SystemExit(0)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while procs[0].poll() is None:
            if procs[1].poll() is not None:
                # The worker exited (a broker outage can make kombu give up):
                # restart it like a supervisor would; the hand-off outbox
                # re-sends whatever it had not acknowledged.
                now = time.monotonic()
                restarts[:] = [t for t in restarts if now - t < 60] + [now]
                if len(restarts) > 5:
                    self.stderr.write("The Celery worker keeps exiting; stopping the portal.")
                    stop()
                self.stderr.write(f"The Celery worker exited ({procs[1].returncode}); restarting it.")
                time.sleep(2)
                procs[1] = subprocess.Popen(worker, env=env, start_new_session=True)
            time.sleep(0.5)
        self.stderr.write("The web server stopped; stopping the worker.")
        stop()
