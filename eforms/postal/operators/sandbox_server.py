"""The sandbox operator's side of the protocol (what the postal operator's
system does), run in-process: by ``SandboxOperator`` directly and over HTTP
at ``/sandbox/buu-chinh/api/`` (mounted only with ``POSTAL_BACKEND=sandbox``).

Answers are the protocol's JSON shapes (``protocol``); nothing here touches
the portal's own postal orders: status changes reach the portal only as
signed callbacks (``advance``).
"""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eforms.postal.constants import MAX_WEIGHT_G, ParcelStatus
from eforms.postal.models import SandboxParcel
from eforms.postal.operators import protocol
from eforms.postal.operators.base import TrackingEvent

SERVICES = set(protocol.SERVICES.values())
NEXT_STATUS = {
    "BCCI_PICKUP": [
        ParcelStatus.PICKED_UP,
        ParcelStatus.IN_TRANSIT,
        ParcelStatus.DELIVERED_TO_CENTER,
    ],
    "BCCI_DELIVERY": [
        ParcelStatus.PICKED_UP,
        ParcelStatus.IN_TRANSIT,
        ParcelStatus.OUT_FOR_DELIVERY,
        ParcelStatus.DELIVERED,
    ],
}


def _error(message):
    return 400, {"code": "error", "message": message}


def _province(party):
    value = party.get("province_code") if isinstance(party, dict) else None
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else None


def _weight(payload):
    value = payload.get("weight")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_WEIGHT_G:
        return None
    return value


def fees(payload):
    if not isinstance(payload, dict):
        return _error("invalid body")
    weight = _weight(payload)
    origin, destination = payload.get("from_province"), payload.get("to_province")
    if weight is None or not str(origin).isdigit() or not str(destination).isdigit():
        return _error("from_province, to_province and weight (1-30000 g) are required")
    return 200, {"code": "success", "data": {"fee": protocol.sandbox_tariff(origin, destination, weight)}}


def _answer(parcel, created):
    return (201 if created else 200), {
        "code": "success",
        "message": "Thành công" if created else "Đơn đã tồn tại",
        "data": {
            "tracking_code": parcel.item_code,
            "order_ref": parcel.order_ref,
            "status_code": parcel.status,
            "fee": {"fee": parcel.fee_vnd, "remote_fee": 0},
        },
    }


def create(payload):
    if not isinstance(payload, dict):
        return _error("invalid body")
    ref, service = payload.get("order_ref"), payload.get("service")
    if not isinstance(ref, str) or not 8 <= len(ref) <= 64 or service not in SERVICES:
        return _error("order_ref and service (BCCI_PICKUP, BCCI_DELIVERY) are required")
    existing = SandboxParcel.objects.filter(order_ref=ref).first()
    if existing:
        return _answer(existing, created=False)
    sender, receiver, weight = payload.get("sender"), payload.get("receiver"), _weight(payload)
    origin, destination = _province(sender), _province(receiver)
    if weight is None or origin is None or destination is None:
        return _error("sender.province_code, receiver.province_code and weight are required")
    if not str((receiver or {}).get("address") or "").strip():
        return _error("receiver.address is required")
    now = timezone.now()
    event = {"event_id": secrets.token_hex(12), "status_code": ParcelStatus.ACCEPTED, "time": now.isoformat()}
    for _attempt in range(5):
        code = protocol.make_item_code(secrets.randbelow(10**8))
        try:
            with transaction.atomic():
                parcel = SandboxParcel.objects.create(
                    order_ref=ref,
                    item_code=code,
                    service=service,
                    payload={"request": payload, "events": [{**event, "location": "", "note": ""}]},
                    fee_vnd=protocol.sandbox_tariff(origin, destination, weight),
                )
        except IntegrityError:
            existing = SandboxParcel.objects.filter(order_ref=ref).first()
            if existing:
                return _answer(existing, created=False)
            continue
        return _answer(parcel, created=True)
    return 503, {"code": "error", "message": "try again"}


def tracking(item_code):
    parcel = SandboxParcel.objects.filter(item_code=str(item_code)[:13].upper()).first()
    if parcel is None:
        return 404, {"code": "error", "message": "not found"}
    return 200, {"code": "success", "data": {"tracking_code": parcel.item_code, "events": parcel.payload["events"]}}


def next_status(parcel):
    steps = NEXT_STATUS.get(parcel.service, [])
    done = [e["status_code"] for e in parcel.payload.get("events", [])]
    for status in steps:
        if status not in done:
            return status
    return None


def advance(item_code, status=None, *, location="", note="", deliver=None):
    """Move a parcel to ``status`` (default: its next one), record the event
    and send the signed callback to the portal (``deliver(body, headers)``,
    in-process). Returns ``(parcel, callback answer)`` or ``(None, None)``."""
    with transaction.atomic():
        parcel = SandboxParcel.objects.select_for_update().filter(item_code=item_code).first()
        if parcel is None:
            return None, None
        status = status or next_status(parcel)
        if status is None:
            return parcel, None
        now = timezone.now()
        event = {
            "event_id": secrets.token_hex(12),
            "status_code": str(status),
            "time": now.isoformat(),
            "location": location or _("Bưu cục Đà Lạt (thử nghiệm)"),
            "note": note,
        }
        parcel.payload = {**parcel.payload, "events": [*parcel.payload.get("events", []), event]}
        parcel.status = str(status)
        parcel.save(update_fields=["payload", "status", "updated_at"])
    body = protocol.event_body(
        TrackingEvent(
            event_id=event["event_id"],
            item_code=parcel.item_code,
            status=event["status_code"],
            occurred_at=now,
            location=event["location"],
            note=note,
        ),
        order_ref=parcel.order_ref,
    )
    headers = protocol.signed_headers(body, protocol.callback_secret())
    return parcel, (deliver(body, headers) if deliver else None)
