"""The hand-off: create branches, forward them, resend dead letters.

Flow of one branch (dossier → agency):

1. ``enqueue_handoff`` writes the ``HandOff`` rows inside the caller's
   transaction (the one that creates the dossier) and registers
   ``transaction.on_commit`` to publish them;
2. ``publishing.publish_many`` sends ``handoff.deliver(<id>)`` to the
   department queue ``backoffice.<code>``;
3. ``live.deliver_live`` (the consumer, on the worker) claims the branch
   on the outbox, with the branches of its agency waiting behind it, and
   calls the agency's backend (``delivery``);
4. ``publishing.redispatch_due`` (periodic) publishes again every branch
   whose deadline passed.

The consumer and the sweep are re-exported here: callers use ``services``.
"""

from datetime import timedelta

import structlog
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from content.models import AgencyPage
from eforms.handoff.constants import BackendKind, HandOffState
from eforms.handoff.delivery import HandOffOutbox, backoff_seconds, deliver, deliver_many
from eforms.handoff.live import deliver_live
from eforms.handoff.models import HandOff, HandoffTarget
from eforms.handoff.publishing import (
    ensure_consumers,
    publish,
    publish_many,
    publish_rows,
    queue_depths,
    redispatch_due,
)

__all__ = [
    "backoff_seconds",
    "deliver",
    "deliver_live",
    "deliver_many",
    "enqueue_handoff",
    "enqueue_on_release",
    "ensure_consumers",
    "forward_dossier",
    "publish",
    "publish_many",
    "queue_depths",
    "redispatch_due",
    "resend",
    "target_agencies",
]

log = structlog.get_logger(__name__)


def target_agencies(dossier):
    """The dossier's agency, then (liên thông) the procedure's coordinating
    agencies, without duplicates, in a stable order; each with its hand-off
    configuration loaded (``handoff_target``) and ``has_branch``: whether
    the dossier already has a branch to it. One query."""
    main_id = dossier.agency_id or dossier.procedure.agency_id
    coordinating = dossier.procedure.coordinating_agencies.through.objects.filter(
        procedurepage_id=dossier.procedure_id
    ).values("agencypage_id")
    branch = HandOff.objects.filter(dossier_id=dossier.pk, agency_id=OuterRef("pk"))
    found = {
        agency.pk: agency
        for agency in AgencyPage.objects.filter(Q(pk=main_id) | Q(pk__in=coordinating))
        .select_related("handoff_target")
        .annotate(has_branch=Exists(branch))
    }
    agencies = [found[main_id]] if main_id in found else []
    agencies += sorted((a for pk, a in found.items() if pk != main_id), key=lambda a: a.code)
    return agencies


def backend_for_agency(agency):
    try:
        target = agency.handoff_target
    except HandoffTarget.DoesNotExist:
        return BackendKind.WORKSPACE
    return target.backend


def _ack_deadline():
    return timezone.now() + timedelta(seconds=settings.HANDOFF_ACK_TIMEOUT)


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
    # No savepoint: inside the caller's transaction this is all or nothing
    # with the dossier anyway; alone, it is its own transaction.
    with transaction.atomic(savepoint=False):
        agencies = target_agencies(dossier)
        if not agencies:
            # Nothing to hand off to: an editor must set the procedure's agency.
            log.error("handoff_no_target", dossier=dossier.code, procedure=dossier.procedure_code)
        deadline = _ack_deadline()
        created = HandOff.objects.bulk_create(
            [
                # If publishing after commit fails, the sweep publishes it from next_attempt_at.
                HandOff(
                    dossier=dossier,
                    agency=agency,
                    backend=backend_for_agency(agency),
                    state=HandOffState.PENDING,
                    next_attempt_at=deadline,
                )
                for agency in agencies
                if not agency.has_branch
            ]
        )
    if not created:
        return []
    for handoff in created:
        _log_created(handoff)
    # What to publish is known here: no reading back after the commit.
    rows = [(handoff.pk, handoff.agency.code, dossier.code) for handoff in created]
    transaction.on_commit(lambda: publish_rows(rows))
    return created


def _log_created(handoff):
    log.info(
        "handoff_created",
        dossier=handoff.dossier.code,
        agency=handoff.agency.code,
        backend=handoff.backend,
        handoff=str(handoff.uuid),
    )


def _create_branch(dossier, agency, **extra):
    handoff = HandOff.objects.create(
        dossier=dossier,
        agency=agency,
        backend=backend_for_agency(agency),
        state=HandOffState.PENDING,
        # If publishing after commit fails, the sweep publishes it from here.
        next_attempt_at=_ack_deadline(),
        **extra,
    )
    _log_created(handoff)
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
                HandOffOutbox().reset(existing, _ack_deadline())
                transaction.on_commit(lambda: publish(existing.pk))
            return existing
        source = (
            HandOff.objects.filter(dossier=dossier).exclude(agency=to_agency).order_by("-created_at", "-id").first()
        )
        handoff = _create_branch(
            dossier,
            to_agency,
            forwarded_from=source,
            forwarded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    log.info("handoff_forwarded", dossier=dossier.code, agency=to_agency.code, actor=getattr(actor, "pk", None))
    transaction.on_commit(lambda: publish(handoff.pk))
    return handoff


def resend(handoffs, actor=None):
    """Put dead (or stuck) branches back in the outbox and publish them.
    Delivered branches are never sent again. Returns how many were reset."""
    ids = [h.pk if isinstance(h, HandOff) else int(h) for h in handoffs]
    outbox = HandOffOutbox()
    reset = []
    with transaction.atomic():
        for handoff in HandOff.objects.select_for_update().filter(pk__in=ids).exclude(state=HandOffState.DELIVERED):
            outbox.reset(handoff, _ack_deadline())
            reset.append(handoff.pk)
            log.info(
                "handoff_resend",
                handoff=str(handoff.uuid),
                dossier_id=handoff.dossier_id,
                actor=getattr(actor, "pk", None),
            )
    transaction.on_commit(lambda: publish_many(reset))
    return len(reset)
