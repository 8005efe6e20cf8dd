"""Claim, record, back off, dead-letter, sweep: the outbox engine.

One ``Outbox`` per delivery table. A worker ``claim``s a row under a lease
(``select_for_update`` in a transaction, so two workers never hold the same
row at once), delivers it outside any transaction, then calls
``record_success`` or ``record_failure``; both are conditional UPDATEs that
leave a row delivered or dead-lettered meanwhile alone. A failure waits
``policy.backoff(attempts)`` (base · 2^(n-1), capped) and becomes a dead
letter after ``policy.max_attempts``. The periodic sweep calls ``take_due``:
due rows are locked (``skip_locked``: two sweeps never take the same row),
their expired leases are dropped and their next look is pushed back
*before* the caller dispatches them again.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

ERROR_MAX_CHARS = 2000

# What ``Outbox.claim`` answers besides a claimed row.
CLAIMED = "claimed_by_me"
MISSING = "missing"
ALREADY_DELIVERED = "already_delivered"
DEAD = "dead"
LEASED = "claimed"


@dataclass(frozen=True)
class States:
    """Which state values of a table play which part in the engine.

    ``pending``: waiting for a (first) attempt; ``claimed``: held by a worker
    (its lease in ``claimed_until``); ``retry``: failed, waiting out its
    back-off; ``delivered``; ``dead``: the dead letters; ``settled``: every
    state nothing will be sent from again (``delivered``, ``dead`` and any
    other final state of the table); ``open``: what the sweep looks at.
    """

    pending: str
    claimed: str
    retry: str
    delivered: str
    dead: str
    settled: tuple
    open: tuple


@dataclass(frozen=True)
class Policy:
    """Attempts, back-off and lease of one outbox, read from settings by name
    (the values live in ``portal/settings/base.py`` only)."""

    max_attempts: str
    backoff_base: str
    backoff_max: str
    lease: str

    def _get(self, name):
        return getattr(settings, getattr(self, name))

    def max(self):
        return int(self._get("max_attempts"))

    def backoff(self, attempts):
        """Seconds to wait after the ``attempts``-th failure."""
        base = float(self._get("backoff_base"))
        return min(float(self._get("backoff_max")), base * 2 ** max(0, attempts - 1))

    def lease_seconds(self):
        return float(self._get("lease"))


def clip_error(error):
    return str(error)[:ERROR_MAX_CHARS]


@contextmanager
def bookkeeping(enabled=True, using=None):
    """A transaction for an outbox's own records whose loss in a database
    crash only means sending again, deduplicated: on PostgreSQL its commit
    does not wait for the write-ahead log to reach the disk
    (``synchronous_commit = off`` for this transaction only; a crash may
    forget the last fraction of a second of them, never a later commit that
    depends on them, and never corrupts anything). Elsewhere, or when not
    ``enabled`` or nested in a caller's transaction (whose commit must stay
    as it is), an ordinary ``atomic`` block."""
    connection = transaction.get_connection(using)
    relaxed = enabled and connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(using=using):
        if relaxed:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


class Outbox:
    """The engine bound to one model (a subclass of ``OutboxItem``).

    Subclasses may override ``before_claim`` (say why a row must not be
    delivered now) and ``on_claimed`` (work in the claiming transaction, e.g.
    writing an attempt row).
    """

    model = None
    states = None
    policy = None
    select_related = ()

    # --- claiming -------------------------------------------------------------

    def before_claim(self, row, now):
        """An outcome string to refuse the claim, or ``None`` to go on."""
        return None

    def on_claimed(self, row, now):
        """Called inside the claiming transaction; its value is returned
        with the row."""
        return None

    def refusal(self, row, now):
        """Why the locked ``row`` must not be delivered now (``ALREADY_DELIVERED``,
        ``DEAD``, ``LEASED``, ``before_claim``'s reason), or ``None``. A row
        out of attempts is written dead here. Call inside the locking
        transaction."""
        states = self.states
        if row.state == states.delivered:
            return ALREADY_DELIVERED
        if row.state in states.settled:
            return DEAD
        if row.claimed_until and row.claimed_until > now:
            return LEASED
        refused = self.before_claim(row, now)
        if refused:
            return refused
        if row.attempts >= self.policy.max():
            row.state, row.next_attempt_at, row.claimed_until = states.dead, None, None
            row.save(update_fields=["state", "next_attempt_at", "claimed_until", "updated_at"])
            return DEAD
        return None

    def lock(self, pks, only=()):
        """The rows ``pks`` locked for this transaction (outbox rows only: their
        related rows may be on the nullable side of an outer join, a message
        with no dossier, which PostgreSQL cannot lock), in id order so that
        two workers locking overlapping batches never deadlock. ``only``:
        the columns to read (``QuerySet.only``), all when empty."""
        rows = self.model.objects.select_for_update(of=("self",)).select_related(*self.select_related)
        if only:
            rows = rows.only(*only)
        return list(rows.filter(pk__in=pks).order_by("pk"))

    def take_lease(self, row, now, *extra_fields):
        """Count an attempt on the locked ``row`` and hold it under this
        worker's lease (saved with ``extra_fields`` set by the caller)."""
        row.attempts += 1
        row.state = self.states.claimed
        row.claimed_until = now + timedelta(seconds=self.policy.lease_seconds())
        # If this worker dies, the sweep takes the row again once the lease ends.
        row.next_attempt_at = row.claimed_until
        row.save(update_fields=["attempts", "state", "claimed_until", "next_attempt_at", "updated_at", *extra_fields])

    def claim(self, pk):
        """Take row ``pk`` for this worker: ``(row, extra), CLAIMED``, or
        ``row, <reason>`` when there is nothing to do."""
        now = timezone.now()
        with transaction.atomic():
            rows = self.lock([pk])
            if not rows:
                return None, MISSING
            row = rows[0]
            refused = self.refusal(row, now)
            if refused:
                return row, refused
            self.take_lease(row, now)
            extra = self.on_claimed(row, now)
        return (row, extra), CLAIMED

    # --- recording the outcome ------------------------------------------------

    def record_success(self, row, now=None, **fields):
        """Mark ``row`` delivered at ``now`` (with ``fields``). ``False`` if it
        already was."""
        now = now or timezone.now()
        updated = (
            self.model.objects.filter(pk=row.pk)
            .exclude(state=self.states.delivered)
            .update(
                state=self.states.delivered,
                delivered_at=now,
                claimed_until=None,
                next_attempt_at=None,
                last_error="",
                updated_at=now,
                **fields,
            )
        )
        return bool(updated)

    def record_failure(self, row, error, *, retryable=True, now=None):
        """Record a failed attempt of ``row``: back to ``retry`` after its
        back-off, or to the dead letters. Returns the state written."""
        now = now or timezone.now()
        dead = not retryable or row.attempts >= self.policy.max()
        state = self.states.dead if dead else self.states.retry
        self.model.objects.filter(pk=row.pk).exclude(state__in=self.states.settled).update(
            state=state,
            claimed_until=None,
            next_attempt_at=None if dead else now + timedelta(seconds=self.policy.backoff(row.attempts)),
            last_error=clip_error(error),
            updated_at=now,
        )
        return state

    def reset(self, row, next_attempt_at):
        """Put a dead (or stuck) row back in the outbox with a fresh count."""
        row.state = self.states.pending
        row.attempts = 0
        row.claimed_until = None
        row.next_attempt_at = next_attempt_at
        row.save(update_fields=["state", "attempts", "claimed_until", "next_attempt_at", "updated_at"])

    # --- the sweep --------------------------------------------------------------

    def due(self, now=None):
        """Open rows to dispatch again: their next look is due and nobody holds
        them, or they are held by a worker whose lease ran out."""
        now = now or timezone.now()
        free = Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
        return self.model.objects.filter(state__in=self.states.open).filter(
            Q(next_attempt_at__lte=now) & free | Q(state=self.states.claimed, claimed_until__lte=now)
        )

    def take_due(self, limit, fields, push_back):
        """Lock up to ``limit`` due rows, drop their expired leases and push
        their next look to ``now + push_back(row)`` seconds, in one transaction.

        ``fields`` are the ``values_list`` columns returned (``pk`` first);
        ``push_back`` receives one such tuple. Rows another sweep has locked
        are skipped (PostgreSQL; SQLite serialises writers).
        """
        now = timezone.now()
        with transaction.atomic():
            rows = list(
                self.due(now)
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("next_attempt_at", "id")
                .values_list(*fields)[:limit]
            )
            by_delay = {}
            for row in rows:
                by_delay.setdefault(push_back(row), []).append(row[0])
            for delay, ids in by_delay.items():
                self.model.objects.filter(pk__in=ids).update(
                    next_attempt_at=now + timedelta(seconds=delay), updated_at=now
                )
            self.model.objects.filter(pk__in=[row[0] for row in rows], claimed_until__lte=now).update(
                claimed_until=None
            )
        return rows, now
