"""The hand-off outbox: create branches, publish them, deliver them, retry.

Flow of one branch (dossier → agency):

1. ``enqueue_handoff`` writes the ``HandOff`` rows inside the caller's
   transaction (the one that creates the dossier) and registers
   ``transaction.on_commit`` to publish them;
2. ``publish`` sends ``handoff.deliver(<id>)`` to the department queue
   ``backoffice.<code>`` and marks the branch ``dispatched`` with a deadline
   (``next_attempt_at``) for the acknowledgement; a broker outage leaves the
   branch ``pending`` with the error;
3. ``deliver`` (the consumer, on the worker) claims the branch with a lease,
   calls the agency's backend outside any transaction, and records the
   receipt (``delivered``) or the error (back to ``pending`` with an
   exponential backoff, ``dead`` after ``HANDOFF_MAX_ATTEMPTS``);
4. ``redispatch_due`` (periodic) publishes again every branch whose
   deadline passed: lost messages, broker outages, crashed workers.

A duplicate message for a delivered branch does nothing (guard clause), and
a branch being delivered by a live worker (lease) is left alone.
"""
import logging
import socket
import time
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from eforms.handoff import conf
from eforms.handoff.backends.base import DeliveryError
from eforms.handoff.backends.registry import registry
from eforms.handoff.constants import OPEN_STATES, BackendKind, HandOffState
from eforms.handoff.models import DeliveryAttempt, HandOff, HandoffTarget

logger = logging.getLogger("eforms.handoff")

ERROR_MAX_CHARS = 2000


# --- creating branches ------------------------------------------------------


def target_agencies(dossier):
    """The dossier's agency, then (liên thông) the procedure's coordinating
    agencies, without duplicates, in a stable order."""
    agencies = []
    if dossier.agency_id:
        agencies.append(dossier.agency)
    elif dossier.procedure.agency_id:
        agencies.append(dossier.procedure.agency)
    for agency in dossier.procedure.coordinating_agencies.order_by("code"):
        if agency.pk not in {a.pk for a in agencies}:
            agencies.append(agency)
    return agencies


def backend_for_agency(agency):
    target = HandoffTarget.objects.filter(agency=agency).first()
    return target.backend if target else BackendKind.WORKSPACE


def enqueue_on_release(sender, dossier, **kwargs):
    """Receiver of ``dossier_released``: the hand-off intent in the caller's transaction."""
    return enqueue_handoff(dossier)


def enqueue_handoff(dossier):
    """Create one branch per target agency and publish them after commit.

    Call inside the transaction that creates (or, after payment, releases)
    the dossier. Idempotent: branches that exist are not created again (nor
    republished: the retry sweep owns them). Returns the branches created
    by this call.
    """
    created = []
    with transaction.atomic():
        existing = set(HandOff.objects.filter(dossier=dossier).values_list("agency_id", flat=True))
        agencies = target_agencies(dossier)
        if not agencies:
            # Nothing to hand off to: an editor must set the procedure's agency.
            logger.error("event=handoff_no_target dossier=%s procedure=%s", dossier.code, dossier.procedure_code)
        for agency in agencies:
            if agency.pk in existing:
                continue
            created.append(_create_branch(dossier, agency))
    if not created:
        return []
    ids = [handoff.pk for handoff in created]
    transaction.on_commit(lambda: publish_many(ids))
    return created


def _create_branch(dossier, agency, **extra):
    now = timezone.now()
    handoff = HandOff.objects.create(
        dossier=dossier,
        agency=agency,
        backend=backend_for_agency(agency),
        state=HandOffState.PENDING,
        # If publishing after commit fails, the sweep publishes it from here.
        next_attempt_at=now + timedelta(seconds=conf.get("HANDOFF_ACK_TIMEOUT")),
        **extra,
    )
    logger.info(
        "event=handoff_created dossier=%s agency=%s backend=%s handoff=%s",
        dossier.code, agency.code, handoff.backend, handoff.uuid,
    )
    return handoff


