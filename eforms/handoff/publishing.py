"""Publishing branches on the department queues, and the retry sweep.

``publish_rows`` sends ``handoff.deliver(<id>)`` to ``backoffice.<code>``
after the commit that created the branches and marks them ``dispatched``
with a deadline (``next_attempt_at``) for the acknowledgement, in one
UPDATE; a broker outage leaves them ``pending`` with the error.
``redispatch_due`` (periodic) publishes again every branch whose deadline
passed (lost messages, broker outages, crashed workers), a hundred branches
of one agency per ``handoff.deliver_batch`` message.
"""

import time
from datetime import timedelta

import structlog
from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from eforms.handoff.constants import OPEN_STATES, HandOffState
from eforms.handoff.delivery import POLICY, HandOffOutbox
from eforms.handoff.models import HandOff
from eforms.handoff.routing import queue_name
from eforms.outbox.dispatch import send_batches, send_by_name
from eforms.outbox.engine import bookkeeping, clip_error

log = structlog.get_logger(__name__)

DELIVER_TASK = "handoff.deliver"
DELIVER_BATCH_TASK = "handoff.deliver_batch"


def _send_each(rows):
    """Publish ``handoff.deliver(<id>)`` for ``rows`` (id, agency code).
    Returns ``(published ids, error or "")``."""
    published, error = send_by_name(DELIVER_TASK, [(pk, queue_name(code)) for pk, code in rows])
    return published, clip_error(error)


def _send(rows):
    """The sweep's publisher: ``handoff.deliver_batch([<id>, …])``, one
    message per ``HANDOFF_PUBLISH_BATCH`` rows of one agency (``rows``: id,
    agency code). Returns ``(published ids, error or "")``."""
    published, error = send_batches(
        DELIVER_BATCH_TASK, [(pk, queue_name(code)) for pk, code in rows], settings.HANDOFF_PUBLISH_BATCH
    )
    return published, clip_error(error)


def _ack_deadline(now):
    return now + timedelta(seconds=settings.HANDOFF_ACK_TIMEOUT)


def _lock_in_id_order(ids):
    """Lock branches ``ids`` in id order before one UPDATE writes them all.

    The worker (``deliver_many``) locks a batch in id order; an UPDATE of
    many rows locks them in the order it finds them on disk, which is not
    id order once the rows were updated before. Two such transactions can
    each wait for the other: PostgreSQL then aborts one, and when that is
    the worker's, its message is acknowledged and the batch waits out
    ``HANDOFF_ACK_TIMEOUT`` (a 10,000 backlog once drained in 123 s instead
    of 4). A single row cannot deadlock so: nothing to do for one."""
    if len(ids) > 1 and transaction.get_connection().features.has_select_for_update:
        list(HandOff.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk").values_list("pk"))


def _mark_published(ids, now):
    """Published: wait ``HANDOFF_ACK_TIMEOUT`` for the consumer. One UPDATE,
    conditional on the state: the worker may already have delivered some
    of them (their state and times stay as the worker wrote them)."""
    if not ids:
        return
    still_open = Q(state__in=OPEN_STATES)
    # Lost in a database crash, the mark only means one more publication (the
    # worker drops a duplicate): no need to wait for the disk.
    with bookkeeping(settings.HANDOFF_ASYNC_COMMIT):
        _lock_in_id_order(ids)
        HandOff.objects.filter(pk__in=ids).update(
            dispatch_count=F("dispatch_count") + 1,
            state=Case(When(still_open, then=Value(HandOffState.DISPATCHED)), default=F("state")),
            dispatched_at=Case(When(still_open, then=Value(now)), default=F("dispatched_at")),
            next_attempt_at=Case(When(still_open, then=Value(_ack_deadline(now))), default=F("next_attempt_at")),
            updated_at=now,
        )


def _mark_unpublished(ids, error, now):
    if ids:
        with transaction.atomic():
            _lock_in_id_order(ids)
            HandOff.objects.filter(pk__in=ids, state__in=OPEN_STATES).update(
                state=HandOffState.PENDING, last_error=error, updated_at=now
            )


def publish_rows(rows):
    """Publish branches ``rows`` (id, agency code, dossier code) after the
    commit that created or reset them, one ``handoff.deliver`` message each.
    Never raises: a broker outage is recorded on the rows, and the sweep
    publishes them."""
    published, error = _send_each([(pk, code) for pk, code, _dossier in rows])
    now = timezone.now()
    _mark_published(published, now)
    done = set(published)
    for pk, code, dossier_code in rows:
        if pk in done:
            log.info("handoff_published", dossier=dossier_code, queue=queue_name(code), handoff=pk)
    failed = [pk for pk, _code, _dossier in rows if pk not in done]
    _mark_unpublished(failed, error, now)
    if failed:
        dossiers = [dossier for pk, _code, dossier in rows if pk not in done]
        log.warning("handoff_publish_failed", dossiers=dossiers, error=error)
    return len(published)


def publish_many(ids):
    """Publish the open branches ``ids`` (read from the database)."""
    rows = list(
        HandOff.objects.filter(pk__in=ids, state__in=OPEN_STATES)
        .order_by("id")
        .values_list("pk", "agency__code", "dossier__code")
    )
    return publish_rows(rows)


def publish(handoff_id):
    return publish_many([handoff_id]) == 1


def queue_depths(queues):
    """Messages waiting on each queue (``{}`` when the broker is down)."""
    depths = {}
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1)
            for queue in queues:
                channel = conn.channel()
                try:
                    _name, count, _consumers = channel.queue_declare(queue=queue, passive=True)
                    depths[queue] = count
                except Exception:  # noqa: BLE001 - no such queue yet: nothing waiting
                    depths[queue] = 0
                finally:
                    try:
                        channel.close()
                    except Exception:  # noqa: BLE001 - closing a broken channel may fail; nothing to do
                        pass
    except Exception:  # noqa: BLE001 - broker down: no depths, every due branch is published
        return {}
    return depths


