"""The operator's wire protocol, shared by the sandbox (server side) and the
HTTP client, modelled on the public-service postal API of VNPost and the
order API of its EMS subsidiary:

- ``POST {POSTAL_API_URL}/orders`` (header ``X-Api-Key``), JSON body
  ``{"order_ref", "service": "BCCI_PICKUP" | "BCCI_DELIVERY", "reference",
  "sender": {...}, "receiver": {...}, "weight", "note"}``; answer
  ``{"code": "success", "message", "data": {"tracking_code", "status_code",
  "fee": {"fee", "remote_fee"}}}`` or ``{"code": "error", "message"}``.
  The same ``order_ref`` again answers the parcel already created.
- ``POST {POSTAL_API_URL}/fees`` ``{"from_province", "to_province", "weight"}``
  → ``{"code": "success", "data": {"fee"}}``.
- ``GET {POSTAL_API_URL}/orders/<tracking_code>/tracking`` → ``{"code":
  "success", "data": {"tracking_code", "events": [{"event_id", "status_code",
  "time", "location", "note"}]}}``.
- Status callbacks to the portal: ``POST /buu-chinh/trang-thai/`` with the
  JSON event ``{"event_id", "tracking_code", "order_ref", "status_code",
  "time", "location", "note"}`` and the headers ``X-Postal-Timestamp`` (Unix
  seconds), ``X-Postal-Nonce`` and ``X-Postal-Signature: sha256=<hex>``, the
  HMAC-SHA256 of ``"<timestamp>.<nonce>."`` followed by the raw body.

Item codes are UPU S10: two letters, eight digits, the check digit, ``VN``.
"""

import hashlib
import hmac
import json
import secrets
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from eforms.postal.constants import ParcelStatus
from eforms.postal.operators.base import TrackingEvent

SERVICES = {"pickup": "BCCI_PICKUP", "delivery": "BCCI_DELIVERY"}
SIGNATURE_HEADER = "X-Postal-Signature"
TIMESTAMP_HEADER = "X-Postal-Timestamp"
NONCE_HEADER = "X-Postal-Nonce"
MAX_CALLBACK_BYTES = 16 * 1024
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


class CallbackRejected(Exception):
    """``reason`` is one of ``unsigned``, ``bad_signature``, ``stale``,
    ``malformed``, ``too_large``; ``status`` the HTTP answer."""

    def __init__(self, reason, status):
        super().__init__(reason)
        self.reason, self.status = reason, status


# --- item codes (UPU S10) ---------------------------------------------------------


def s10_check_digit(serial):
    total = sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: 0, 11: 5}.get(check, check)


def make_item_code(serial, prefix="EB", country="VN"):
    serial = f"{int(serial) % 10**8:08d}"
    return f"{prefix}{serial}{s10_check_digit(serial)}{country}"


def valid_item_code(code):
    code = (code or "").strip().upper()
    if len(code) != 13 or not (code[:2].isalpha() and code[2:11].isdigit() and code[11:].isalpha()):
        return False
    if not code.isascii():
        return False
    return s10_check_digit(code[2:10]) == int(code[10])


# --- the tariff (the sandbox's; a real operator answers ``/fees``) ---------------------


def region(province_code):
    code = int(province_code or 0)
    return "north" if code < 38 else "central" if code < 75 else "south"


def sandbox_tariff(from_province, to_province, weight_g):
    """Cước BCCI of the sandbox: first 500 g, then each further 500 g."""
    if int(from_province or 0) == int(to_province or 0):
        first, step = 18000, 3000
    elif region(from_province) == region(to_province):
        first, step = 25000, 5000
    else:
        first, step = 32000, 8000
    extra = max(0, -(-int(weight_g) // 500) - 1)
    return first + step * extra


# --- signing --------------------------------------------------------------------


def callback_secret():
    configured = settings.POSTAL_CALLBACK_SECRET
    if configured:
        return configured
    return hmac.new(settings.SECRET_KEY.encode(), b"postal-callback", hashlib.sha256).hexdigest()


def sign(body, timestamp, nonce, secret):
    message = f"{timestamp}.{nonce}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(body, secret, *, now=None, nonce=None):
    timestamp = str(int((now or timezone.now()).timestamp()))
    nonce = nonce or secrets.token_hex(16)
    return {
        TIMESTAMP_HEADER: timestamp,
        NONCE_HEADER: nonce,
        SIGNATURE_HEADER: sign(body, timestamp, nonce, secret),
    }


def event_body(event, order_ref=""):
    return json.dumps(
        {
            "event_id": event.event_id,
            "tracking_code": event.item_code,
            "order_ref": order_ref,
            "status_code": event.status,
            "time": event.occurred_at.isoformat(),
            "location": event.location,
            "note": event.note,
        },
        ensure_ascii=False,
    ).encode()


def _header(headers, name):
    value = headers.get(name) or headers.get(name.lower()) or ""
    return str(value).strip()


def verify_callback(body, headers, *, secret, now=None, max_age=None):
    """``(TrackingEvent, nonce)`` of a signed, fresh, well-formed callback."""
    if len(body) > MAX_CALLBACK_BYTES:
        raise CallbackRejected("too_large", 413)
    signature = _header(headers, SIGNATURE_HEADER)
    timestamp = _header(headers, TIMESTAMP_HEADER)
    nonce = _header(headers, NONCE_HEADER)
    if not (signature and timestamp and nonce):
        raise CallbackRejected("unsigned", 403)
    if not (timestamp.isdigit() and len(timestamp) <= 12 and nonce.isascii() and 8 <= len(nonce) <= 64):
        raise CallbackRejected("bad_signature", 403)
    expected = sign(body, timestamp, nonce, secret)
    if not hmac.compare_digest(signature.encode("utf-8", "replace"), expected.encode()):
        raise CallbackRejected("bad_signature", 403)
    max_age = settings.POSTAL_CALLBACK_MAX_AGE if max_age is None else max_age
    now = now or timezone.now()
    if abs(now.timestamp() - int(timestamp)) > max_age:
        raise CallbackRejected("stale", 403)
    return parse_event(body), nonce


def parse_event(body):
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise CallbackRejected("malformed", 400) from None
    if not isinstance(data, dict):
        raise CallbackRejected("malformed", 400)
    fields = {key: data.get(key) for key in ("event_id", "tracking_code", "status_code", "time")}
    if not all(isinstance(value, str) and value for value in fields.values()):
        raise CallbackRejected("malformed", 400)
    if "\x00" in "".join(str(v) for v in data.values()):
        raise CallbackRejected("malformed", 400)
    if fields["status_code"] not in ParcelStatus.values or len(fields["event_id"]) > 64:
        raise CallbackRejected("malformed", 400)
    try:
        occurred = datetime.fromisoformat(fields["time"])
    except ValueError:
        raise CallbackRejected("malformed", 400) from None
    if timezone.is_naive(occurred):
        occurred = timezone.make_aware(occurred)
    return TrackingEvent(
        event_id=fields["event_id"],
        item_code=fields["tracking_code"].strip().upper()[:13],
        status=fields["status_code"],
        occurred_at=occurred,
        location=str(data.get("location") or "")[:200],
        note=str(data.get("note") or "")[:300],
        extra={"order_ref": str(data.get("order_ref") or "")[:64]},
    )


class SignedCallbacks:
    """``verify_callback`` of the protocol, for operators that speak it."""

    def verify_callback(self, body, headers, *, now=None):
        return verify_callback(body, headers, secret=callback_secret(), now=now)