def forward_dossier(dossier, to_agency, actor=None):
    """Hand a dossier off to one more agency (forwarded by an officer).

    Call inside the caller's transaction. Returns the branch: a new one, or
    the existing branch to that agency (made due again if it was dead).
    """
    with transaction.atomic():
        existing = HandOff.objects.select_for_update().filter(dossier=dossier, agency=to_agency).first()
        if existing is not None:
            if existing.state == HandOffState.DEAD:
                _reset_for_resend(existing)
                transaction.on_commit(lambda: publish(existing.pk))
            return existing
        source = (
            HandOff.objects.filter(dossier=dossier)
            .exclude(agency=to_agency)
            .order_by("-created_at", "-id")
            .first()
        )
        handoff = _create_branch(
            dossier,
            to_agency,
            forwarded_from=source,
            forwarded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    logger.info(
        "event=handoff_forwarded dossier=%s agency=%s actor=%s",
        dossier.code, to_agency.code, getattr(actor, "pk", None),
    )
    transaction.on_commit(lambda: publish(handoff.pk))
    return handoff


# --- publishing to the department queue -------------------------------------

PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def _queue_name(agency_code):
    return f"backoffice.{agency_code.lower()}"


def _send(rows):
    """Publish ``handoff.deliver(<id>)`` for ``rows`` (id, agency code) on one
    producer. Returns ``(published ids, error or "")``; stops at the first
    failure (the broker is down: the rest keep their turn)."""
    from eforms.handoff.tasks import deliver_handoff

    published = []
    if not rows:
        return published, ""
    try:
        with deliver_handoff.app.producer_or_acquire() as producer:
            for pk, code in rows:
                queue = _queue_name(code)
                deliver_handoff.apply_async(
                    args=[pk], queue=queue, routing_key=queue, producer=producer,
                    retry=True, retry_policy=PUBLISH_RETRY_POLICY,
                )
                published.append(pk)
    except Exception as exc:  # broker down, transport broken: the sweep retries
        return published, f"{type(exc).__name__}: {exc}"[:ERROR_MAX_CHARS]
    return published, ""


def _mark_published(ids, now):
    """Published: wait ``HANDOFF_ACK_TIMEOUT`` for the consumer. Conditional:
    the worker may already have delivered some of them."""
    if ids:
        HandOff.objects.filter(pk__in=ids).update(dispatch_count=F("dispatch_count") + 1)
        HandOff.objects.filter(pk__in=ids, state__in=OPEN_STATES).update(
            state=HandOffState.DISPATCHED,
            dispatched_at=now,
            next_attempt_at=now + timedelta(seconds=conf.get("HANDOFF_ACK_TIMEOUT")),
            updated_at=now,
        )


def publish_many(ids):
    """Publish branches after the commit that created them. Never raises: a
    broker outage is recorded on the rows, and the sweep publishes them."""
    rows = list(
        HandOff.objects.filter(pk__in=ids, state__in=OPEN_STATES)
        .order_by("id")
        .values_list("pk", "agency__code", "dossier__code")
    )
    published, error = _send([(pk, code) for pk, code, _dossier in rows])
    now = timezone.now()
    _mark_published(published, now)
    for pk, code, dossier_code in rows:
        if pk in published:
            logger.info("event=handoff_published dossier=%s queue=%s handoff=%s", dossier_code, _queue_name(code), pk)
    failed = [pk for pk, _code, _dossier in rows if pk not in published]
    if failed:
        HandOff.objects.filter(pk__in=failed, state__in=OPEN_STATES).update(
            state=HandOffState.PENDING, last_error=error, updated_at=now
        )
        logger.warning("event=handoff_publish_failed dossiers=%s error=%s",
                       ",".join(d for pk, _c, d in rows if pk in failed), error)
    return len(published)


def publish(handoff_id):
    return publish_many([handoff_id]) == 1


# --- the consumer ------------------------------------------------------------


def backoff_seconds(n):
    base = conf.get("HANDOFF_BACKOFF_BASE")
    return min(conf.get("HANDOFF_BACKOFF_MAX"), base * (2 ** max(0, n - 1)))


def _claim(handoff_id, worker):
    """Take the branch for this worker, or say why not."""
    now = timezone.now()
    with transaction.atomic():
        handoff = (
            HandOff.objects.select_for_update()
            .select_related("agency", "dossier")
            .filter(pk=handoff_id)
            .first()
        )
        if handoff is None:
            return None, "missing"
        if handoff.state == HandOffState.DELIVERED:
            return handoff, "already_delivered"
        if handoff.state == HandOffState.DEAD:
            return handoff, "dead"
        if handoff.claimed_until and handoff.claimed_until > now:
            return handoff, "claimed"
        target = HandoffTarget.objects.filter(agency_id=handoff.agency_id).first()
        if target is not None and not target.enabled:
            # Paused by an admin: keep it, look again later, count nothing.
            handoff.state = HandOffState.PENDING
            handoff.next_attempt_at = now + timedelta(seconds=conf.get("HANDOFF_BACKOFF_MAX"))
            handoff.save(update_fields=["state", "next_attempt_at", "updated_at"])
            return handoff, "paused"
        if handoff.attempts:
            # An attempt left unfinished is one whose worker died mid-delivery.
            DeliveryAttempt.objects.filter(handoff=handoff, ok__isnull=True).update(
                ok=False, finished_at=now, error="interrupted: the worker was lost during delivery"
            )
        handoff.backend = target.backend if target is not None else BackendKind.WORKSPACE
        handoff.attempts += 1
        handoff.state = HandOffState.DISPATCHED
        handoff.claimed_until = now + timedelta(seconds=conf.get("HANDOFF_DELIVERY_LEASE"))
        # If this worker dies, the sweep publishes again once the lease ends.
        handoff.next_attempt_at = handoff.claimed_until
        handoff.save(
            update_fields=["backend", "attempts", "state", "claimed_until", "next_attempt_at", "updated_at"]
        )
        attempt = DeliveryAttempt.objects.create(
            handoff=handoff, number=handoff.attempts, backend=handoff.backend, worker=worker, started_at=now
        )
    return (handoff, attempt), "claimed_by_me"


def deliver(handoff_id, worker=""):
    """Deliver one branch through its agency's backend. Idempotent; returns
    what happened (``delivered``, ``failed``, ``dead``, or why nothing)."""
    worker = worker or socket.gethostname()
    claimed, outcome = _claim(handoff_id, worker)
    if outcome != "claimed_by_me":
        code = getattr(getattr(claimed, "dossier", None), "code", handoff_id)
        logger.info("event=handoff_skip dossier=%s reason=%s", code, outcome)
        return outcome
    handoff, attempt = claimed
    started = time.monotonic()
    try:
        backend = registry.get(handoff.backend)
        receipt = backend.deliver(handoff)
    except Exception as exc:
        if isinstance(exc, DeliveryError):
            status_code, excerpt = exc.status_code, exc.response_excerpt
        else:
            status_code, excerpt = None, ""
            logger.exception("event=handoff_backend_crash dossier=%s", handoff.dossier.code)
        return _record_failure(handoff, attempt, f"{type(exc).__name__}: {exc}", status_code, excerpt)
    return _record_success(handoff, attempt, receipt, time.monotonic() - started)


def _record_success(handoff, attempt, receipt, elapsed):
    now = timezone.now()
    receipt = dict(receipt or {})
    receipt.setdefault("backend", handoff.backend)
    receipt["delivered_at"] = now.isoformat()
    receipt["attempt"] = attempt.number
    with transaction.atomic():
        updated = HandOff.objects.filter(pk=handoff.pk).exclude(state=HandOffState.DELIVERED).update(
            state=HandOffState.DELIVERED,
            delivered_at=now,
            claimed_until=None,
            next_attempt_at=None,
            last_error="",
            receipt=receipt,
            updated_at=now,
        )
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(
            ok=True,
            finished_at=now,
            status_code=receipt.get("status_code"),
            response_excerpt=receipt.get("response_excerpt", ""),
        )
    logger.info(
        "event=handoff_delivered dossier=%s agency=%s backend=%s attempt=%s seconds=%.3f",
        handoff.dossier.code, handoff.agency.code, handoff.backend, attempt.number, elapsed,
    )
    return "delivered" if updated else "already_delivered"


def _record_failure(handoff, attempt, error, status_code=None, excerpt=""):
    now = timezone.now()
    error = error[:ERROR_MAX_CHARS]
    dead = handoff.attempts >= conf.get("HANDOFF_MAX_ATTEMPTS")
    with transaction.atomic():
        HandOff.objects.filter(pk=handoff.pk, state__in=OPEN_STATES).update(
            state=HandOffState.DEAD if dead else HandOffState.PENDING,
            claimed_until=None,
            next_attempt_at=None if dead else now + timedelta(seconds=backoff_seconds(handoff.attempts)),
            last_error=error,
            updated_at=now,
        )
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(
            ok=False, finished_at=now, status_code=status_code, response_excerpt=excerpt[:1000], error=error
        )
    level = logging.ERROR if dead else logging.WARNING
    logger.log(
        level,
        "event=%s dossier=%s agency=%s attempt=%s error=%s",
        "handoff_dead" if dead else "handoff_failed",
        handoff.dossier.code, handoff.agency.code, attempt.number, error,
    )
    return "dead" if dead else "failed"


# --- the retry sweep ---------------------------------------------------------


def due_handoffs(now=None):
    now = now or timezone.now()
    return HandOff.objects.filter(state__in=OPEN_STATES, next_attempt_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    )


def queue_depths(queues):
    """Messages waiting on each queue (``{}`` when the broker is down)."""
    from eforms.handoff.tasks import deliver_handoff

    depths = {}
    try:
        with deliver_handoff.app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1)
            for queue in queues:
                channel = conn.channel()
                try:
                    _name, count, _consumers = channel.queue_declare(queue=queue, passive=True)
                    depths[queue] = count
                except Exception:
                    depths[queue] = 0  # no such queue yet: nothing waiting
                finally:
                    try:
                        channel.close()
                    except Exception:
                        pass
    except Exception:
        return {}
    return depths


