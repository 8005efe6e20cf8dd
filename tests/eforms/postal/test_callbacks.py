"""The operator's status callbacks at ``/buu-chinh/trang-thai/``: signed
(403 otherwise), fresh (a stale timestamp is refused), idempotent (a replay
answers "duplicate" and changes nothing), well-formed (400), ours (404),
small (413); each accepted status is a row of the parcel's history."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eforms.postal.constants import OrderKind, OrderState, ParcelStatus
from eforms.postal.models import ParcelEvent, PostalOrder
from eforms.postal.operators import protocol
from tests.eforms.factories import DossierFactory

pytestmark = pytest.mark.django_db

SECRET = "test-postal-secret"
ITEM = protocol.make_item_code(12345678)


@pytest.fixture
def order(db):
    dossier = DossierFactory()
    return PostalOrder.objects.create(
        dossier=dossier, kind=OrderKind.PICKUP, state=OrderState.CREATED, item_code=ITEM, address="12 Phan Đình Phùng"
    )


def event(status=ParcelStatus.PICKED_UP, event_id="ev-0001", item=ITEM, **extra):
    return {
        "event_id": event_id,
        "tracking_code": item,
        "order_ref": "",
        "status_code": str(status),
        "time": timezone.now().isoformat(),
        "location": "Bưu cục Đà Lạt",
        "note": "",
        **extra,
    }


def post(client, body, headers=None):
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
    return client.post(reverse("postal:callback"), data=body, content_type="application/json", **extra)


def signed(client, payload=None, *, body=None, now=None, nonce=None, secret=SECRET):
    body = body if body is not None else json.dumps(payload, ensure_ascii=False).encode()
    return post(client, body, protocol.signed_headers(body, secret, now=now, nonce=nonce))


def test_a_signed_status_is_stored_in_the_history(client, order):
    response = signed(client, event())
    assert response.status_code == 200 and response.json() == {"result": "ok"}
    order.refresh_from_db()
    assert order.status == ParcelStatus.PICKED_UP
    assert list(order.events.values_list("status", "location")) == [(ParcelStatus.PICKED_UP, "Bưu cục Đà Lạt")]


def test_unsigned_callback_is_refused(client, order):
    response = post(client, json.dumps(event()).encode())
    assert response.status_code == 403 and response.json()["reason"] == "unsigned"
    assert not ParcelEvent.objects.exists()


def test_wrong_signature_is_refused(client, order):
    response = signed(client, event(), secret="someone-else")
    assert response.status_code == 403 and response.json()["reason"] == "bad_signature"
    assert not ParcelEvent.objects.exists()


def test_a_tampered_body_is_refused(client, order):
    body = json.dumps(event()).encode()
    headers = protocol.signed_headers(body, SECRET)
    response = post(client, body.replace(b"200", b"500"), headers)
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == ""


def test_stale_timestamp_is_refused(client, order):
    response = signed(client, event(), now=timezone.now() - timedelta(minutes=10))
    assert response.status_code == 403 and response.json()["reason"] == "stale"
    assert not ParcelEvent.objects.exists()


def test_replayed_callback_is_a_duplicate_and_changes_nothing(client, order):
    body = json.dumps(event()).encode()
    headers = protocol.signed_headers(body, SECRET)
    assert post(client, body, headers).json() == {"result": "ok"}
    replay = post(client, body, headers)
    assert replay.status_code == 200 and replay.json() == {"result": "duplicate"}
    # the same event with a fresh nonce (the operator's own retry) is a duplicate too
    again = signed(client, event())
    assert again.status_code == 200 and again.json() == {"result": "duplicate"}
    assert ParcelEvent.objects.count() == 1


def test_unknown_item_code_is_404_and_stores_nothing(client, order):
    response = signed(client, event(item=protocol.make_item_code(87654321)))
    assert response.status_code == 404 and response.json() == {"result": "unknown_item_code"}
    assert not ParcelEvent.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b"\xff\xfe",
        json.dumps({"event_id": "x"}).encode(),
        json.dumps(event(status="999")).encode(),
        json.dumps(event(time="hôm qua")).encode(),
        json.dumps(event(event_id="e\x00vil")).encode(),
    ],
)
def test_malformed_signed_body_is_400(client, order, body):
    response = signed(client, body=body)
    assert response.status_code == 400 and response.json()["reason"] == "malformed"
    assert not ParcelEvent.objects.exists()


def test_a_one_megabyte_body_is_refused_before_reading(client, order):
    body = json.dumps(event(note="x" * (1024 * 1024))).encode()
    response = signed(client, body=body)
    assert response.status_code == 413
    assert not ParcelEvent.objects.exists()


def test_hostile_text_is_stored_as_text_and_escaped_on_the_tracking_page(client, order):
    payload = event(location="<script>alert('x')</script>", note="<img src=x onerror=alert(1)>")
    assert signed(client, payload).status_code == 200
    dossier = order.dossier
    page = client.get(reverse("eforms:track"), {"ma": dossier.code, "mtc": dossier.lookup_secret}).content.decode()
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;" in page
    assert ITEM in page and "Đã nhận bưu gửi từ người gửi" in page


def test_get_is_not_allowed(client, order):
    assert client.get(reverse("postal:callback")).status_code == 405


def test_an_older_event_arriving_late_goes_into_the_history_without_moving_the_status(client, order):
    later = event(ParcelStatus.IN_TRANSIT, event_id="ev-2")
    earlier = event(ParcelStatus.PICKED_UP, event_id="ev-1", time=(timezone.now() - timedelta(hours=1)).isoformat())
    assert signed(client, later).status_code == 200
    assert signed(client, earlier).status_code == 200
    order.refresh_from_db()
    assert order.status == ParcelStatus.IN_TRANSIT
    assert list(order.events.values_list("status", flat=True)) == [ParcelStatus.PICKED_UP, ParcelStatus.IN_TRANSIT]
