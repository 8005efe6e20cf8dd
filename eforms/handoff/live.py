"""The consumer of a submission's message (``handoff.deliver(<id>)``).

One message is published per submitted dossier, but when submissions come
faster than the worker takes them a queue of such messages builds up, and
delivering each in a transaction of its own costs a lock, an UPDATE, an
INSERT and a commit per dossier. So the worker groups what is ready: the
message's branch and up to ``HANDOFF_PUBLISH_BATCH`` other branches of the
same agency that were published and not yet tried (their messages are
waiting behind this one) are locked together, ``skip_locked`` so that
workers never wait for each other, and delivered and recorded in one
transaction, as ``deliver_batch`` does for the sweep. Their own messages
then find them delivered with one SELECT and do nothing.

Only for an agency whose backend is ``transactional`` (the portal's own
workspace: delivering is recording, exactly once or not at all). A webhook
or e-mail branch, a branch leased by another worker, one in back-off after
a failure, a pending one (not yet published, or its publication failed) and
a paused agency's are never taken along: they keep their own message, their
lease and their back-off (``delivery.deliver``).
"""

import structlog
from django.conf import settings
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from eforms.handoff.backends.registry import registry
from eforms.handoff.constants import OPEN_STATES, BackendKind, HandOffState
from eforms.handoff.delivery import deliver, deliver_later, deliver_locked, locked_fields, new_outbox
from eforms.handoff.models import HandOff
from eforms.outbox.engine import ALREADY_DELIVERED, MISSING, bookkeeping

log = structlog.get_logger(__name__)


def deliver_live(handoff_id, worker=""):
    """Deliver branch ``handoff_id`` and the branches of its agency waiting
    behind it; returns the outcome for ``handoff_id`` (as ``deliver``)."""
    handoff_id = int(handoff_id)
    # One SELECT answers the message of a branch already delivered with others.
    head = (
        HandOff.objects.filter(pk=handoff_id)
        .values_list(
            "state", "agency_id", "dossier__code", "agency__handoff_target__backend", "agency__handoff_target__enabled"
        )
        .first()
    )
    if head is None:
        log.info("handoff_skip", handoff=handoff_id, reason=MISSING)
        return MISSING
    state, agency_id, dossier_code, target_backend, enabled = head
    if state == HandOffState.DELIVERED:
        log.info("handoff_skip", dossier=dossier_code, reason=ALREADY_DELIVERED)
        return ALREADY_DELIVERED
    backend = registry.find(target_backend or BackendKind.WORKSPACE)
    size = int(settings.HANDOFF_PUBLISH_BATCH)
    if state in OPEN_STATES and size > 1 and enabled is not False and backend is not None and backend.transactional:
        outcomes = _deliver_with_waiting(handoff_id, agency_id, worker, size)
        if outcomes is not None:
            return outcomes[handoff_id]
    return deliver(handoff_id, worker)


def _waiting(agency_id):
    """Branches of the agency on the queue and never tried: their message is
    waiting (published, no attempt, no lease)."""
    return Q(
        agency_id=agency_id,
        state=HandOffState.DISPATCHED,
        attempts=0,
        claimed_until__isnull=True,
    )


def _deliver_with_waiting(handoff_id, agency_id, worker, size):
    """``{id: outcome}`` of the message's branch and those taken along, or
    ``None`` when another worker holds the branch (then ``deliver`` waits for
    it, holding nothing else)."""
    outbox = new_outbox(worker)
    now = timezone.now()
    with bookkeeping(settings.HANDOFF_ASYNC_COMMIT):
        rows = list(
            HandOff.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related(*outbox.select_related)
            .only(*locked_fields())  # not the agency's page nor the citizen's answers
            .filter(Q(pk=handoff_id) | _waiting(agency_id))
            .order_by(Case(When(pk=handoff_id, then=Value(0)), default=Value(1)), "pk")[:size]
        )
        if not rows or rows[0].pk != handoff_id:
            return None  # nothing written: the locks go with this empty transaction
        outcomes, later = deliver_locked(outbox, rows, now)
    if len(rows) > 1:
        log.info("handoff_live_batch", agency=rows[0].agency.code, branches=len(rows))
    deliver_later(outbox, later, outcomes)
    return outcomes
