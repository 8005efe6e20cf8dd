"""Publishing branches on the department queues, and the retry sweep.

``publish_many`` sends ``handoff.deliver(<id>)`` to ``backoffice.<code>``
after the commit that created the branches and marks them ``dispatched``
with a deadline (``next_attempt_at``) for the acknowledgement; a broker
outage leaves them ``pending`` with the error. ``redispatch_due``
(periodic) publishes again every branch whose deadline passed: lost
messages, broker outages, crashed workers.
"""

import time
from datetime import timedelta

import structlog
from celery import current_app
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from eforms.handoff.constants import OPEN_STATES, HandOffState
from eforms.handoff.delivery import POLICY, HandOffOutbox
from eforms.handoff.models import HandOff
from eforms.handoff.routing import queue_name
from eforms.outbox.dispatch import send_by_name
from eforms.outbox.engine import clip_error

log = structlog.get_logger(__name__)

DELIVER_TASK = "handoff.deliver"


def _send(rows):
    """Publish ``handoff.deliver(<id>)`` for ``rows`` (id, agency code).
    Returns ``(published ids, error or "")``."""
    published, error = send_by_name(DELIVER_TASK, [(pk, queue_name(code)) for pk, code in rows])
    return published, clip_error(error)


def _ack_deadline(now):
    return now + timedelta(seconds=settings.HANDOFF_ACK_TIMEOUT)


def _mark_published(ids, now):
    """Published: wait ``HANDOFF_ACK_TIMEOUT`` for the consumer. Conditional:
    the worker may already have delivered some of them."""
    if ids:
        HandOff.objects.filter(pk__in=ids).update(dispatch_count=F("dispatch_count") + 1)
        HandOff.objects.filter(pk__in=ids, state__in=OPEN_STATES).update(
            state=HandOffState.DISPATCHED, dispatched_at=now, next_attempt_at=_ack_deadline(now), updated_at=now
        )


def _mark_unpublished(ids, error, now):
    if ids:
        HandOff.objects.filter(pk__in=ids, state__in=OPEN_STATES).update(
            state=HandOffState.PENDING, last_error=error, updated_at=now
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
            log.info("handoff_published", dossier=dossier_code, queue=queue_name(code), handoff=pk)
    failed = [pk for pk, _code, _dossier in rows if pk not in published]
    _mark_unpublished(failed, error, now)
    if failed:
        dossiers = [dossier for pk, _code, dossier in rows if pk in failed]
        log.warning("handoff_publish_failed", dossiers=dossiers, error=error)
    return len(published)


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
            HandOff.objects.filter(pk__in=deferred, state__in=OPEN_STATES).update(
                next_attempt_at=_ack_deadline(now), updated_at=now
            )
        published, error = _send(to_send)
        _mark_published(published, timezone.now())
        failed = [pk for pk, _code in to_send if pk not in published]
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
