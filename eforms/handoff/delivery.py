"""The consumer of the department queues: deliver one branch, on the outbox.

``deliver`` claims the branch with a lease (``eforms.outbox``), calls the
agency's backend outside any transaction and records the receipt
(``delivered``) or the error (back to ``pending`` after a capped exponential
back-off, ``dead`` after ``HANDOFF_MAX_ATTEMPTS``). Every try is a
``DeliveryAttempt``. A duplicate message for a delivered branch does nothing,
and a branch held by a live worker (lease) is left alone.
"""

import socket
import time
from datetime import timedelta

import structlog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eforms.handoff.backends.base import DeliveryError
from eforms.handoff.backends.registry import registry
from eforms.handoff.constants import OPEN_STATES, BackendKind, HandOffState
from eforms.handoff.models import DeliveryAttempt, HandOff, HandoffTarget
from eforms.outbox.engine import CLAIMED, Outbox, Policy, States, clip_error

log = structlog.get_logger(__name__)

POLICY = Policy(
    max_attempts="HANDOFF_MAX_ATTEMPTS",
    backoff_base="HANDOFF_BACKOFF_BASE",
    backoff_max="HANDOFF_BACKOFF_MAX",
    lease="HANDOFF_DELIVERY_LEASE",
)
STATES = States(
    pending=HandOffState.PENDING,
    claimed=HandOffState.DISPATCHED,
    retry=HandOffState.PENDING,
    delivered=HandOffState.DELIVERED,
    dead=HandOffState.DEAD,
    settled=(HandOffState.DELIVERED, HandOffState.DEAD),
    open=OPEN_STATES,
)
PAUSED = "paused"


class HandOffOutbox(Outbox):
    model = HandOff
    states = STATES
    policy = POLICY
    select_related = ("agency", "dossier")

    def before_claim(self, handoff, now):
        handoff.target = HandoffTarget.objects.filter(agency_id=handoff.agency_id).first()
        if handoff.target is not None and not handoff.target.enabled:
            # Paused by an admin: keep it, look again later, count nothing.
            handoff.state = HandOffState.PENDING
            handoff.next_attempt_at = now + timedelta(seconds=settings.HANDOFF_BACKOFF_MAX)
            handoff.save(update_fields=["state", "next_attempt_at", "updated_at"])
            return PAUSED
        return None

    def on_claimed(self, handoff, now):
        if handoff.attempts > 1:
            # An attempt left unfinished is one whose worker died mid-delivery.
            DeliveryAttempt.objects.filter(handoff=handoff, ok__isnull=True).update(
                ok=False, finished_at=now, error="interrupted: the worker was lost during delivery"
            )
        handoff.backend = handoff.target.backend if handoff.target is not None else BackendKind.WORKSPACE
        handoff.save(update_fields=["backend", "updated_at"])
        return DeliveryAttempt.objects.create(
            handoff=handoff, number=handoff.attempts, backend=handoff.backend, worker=self.worker, started_at=now
        )


def backoff_seconds(n):
    return POLICY.backoff(n)


def deliver(handoff_id, worker=""):
    """Deliver one branch through its agency's backend. Idempotent; returns
    what happened (``delivered``, ``failed``, ``dead``, or why nothing)."""
    outbox = HandOffOutbox()
    outbox.worker = worker or socket.gethostname()
    claimed, outcome = outbox.claim(handoff_id)
    if outcome != CLAIMED:
        code = getattr(getattr(claimed, "dossier", None), "code", handoff_id)
        log.info("handoff_skip", dossier=code, reason=outcome)
        return outcome
    handoff, attempt = claimed
    started = time.monotonic()
    try:
        receipt = registry.get(handoff.backend).deliver(handoff)
    except DeliveryError as exc:
        return _record_failure(outbox, handoff, attempt, exc, exc.status_code, exc.response_excerpt)
    except Exception as exc:
        log.exception("handoff_backend_crash", dossier=handoff.dossier.code)
        return _record_failure(outbox, handoff, attempt, exc)
    return _record_success(outbox, handoff, attempt, receipt, time.monotonic() - started)


def _record_success(outbox, handoff, attempt, receipt, elapsed):
    now = timezone.now()
    receipt = dict(receipt or {})
    receipt.setdefault("backend", handoff.backend)
    receipt["delivered_at"] = now.isoformat()
    receipt["attempt"] = attempt.number
    with transaction.atomic():
        updated = outbox.record_success(handoff, now=now, receipt=receipt)
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(
            ok=True,
            finished_at=now,
            status_code=receipt.get("status_code"),
            response_excerpt=receipt.get("response_excerpt", ""),
        )
    log.info(
        "handoff_delivered",
        dossier=handoff.dossier.code,
        agency=handoff.agency.code,
        backend=handoff.backend,
        attempt=attempt.number,
        seconds=round(elapsed, 3),
    )
    return "delivered" if updated else "already_delivered"


def _record_failure(outbox, handoff, attempt, exc, status_code=None, excerpt=""):
    now = timezone.now()
    error = clip_error(f"{type(exc).__name__}: {exc}")
    with transaction.atomic():
        state = outbox.record_failure(handoff, error, now=now)
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(
            ok=False,
            finished_at=now,
            status_code=status_code,
            response_excerpt=(excerpt or "")[:1000],
            error=error,
        )
    dead = state == HandOffState.DEAD
    (log.error if dead else log.warning)(
        "handoff_dead" if dead else "handoff_failed",
        dossier=handoff.dossier.code,
        agency=handoff.agency.code,
        attempt=attempt.number,
        error=error,
    )
    return "dead" if dead else "failed"
