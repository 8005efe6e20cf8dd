"""Creating a postal order at the operator, on the outbox (``eforms.outbox``).

``deliver(order_id)`` is what the ``postal.create_order`` task runs: it
claims the order under a lease, sends the creation request (its ``uuid`` as
``order_ref``, the same on every attempt, so a retry after a timeout finds
the parcel the operator already made) and records the item code; a failure
waits out a capped exponential back-off (``POSTAL_*`` settings) until the
dead letter. ``retry_due`` is the periodic sweep.
"""

import structlog
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from eforms.outbox.dispatch import send_by_name
from eforms.outbox.engine import CLAIMED, Outbox, Policy, States
from eforms.postal.constants import SETTLED_STATES, OrderKind, OrderState, ParcelStatus
from eforms.postal.models import ParcelEvent, PostalOrder
from eforms.postal.operators.base import OrderRequest
from eforms.postal.operators.registry import get_operator

log = structlog.get_logger(__name__)

CREATE_TASK = "postal.create_order"
POLICY = Policy(
    max_attempts="POSTAL_MAX_ATTEMPTS",
    backoff_base="POSTAL_BACKOFF_BASE",
    backoff_max="POSTAL_BACKOFF_MAX",
    lease="POSTAL_LEASE",
)


class PostalOutbox(Outbox):
    model = PostalOrder
    states = States(
        pending=OrderState.PENDING,
        claimed=OrderState.SENDING,
        retry=OrderState.RETRY,
        delivered=OrderState.CREATED,
        dead=OrderState.DEAD,
        settled=(*SETTLED_STATES, OrderState.WAITING),
        open=(OrderState.PENDING, OrderState.RETRY, OrderState.SENDING),
    )
    policy = POLICY
    select_related = ("dossier",)


def enqueue(order_ids):
    published, error = send_by_name(CREATE_TASK, [(pk, None) for pk in order_ids])
    if error:
        log.warning("postal_enqueue_failed", orders=[pk for pk in order_ids if pk not in published], error=error)
    return published


def enqueue_after_commit(order_id):
    transaction.on_commit(lambda: enqueue([order_id]))


def _center():
    return {
        "name": settings.PORTAL_CENTER_NAME,
        "phone": settings.PORTAL_HOTLINE,
        "address": settings.PORTAL_CENTER_ADDRESS,
        "province_code": int(settings.POSTAL_CENTER_PROVINCE_CODE),
    }


def order_request(order):
    citizen = {
        "name": order.contact_name,
        "phone": order.contact_phone,
        "address": order.address,
        "province_code": order.province_code,
    }
    pickup = order.kind == OrderKind.PICKUP
    return OrderRequest(
        order_ref=order.uuid.hex,
        service="pickup" if pickup else "delivery",
        dossier_code=order.dossier.code,
        sender=citizen if pickup else _center(),
        receiver=_center() if pickup else citizen,
        weight_g=order.weight_g,
        note=f"Ho so {order.dossier.code}",
    )


def deliver(order_id):
    """Create one order at the operator at most once; returns the state
    written (``None`` when there was nothing to do)."""
    outbox = PostalOutbox()
    claimed, outcome = outbox.claim(order_id)
    if outcome != CLAIMED:
        return None
    order, _extra = claimed
    operator = get_operator()
    try:
        result = operator.create_order(order_request(order))
    except Exception as exc:  # noqa: BLE001 - any operator failure is recorded on the row
        retryable = getattr(exc, "retryable", not isinstance(exc, ImproperlyConfigured))
        state = outbox.record_failure(order, f"{type(exc).__name__}: {exc}", retryable=retryable)
        log.warning(
            "postal_order_failed",
            dossier=order.dossier.code,
            kind=order.kind,
            attempt=order.attempts,
            state=state,
            error=str(exc)[:300],
        )
        return state
    status = result.status if result.status in ParcelStatus.values else ParcelStatus.ACCEPTED
    now = timezone.now()
    if outbox.record_success(
        order, now=now, operator=operator.name, item_code=result.item_code, status=status, status_at=now
    ):
        ParcelEvent.objects.get_or_create(
            event_id=f"created-{order.uuid.hex}",
            defaults={"order": order, "status": status, "occurred_at": now, "note": str(operator.label)[:300]},
        )
    log.info(
        "postal_order_created",
        dossier=order.dossier.code,
        kind=order.kind,
        item_code=result.item_code,
        attempt=order.attempts,
        operator=operator.name,
    )
    return OrderState.CREATED


def retry_due():
    """The sweep: orders to (re)create now; returns how many were taken."""
    rows, _now = PostalOutbox().take_due(
        settings.POSTAL_SWEEP_BATCH, ("pk",), push_back=lambda row: settings.POSTAL_LEASE
    )
    ids = [pk for (pk,) in rows]
    if ids:
        log.info("postal_retry_sweep", count=len(ids))
        enqueue(ids)
    return len(ids)
