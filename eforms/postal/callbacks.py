"""The operator's status callbacks: signed, fresh, idempotent.

``receive(body, headers)`` answers ``(http status, JSON dict)``: 403 for an
unsigned request, a wrong signature or a stale timestamp; 400 for a body
that is not the protocol's event; 404 for an item code we never ordered;
200 ``{"result": "duplicate"}`` for a nonce or an event already taken (a
replay changes nothing); 200 ``{"result": "ok"}`` after storing the status
in the parcel's history.
"""

import structlog
from django.db import IntegrityError, transaction
from django.utils import timezone

from eforms.postal.constants import ParcelStatus
from eforms.postal.models import CallbackNonce, ParcelEvent, PostalOrder
from eforms.postal.operators.protocol import CallbackRejected
from eforms.postal.operators.registry import get_operator

log = structlog.get_logger(__name__)


def receive(body, headers, *, now=None):
    now = now or timezone.now()
    try:
        event, nonce = get_operator().verify_callback(body, headers, now=now)
    except CallbackRejected as rejected:
        log.warning("postal_callback_rejected", reason=rejected.reason)
        return rejected.status, {"result": "rejected", "reason": rejected.reason}
    try:
        with transaction.atomic():
            CallbackNonce.objects.create(nonce=nonce)
            order = PostalOrder.objects.select_for_update().filter(item_code=event.item_code).first()
            if order is None:
                # not ours: nothing is kept (the nonce neither)
                transaction.set_rollback(True)
                log.warning("postal_callback_unknown_item", item_code=event.item_code)
                return 404, {"result": "unknown_item_code"}
            if ParcelEvent.objects.filter(event_id=event.event_id).exists():
                return 200, {"result": "duplicate"}
            ParcelEvent.objects.create(
                order=order,
                event_id=event.event_id,
                status=event.status,
                location=event.location,
                note=event.note,
                occurred_at=event.occurred_at,
            )
            if order.status_at is None or event.occurred_at >= order.status_at:
                order.status, order.status_at = event.status, event.occurred_at
                order.save(update_fields=["status", "status_at", "updated_at"])
    except IntegrityError:
        return 200, {"result": "duplicate"}
    log.info(
        "postal_status_received",
        dossier=order.dossier.code,
        item_code=order.item_code,
        status=event.status,
        label=str(ParcelStatus(event.status).label),
    )
    return 200, {"result": "ok"}