def redispatch_due(batch_size=None, time_budget=None):
    """Publish again every open branch whose acknowledgement is overdue.

    Rows are taken with ``select_for_update(skip_locked=True)`` (PostgreSQL;
    SQLite's IMMEDIATE transaction serialises writers) and pushed back by an
    exponential backoff *before* publishing, so two sweeps never publish the
    same branch and a failed publish waits for its next turn.

    A branch already on its queue (``dispatched``) while that queue still
    holds messages is not published again but given more time: the worker
    is behind, its message is waiting in line. After ``HANDOFF_BACKOFF_MAX``
    it is republished anyway (the message may have been lost while others
    kept the queue busy). Returns the number of branches published.
    """
    batch_size = batch_size or conf.get("HANDOFF_SWEEP_BATCH")
    deadline = time.monotonic() + (time_budget or conf.get("HANDOFF_SWEEP_TIME_BUDGET"))
    ack_timeout = conf.get("HANDOFF_ACK_TIMEOUT")
    patience = timedelta(seconds=max(conf.get("HANDOFF_BACKOFF_MAX"), ack_timeout))
    published_total = deferred_total = failed_total = 0
    depths = None
    while time.monotonic() < deadline:
        now = timezone.now()
        with transaction.atomic():
            rows = list(
                due_handoffs(now)
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("next_attempt_at", "id")
                .values_list("pk", "state", "dispatch_count", "dispatched_at", "agency__code")[:batch_size]
            )
            by_count = {}
            for pk, _state, dispatch_count, _at, _code in rows:
                by_count.setdefault(dispatch_count, []).append(pk)
            for dispatch_count, ids in by_count.items():
                HandOff.objects.filter(pk__in=ids).update(
                    next_attempt_at=now + timedelta(seconds=backoff_seconds(dispatch_count + 1)), updated_at=now
                )
        if not rows:
            break
        if depths is None:
            queues = {_queue_name(code) for _pk, state, _n, _at, code in rows if state == HandOffState.DISPATCHED}
            depths = queue_depths(sorted(queues)) if queues else {}
        to_send, deferred = [], []
        for pk, state, _count, dispatched_at, code in rows:
            waiting = depths.get(_queue_name(code), 0) > 0
            if state == HandOffState.DISPATCHED and waiting and dispatched_at and now - dispatched_at < patience:
                deferred.append(pk)
            else:
                to_send.append((pk, code))
        if deferred:
            HandOff.objects.filter(pk__in=deferred, state__in=OPEN_STATES).update(
                next_attempt_at=now + timedelta(seconds=ack_timeout), updated_at=now
            )
        published, error = _send(to_send)
        _mark_published(published, timezone.now())
        failed = [pk for pk, _code in to_send if pk not in published]
        if failed:
            HandOff.objects.filter(pk__in=failed, state__in=OPEN_STATES).update(
                state=HandOffState.PENDING, last_error=error, updated_at=now
            )
        published_total += len(published)
        deferred_total += len(deferred)
        failed_total += len(failed)
        if failed:
            logger.warning("event=handoff_sweep_publish_failed count=%s error=%s", len(failed), error)
            break  # the broker is down: stop here, the next sweep retries
        if len(rows) < batch_size:
            break
    if published_total or deferred_total or failed_total:
        logger.info(
            "event=handoff_sweep published=%s deferred=%s failed=%s", published_total, deferred_total, failed_total
        )
    return published_total