def redispatch_due(batch_size=None, time_budget=None):
    """Publish again every open branch whose acknowledgement is overdue.

    Due rows are taken by the outbox (locked with ``skip_locked``) and pushed
    back by an exponential back-off of their publish count *before*
    publishing, so two sweeps never publish the same branch and a failed
    publish waits for its next turn.

    A branch already on its queue (``dispatched``) while that queue still
    holds messages is not published again but given more time: the worker
    is behind, its message is waiting in line. After ``HANDOFF_BACKOFF_MAX``
    it is republished anyway (the message may have been lost while others
    kept the queue busy). Returns the number of branches published.
    """
    outbox = HandOffOutbox()
    batch_size = batch_size or settings.HANDOFF_SWEEP_BATCH
    deadline = time.monotonic() + (time_budget or settings.HANDOFF_SWEEP_TIME_BUDGET)
    ack_timeout = settings.HANDOFF_ACK_TIMEOUT
    patience = timedelta(seconds=max(settings.HANDOFF_BACKOFF_MAX, ack_timeout))
    totals = {"published": 0, "deferred": 0, "failed": 0}
    depths = None
    while time.monotonic() < deadline:
        rows, now = outbox.take_due(
            batch_size,
            ("pk", "state", "dispatch_count", "dispatched_at", "agency__code"),
            push_back=lambda row: POLICY.backoff(row[2] + 1),
        )
        if not rows:
            break
        if depths is None:
            queues = {queue_name(code) for _pk, state, _n, _at, code in rows if state == HandOffState.DISPATCHED}
            depths = queue_depths(sorted(queues)) if queues else {}
        to_send, deferred = [], []
        for pk, state, _count, dispatched_at, code in rows:
            waiting = depths.get(queue_name(code), 0) > 0
            if state == HandOffState.DISPATCHED and waiting and dispatched_at and now - dispatched_at < patience:
                deferred.append(pk)
            else:
                to_send.append((pk, code))
        if deferred:
            with transaction.atomic():
                _lock_in_id_order(deferred)
                HandOff.objects.filter(pk__in=deferred, state__in=OPEN_STATES).update(
                    next_attempt_at=_ack_deadline(now), updated_at=now
                )
        published, error = _send(to_send)
        _mark_published(published, timezone.now())
        done = set(published)
        failed = [pk for pk, _code in to_send if pk not in done]
        _mark_unpublished(failed, error, now)
        totals["published"] += len(published)
        totals["deferred"] += len(deferred)
        totals["failed"] += len(failed)
        if failed:
            log.warning("handoff_sweep_publish_failed", count=len(failed), error=error)
            break  # the broker is down: stop here, the next sweep retries
        if len(rows) < batch_size:
            break
    if any(totals.values()):
        log.info("handoff_sweep", **totals)
    return totals["published"]


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
    queues = sorted({queue_name(code) for code in codes})
    app = app or current_app
    for queue in queues:
        # A no-op for a queue the worker already consumes.
        app.control.add_consumer(queue, destination=[hostname], reply=False)
    return queues
