"""Turning the protocol's JSON answers into results, for every client."""

from datetime import datetime

from django.utils import timezone

from eforms.postal.operators.base import OperatorError, OrderResult, TrackingEvent
from eforms.postal.operators.protocol import SERVICES


def order_payload(request):
    return {
        "order_ref": request.order_ref,
        "service": SERVICES[request.service],
        "reference": request.dossier_code,
        "sender": request.sender,
        "receiver": request.receiver,
        "weight": request.weight_g,
        "note": request.note,
    }


def fee_payload(from_province, to_province, weight_g):
    return {"from_province": int(from_province), "to_province": int(to_province), "weight": int(weight_g)}


def _data(status, answer):
    if not isinstance(answer, dict) or answer.get("code") != "success" or not isinstance(answer.get("data"), dict):
        message = answer.get("message") if isinstance(answer, dict) else ""
        # 4xx: the operator refused the request itself; retrying changes nothing
        raise OperatorError(f"HTTP {status}: {message or 'unexpected answer'}", retryable=not 400 <= status < 500)
    return answer["data"]


def order_result(status, answer):
    data = _data(status, answer)
    fee = data.get("fee") or {}
    return OrderResult(
        item_code=str(data.get("tracking_code") or "")[:13],
        fee_vnd=int(fee.get("fee") or 0) + int(fee.get("remote_fee") or 0),
        status=str(data.get("status_code") or ""),
        created=status == 201,
    )


def fee_result(status, answer):
    return int(_data(status, answer).get("fee") or 0)


def tracking_result(status, answer):
    data = _data(status, answer)
    events = []
    for event in data.get("events") or []:
        occurred = datetime.fromisoformat(event["time"])
        events.append(
            TrackingEvent(
                event_id=event["event_id"],
                item_code=data.get("tracking_code", ""),
                status=event["status_code"],
                occurred_at=occurred if timezone.is_aware(occurred) else timezone.make_aware(occurred),
                location=event.get("location") or "",
                note=event.get("note") or "",
            )
        )
    return events
