"""The consumer of the department queues: deliver branches, on the outbox.

``deliver_many`` locks the branches of one message (a batch of the retry
sweep; a submission's message goes through ``live.deliver_live``, which
takes along the branches waiting behind it) in one transaction. A branch for the portal's
own workspace (a ``transactional`` backend: delivering is recording) is
delivered and recorded in that transaction. The others are claimed there
with a lease (``eforms.outbox``); their backend (webhook, e-mail) is called
outside any transaction and the receipt (``delivered``) or the error (back
to ``pending`` after a capped exponential back-off, ``dead`` after
``HANDOFF_MAX_ATTEMPTS``) recorded. Every try is a ``DeliveryAttempt``. A
duplicate message for a delivered branch does nothing, and a branch held by
a live worker (lease) is left alone.
"""

import json
import socket
import time
from datetime import timedelta

import structlog
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from eforms.handoff.backends.base import DeliveryError
from eforms.handoff.backends.registry import registry
from eforms.handoff.constants import OPEN_STATES, BackendKind, HandOffState
from eforms.handoff.models import DeliveryAttempt, HandOff, HandoffTarget
from eforms.outbox.engine import CLAIMED, MISSING, Outbox, Policy, States, bookkeeping, clip_error

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
    # The agency's hand-off configuration comes with the row (one query).
    select_related = ("agency", "agency__handoff_target", "dossier")

    def before_claim(self, handoff, now):
        handoff.target = _target_of(handoff.agency)
        handoff.backend = handoff.target.backend if handoff.target is not None else BackendKind.WORKSPACE
        if handoff.target is not None and not handoff.target.enabled:
            # Paused by an admin: keep it, look again later, count nothing.
            handoff.state = HandOffState.PENDING
            handoff.next_attempt_at = now + timedelta(seconds=settings.HANDOFF_BACKOFF_MAX)
            handoff.save(update_fields=["state", "next_attempt_at", "updated_at"])
            return PAUSED
        return None

    def take_lease(self, handoff, now, *extra_fields):
        super().take_lease(handoff, now, "backend", *extra_fields)

    def on_claimed(self, handoff, now):
        if handoff.attempts > 1:
            _close_interrupted([handoff.pk], now)
        return DeliveryAttempt.objects.create(
            handoff=handoff, number=handoff.attempts, backend=handoff.backend, worker=self.worker, started_at=now
        )


def locked_fields():
    """The columns ``deliver_locked`` reads of a locked branch: the branch's
    own, its agency's code, its hand-off configuration's backend and switch,
    its dossier's code. Not the agency's page (some fifty columns) nor the
    dossier: building those instances was most of a message's CPU. A
    backend reading more gets it from the database when it asks."""
    own = [field.name for field in HandOff._meta.concrete_fields]
    return (*own, "agency__code", "agency__handoff_target__backend", "agency__handoff_target__enabled", "dossier__code")


def _target_of(agency):
    try:
        return agency.handoff_target
    except HandoffTarget.DoesNotExist:
        return None


def _close_interrupted(handoff_ids, now):
    """An attempt left unfinished is one whose worker died mid-delivery."""
    DeliveryAttempt.objects.filter(handoff_id__in=handoff_ids, ok__isnull=True).update(
        ok=False, finished_at=now, error="interrupted: the worker was lost during delivery"
    )


def backoff_seconds(n):
    return POLICY.backoff(n)


def deliver(handoff_id, worker=""):
    """Deliver one branch through its agency's backend. Idempotent; returns
    what happened (``delivered``, ``failed``, ``dead``, or why nothing)."""
    handoff_id = int(handoff_id)
    return deliver_many([handoff_id], worker)[handoff_id]


def deliver_many(handoff_ids, worker=""):
    """Deliver branches ``handoff_ids`` (one message of the retry sweep, or
    one of a submission); ``{id: outcome}``.

    The rows are locked together in one transaction. A branch whose backend
    is ``transactional`` (the portal's own workspace: delivering is
    recording) is delivered and recorded in that same transaction, so it is
    delivered exactly once or not at all. The others (webhook, e-mail) are
    delivered one by one after the commit, each claimed under a lease just
    before its turn, its backend called outside any transaction, its
    receipt or error recorded.
    """
    outbox = new_outbox(worker)
    now = timezone.now()
    # Losing this commit in a database crash loses the workspace delivery
    # with its record: the sweep delivers it again, still once.
    with bookkeeping(settings.HANDOFF_ASYNC_COMMIT):
        rows = outbox.lock(handoff_ids, only=locked_fields())
        outcomes, later = deliver_locked(outbox, rows, now)
    outcomes.update(dict.fromkeys(set(handoff_ids) - {row.pk for row in rows}, MISSING))
    deliver_later(outbox, later, outcomes)
    return outcomes


def new_outbox(worker):
    """The hand-off's outbox, recording its attempts as ``worker``'s."""
    outbox = HandOffOutbox()
    outbox.worker = worker or socket.gethostname()
    return outbox


def deliver_locked(outbox, rows, now):
    """Inside the locking transaction: refuse what must not be delivered now,
    deliver and record the ``transactional`` branches; ``(outcomes, ids of
    the others)``, which the caller claims and delivers after the commit."""
    outcomes, inline, later = {}, [], []
    for handoff in rows:
        refused = outbox.refusal(handoff, now)
        if refused:
            outcomes[handoff.pk] = refused
            log.info("handoff_skip", dossier=handoff.dossier.code, reason=refused)
            continue
        backend = registry.find(handoff.backend)
        if backend is not None and backend.transactional:
            inline.append((handoff, backend))
        else:
            later.append(handoff.pk)
    if inline:
        outcomes.update(_deliver_in_transaction(inline, outbox.worker, now))
    return outcomes, later