def ensure_consumers(hostname, app=None):
    """Make worker ``hostname`` consume the queue of every agency that has a
    branch published but not delivered (an agency created after the worker
    started). For the all-in-one worker of ``make run``
    (``HANDOFF_AUTO_CONSUME``); per-department workers choose their queues
    with ``-Q``. Returns the queues asked for."""
    if not hostname:
        return []
    codes = (
        HandOff.objects.filter(state__in=OPEN_STATES, dispatch_count__gte=1)
        .values_list("agency__code", flat=True)
        .distinct()[:100]
    )
    queues = sorted({_queue_name(code) for code in codes})
    if queues:
        if app is None:
            from eforms.handoff.tasks import deliver_handoff

            app = deliver_handoff.app
        for queue in queues:
            # A no-op for a queue the worker already consumes.
            app.control.add_consumer(queue, destination=[hostname], reply=False)
    return queues


# --- admin: resending dead letters -----------------------------------------


def _reset_for_resend(handoff):
    handoff.state = HandOffState.PENDING
    handoff.attempts = 0
    handoff.claimed_until = None
    handoff.next_attempt_at = timezone.now() + timedelta(seconds=conf.get("HANDOFF_ACK_TIMEOUT"))
    handoff.save(update_fields=["state", "attempts", "claimed_until", "next_attempt_at", "updated_at"])


def resend(handoffs, actor=None):
    """Put dead (or stuck) branches back in the outbox and publish them.
    Delivered branches are never sent again. Returns how many were reset."""
    ids = [h.pk if isinstance(h, HandOff) else int(h) for h in handoffs]
    reset = []
    with transaction.atomic():
        for handoff in HandOff.objects.select_for_update().filter(pk__in=ids).exclude(
            state=HandOffState.DELIVERED
        ):
            _reset_for_resend(handoff)
            reset.append(handoff.pk)
            logger.info(
                "event=handoff_resend handoff=%s dossier_id=%s actor=%s",
                handoff.uuid, handoff.dossier_id, getattr(actor, "pk", None),
            )
    transaction.on_commit(lambda: publish_many(reset))
    return len(reset)
