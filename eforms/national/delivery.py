"""Pushing status changes to the national portal, on the shared outbox.

``record_change_receiver`` (``post_save`` of ``DossierStatusChange``) writes
one ``StatusSync`` row in the transaction that wrote the change and, after
commit, publishes ``national.deliver(<id>)``. ``deliver`` claims the row
under a lease, pushes it and records the outcome: delivered, retried after a
capped exponential back-off, or a dead letter (after
``NATIONAL_SYNC_MAX_ATTEMPTS``, or at once when the portal refused the data).

Order per dossier: a row is not claimed while an earlier change of the same
dossier is not delivered; once one is delivered the next is published. A
worker that dies after claiming leaves the row to the sweep when its lease
ends; one that dies after the portal received the push but before recording
it sends it again with the same idempotency key, which the portal ignores.
"""

from datetime import timedelta
from functools import partial

import structlog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eforms.dossiers.models import DossierStatusChange
from eforms.national.constants import OPEN_STATES, SETTLED_STATES, SyncState
from eforms.national.gateway import GatewayError, get_gateway, sync_enabled
from eforms.national.models import StatusSync
from eforms.national.payload import build_record
from eforms.outbox.dispatch import send_by_name
from eforms.outbox.engine import CLAIMED, Outbox, Policy, States

log = structlog.get_logger(__name__)

DELIVER_TASK = "national.deliver"
WAITING = "waiting_for_earlier_change"
POLICY = Policy(
    max_attempts="NATIONAL_SYNC_MAX_ATTEMPTS",
    backoff_base="NATIONAL_SYNC_BACKOFF_BASE",
    backoff_max="NATIONAL_SYNC_BACKOFF_MAX",
    lease="NATIONAL_SYNC_LEASE",
)


class StatusOutbox(Outbox):
    model = StatusSync
    states = States(
        pending=SyncState.PENDING,
        claimed=SyncState.SENDING,
        retry=SyncState.RETRY,
        delivered=SyncState.DELIVERED,
        dead=SyncState.DEAD,
        settled=SETTLED_STATES,
        open=OPEN_STATES,
    )
    policy = POLICY
    select_related = ("status_change",)

    def before_claim(self, row, now):
        earlier = StatusSync.objects.filter(dossier_id=row.dossier_id, status_change_id__lt=row.status_change_id)
        if earlier.exclude(state=SyncState.DELIVERED).exists():
            return WAITING
        return None


# --- recording ---------------------------------------------------------------------


def _new_row(change):
    row = StatusSync(
        status_change=change,
        dossier_id=change.dossier_id,
        dossier_code=change.dossier.code,
        to_status=int(change.to_status),
        next_attempt_at=timezone.now() + timedelta(seconds=settings.NATIONAL_SYNC_SWEEP_GRACE),
    )
    row.payload = build_record(change.dossier, change, row.idempotency_key)
    return row


def record_change(change):
    """Record the push of ``change`` in the caller's transaction; publish it
    after commit. Returns the row (``None`` when the push is off)."""
    if not sync_enabled():
        return None
    with transaction.atomic():
        row = _new_row(change)
        row.save(force_insert=True)
        # an earlier change still open publishes this one when it is
        # delivered (a dead one: when it is resent); the sweep is the net
        behind = StatusSync.objects.filter(dossier_id=row.dossier_id, state__in=OPEN_STATES).exclude(pk=row.pk).exists()
    if not behind:
        transaction.on_commit(partial(enqueue, [row.pk]), robust=True)
    return row


def record_change_receiver(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record_change(instance)


def backfill(limit):
    """Rows for changes that have none (written by bulk inserts or while the
    push was off): built from the dossier as it is now. Returns their ids."""
    changes = list(
        DossierStatusChange.objects.filter(national_sync__isnull=True).select_related("dossier").order_by("id")[:limit]
    )
    rows = [_new_row(change) for change in changes]
    StatusSync.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        log.info("national_sync_backfilled", count=len(rows))
    return list(StatusSync.objects.filter(status_change__in=changes).values_list("pk", flat=True))


# --- delivering --------------------------------------------------------------------


def enqueue(ids):
    published, error = send_by_name(DELIVER_TASK, [(pk, None) for pk in ids])
    if error:
        log.warning("national_sync_enqueue_failed", rows=[pk for pk in ids if pk not in published], error=error)
    return published


def _next_of(row):
    return (
        StatusSync.objects.filter(dossier_id=row.dossier_id, state__in=OPEN_STATES)
        .order_by("status_change_id")
        .values_list("pk", flat=True)
        .first()
    )


def deliver(pk, gateway=None):
    """Push row ``pk`` at most once; returns the state written, or the reason
    nothing was done."""
    outbox = StatusOutbox()
    claimed, outcome = outbox.claim(pk)
    if outcome != CLAIMED:
        if outcome == WAITING:
            log.info("national_sync_waiting", row=pk)
        return outcome
    row, _extra = claimed
    gateway = gateway or get_gateway()
    try:
        result = gateway.push_status(
            row.payload, row.idempotency_key, is_update=row.status_change.from_status is not None
        )
    except GatewayError as exc:
        state = outbox.record_failure(row, str(exc), retryable=exc.retryable)
        StatusSync.objects.filter(pk=row.pk).update(response=(exc.response or "")[:2000])
        log.warning(
            "national_sync_failed",
            dossier=row.dossier_code,
            status=row.to_status,
            attempt=row.attempts,
            state=state,
            error=str(exc)[:300],
        )
        return state
    outbox.record_success(row, response=result.response)
    log.info(
        "national_sync_delivered",
        dossier=row.dossier_code,
        status=row.to_status,
        attempt=row.attempts,
        duplicate=result.duplicate,
    )
    following = _next_of(row)
    if following:
        enqueue([following])
    return SyncState.DELIVERED


def retry_due():
    """The sweep: rows whose back-off elapsed, whose enqueue was lost or whose
    worker died (lease over), then changes without a row. Returns how many
    were published."""
    if not sync_enabled():
        return 0
    rows, _now = StatusOutbox().take_due(
        settings.NATIONAL_SYNC_SWEEP_BATCH, ("pk",), push_back=lambda row: settings.NATIONAL_SYNC_SWEEP_GRACE
    )
    ids = [pk for (pk,) in rows]
    ids += backfill(settings.NATIONAL_SYNC_SWEEP_BATCH)
    if ids:
        log.info("national_sync_sweep", count=len(ids))
        enqueue(ids)
    return len(ids)


def resend(rows):
    """Put dead (or stuck) rows back with a fresh count, their record rebuilt
    from the dossier as it is now (same idempotency key, same change), and
    publish them after commit. Returns how many."""
    now = timezone.now()
    outbox = StatusOutbox()
    ids = []
    with transaction.atomic():
        for row in StatusSync.objects.select_for_update(of=("self",)).filter(pk__in=[r.pk for r in rows]):
            if row.state == SyncState.DELIVERED:
                continue
            change = DossierStatusChange.objects.select_related("dossier").get(pk=row.status_change_id)
            row.payload = build_record(change.dossier, change, row.idempotency_key)
            row.last_error = ""
            row.save(update_fields=["payload", "last_error", "updated_at"])
            outbox.reset(row, now)
            ids.append(row.pk)
        transaction.on_commit(partial(enqueue, ids), robust=True)
    log.info("national_sync_resend", rows=ids)
    return len(ids)
