"""A test hand-off backend that behaves like an external back-office queue.

Loaded by the worker processes of the fault tests through
``HANDOFF_EXTRA_BACKENDS``. Each delivery appends a line to the file named
by ``HANDOFF_LEDGER_PATH`` (one line per received message, under an
exclusive lock): ``accepted <delivery id> <dossier code>`` the first time,
``duplicate …`` when the same delivery id comes again (a receiver drops it
by ``X-Portal-Delivery-Id``). ``HANDOFF_LEDGER_DELAY`` seconds of sleep
*before* receiving give a test time to kill the worker mid-task.
"""

import fcntl
import os
import time

from eforms.handoff.backends.base import BaseBackend
from eforms.handoff.backends.registry import register

IDENTIFIER = "test-ledger"


def read_ledger(path):
    try:
        with open(path) as fh:
            return [line.split() for line in fh if line.strip()]
    except FileNotFoundError:
        return []


@register
class LedgerBackend(BaseBackend):
    identifier = IDENTIFIER
    label = "Test ledger"

    def deliver(self, handoff):
        delay = float(os.environ.get("HANDOFF_LEDGER_DELAY", "0") or 0)
        if delay:
            time.sleep(delay)
        path = os.environ["HANDOFF_LEDGER_PATH"]
        delivery_id = str(handoff.uuid)
        with open(path, "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            fh.seek(0)
            seen = any(line.split()[1:2] == [delivery_id] for line in fh if line.strip())
            kind = "duplicate" if seen else "accepted"
            fh.write(f"{kind} {delivery_id} {handoff.dossier.code} {handoff.agency.queue_name}\n")
            fh.flush()
            os.fsync(fh.fileno())
        return {"backend": IDENTIFIER, "ledger": kind}