def deliver_later(outbox, later, outcomes):
    """After the locking transaction: claim each branch ``later`` under a
    lease and deliver it through its (non-transactional) backend; the
    outcomes go into ``outcomes``."""
    for pk in later:
        # Claimed just before its turn: the lease covers this delivery only,
        # however many slow receivers come before it in the batch.
        claimed, outcome = outbox.claim(pk)
        if outcome != CLAIMED:
            log.info("handoff_skip", dossier=getattr(getattr(claimed, "dossier", None), "code", pk), reason=outcome)
            outcomes[pk] = outcome
            continue
        handoff, attempt = claimed
        outcomes[pk] = _deliver_leased(outbox, handoff, attempt)


def _deliver_in_transaction(inline, worker, now):
    """Deliver and record locked branches whose backend writes only to this
    database, inside the caller's transaction: one UPDATE of the branches,
    one INSERT of their attempts. A backend error is a failed attempt of
    that branch (back-off or dead letter), the others go on."""
    outcomes, delivered, failed, attempts = {}, [], [], []
    started = time.monotonic()
    for handoff, backend in inline:
        handoff.attempts += 1
        attempt = DeliveryAttempt(
            handoff=handoff, number=handoff.attempts, backend=handoff.backend, worker=worker, started_at=now
        )
        try:
            receipt = backend.deliver(handoff)
        except DatabaseError:
            raise  # the transaction is broken: nothing is recorded, the sweep sends it again
        except Exception as exc:
            if not isinstance(exc, DeliveryError):
                log.exception("handoff_backend_crash", dossier=handoff.dossier.code)
            error = clip_error(f"{type(exc).__name__}: {exc}")
            dead = handoff.attempts >= POLICY.max()
            handoff.state = HandOffState.DEAD if dead else STATES.retry
            handoff.next_attempt_at = None if dead else now + timedelta(seconds=POLICY.backoff(handoff.attempts))
            handoff.last_error = error
            attempt.ok, attempt.error = False, error
            attempt.status_code = getattr(exc, "status_code", None)
            attempt.response_excerpt = (getattr(exc, "response_excerpt", "") or "")[:1000]
            failed.append(handoff)
            outcomes[handoff.pk] = "dead" if dead else "failed"
        else:
            receipt = dict(receipt or {})
            receipt.setdefault("backend", handoff.backend)
            receipt["delivered_at"] = now.isoformat()
            receipt["attempt"] = handoff.attempts
            handoff.state, handoff.delivered_at, handoff.next_attempt_at = STATES.delivered, now, None
            handoff.receipt, handoff.last_error = receipt, ""
            attempt.ok, attempt.status_code = True, receipt.get("status_code")
            attempt.response_excerpt = receipt.get("response_excerpt", "")
            delivered.append(handoff)
            outcomes[handoff.pk] = "delivered"
        handoff.claimed_until, handoff.updated_at = None, now
        attempt.finished_at = now
        attempts.append(attempt)
    retried = [handoff.pk for handoff, _backend in inline if handoff.attempts > 1]
    if retried:
        _close_interrupted(retried, now)
    _save_delivered(delivered, now)
    if failed:
        fields = ["attempts", "state", "backend", "delivered_at", "next_attempt_at", "claimed_until", "last_error"]
        HandOff.objects.bulk_update(failed, [*fields, "receipt", "updated_at"])
    DeliveryAttempt.objects.bulk_create(attempts)
    elapsed = round(time.monotonic() - started, 3)
    for handoff in delivered:
        log.info(
            "handoff_delivered",
            dossier=handoff.dossier.code,
            agency=handoff.agency.code,
            backend=handoff.backend,
            attempt=handoff.attempts,
            seconds=elapsed,
        )
    for handoff in failed:
        dead = handoff.state == HandOffState.DEAD
        (log.error if dead else log.warning)(
            "handoff_dead" if dead else "handoff_failed",
            dossier=handoff.dossier.code,
            agency=handoff.agency.code,
            attempt=handoff.attempts,
            error=handoff.last_error,
        )
    return outcomes


def _save_delivered(delivered, now):
    """Write the delivered branches: one plain UPDATE per set of branches
    with the same values (usually all of them: one agency, first attempt,
    one receipt), instead of ``bulk_update``'s CASE per row and field."""
    groups = {}
    for handoff in delivered:
        key = (handoff.attempts, handoff.backend, json.dumps(handoff.receipt, sort_keys=True, default=str))
        groups.setdefault(key, []).append(handoff)
    for (attempts, backend, _receipt), rows in groups.items():
        HandOff.objects.filter(pk__in=[handoff.pk for handoff in rows]).update(
            attempts=attempts,
            state=STATES.delivered,
            backend=backend,
            delivered_at=now,
            next_attempt_at=None,
            claimed_until=None,
            last_error="",
            receipt=rows[0].receipt,
            updated_at=now,
        )


def _deliver_leased(outbox, handoff, attempt):
    """Call the backend of a branch claimed under a lease, outside any
    transaction, and record what happened."""
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
