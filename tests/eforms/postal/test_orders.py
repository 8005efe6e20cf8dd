"""Creating postal orders at the operator through the outbox: a timeout is
recorded and retried by the sweep with the same order reference, nothing
lost and nothing created twice; the result delivery at status 10; the
protocol's item codes; the sandbox API over HTTP."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eforms.postal import delivery
from eforms.postal.constants import OrderKind, OrderState, ParcelStatus
from eforms.postal.models import PostalOrder, SandboxParcel
from eforms.postal.operators import protocol
from eforms.postal.services import PostalError, clean_item_code, request_result_delivery
from tests.eforms.factories import DossierFactory

pytestmark = pytest.mark.django_db


def pickup_order(**fields):
    values = {
        "kind": OrderKind.PICKUP,
        "state": OrderState.PENDING,
        "province_code": 68,
        "address": "12 Phan Đình Phùng",
        "contact_name": "Nguyễn Thị Hồng Nhung",
        "postage_vnd": 18000,
        **fields,
    }
    return PostalOrder.objects.create(dossier=DossierFactory(), **values)


def test_operator_timeout_is_retried_and_the_order_is_created_once(settings, silent_operator):
    order = pickup_order()
    settings.POSTAL_BACKEND = "http"
    settings.POSTAL_API_URL = silent_operator
    settings.POSTAL_API_KEY = "k"
    settings.POSTAL_HTTP_TIMEOUT = 0.3
    assert delivery.deliver(order.pk) == OrderState.RETRY
    order.refresh_from_db()
    assert order.state == OrderState.RETRY and order.attempts == 1 and order.item_code == ""
    assert "timed out" in order.last_error.lower() or "timeout" in order.last_error.lower()
    assert order.next_attempt_at > timezone.now()

    # the operator is back; the sweep takes the order once its back-off is over
    settings.POSTAL_BACKEND = "sandbox"
    PostalOrder.objects.filter(pk=order.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert delivery.retry_due() == 1  # eager: the task ran
    order.refresh_from_db()
    assert order.state == OrderState.CREATED and order.attempts == 2 and protocol.valid_item_code(order.item_code)
    assert order.status == ParcelStatus.ACCEPTED and order.events.count() == 1

    # a redelivered task changes nothing; the operator holds one parcel
    assert delivery.deliver(order.pk) is None
    assert SandboxParcel.objects.filter(order_ref=order.uuid.hex).count() == 1
    assert delivery.retry_due() == 0


def test_the_same_order_reference_gets_the_parcel_already_made():
    order = pickup_order()
    first = delivery.order_request(order)
    from eforms.postal.operators.registry import get_operator

    one, two = get_operator().create_order(first), get_operator().create_order(first)
    assert one.item_code == two.item_code and one.created and not two.created
    assert SandboxParcel.objects.count() == 1


def test_a_refused_order_is_a_dead_letter_at_once(settings):
    order = pickup_order(province_code=None)
    assert delivery.deliver(order.pk) == OrderState.DEAD
    order.refresh_from_db()
    assert order.state == OrderState.DEAD and "HTTP 400" in order.last_error


def test_gives_up_after_the_configured_attempts(settings, silent_operator):
    settings.POSTAL_BACKEND, settings.POSTAL_API_URL, settings.POSTAL_API_KEY = "http", silent_operator, "k"
    settings.POSTAL_HTTP_TIMEOUT, settings.POSTAL_MAX_ATTEMPTS = 0.2, 2
    order = pickup_order()
    assert delivery.deliver(order.pk) == OrderState.RETRY
    PostalOrder.objects.filter(pk=order.pk).update(next_attempt_at=None)
    assert delivery.deliver(order.pk) == OrderState.DEAD


def test_result_delivery_at_return_sends_the_waiting_order(django_capture_on_commit_callbacks):
    order = pickup_order()
    PostalOrder.objects.filter(pk=order.pk).update(kind=OrderKind.RESULT, state=OrderState.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        request_result_delivery(order.dossier)
    order.refresh_from_db()
    assert order.state == OrderState.CREATED
    assert SandboxParcel.objects.get(item_code=order.item_code).service == "BCCI_DELIVERY"
    with django_capture_on_commit_callbacks(execute=True):
        request_result_delivery(order.dossier)  # a second return changes nothing
    assert SandboxParcel.objects.count() == 1


def test_result_delivery_of_a_counter_dossier_goes_to_the_applicant(django_capture_on_commit_callbacks):
    dossier = DossierFactory(applicant_address="5 Hùng Vương, Phường Xuân Hương - Đà Lạt")
    with django_capture_on_commit_callbacks(execute=True):
        order = request_result_delivery(dossier)
    order.refresh_from_db()
    assert order.state == OrderState.CREATED and order.postage_vnd == 0
    parcel = SandboxParcel.objects.get(item_code=order.item_code)
    assert parcel.payload["request"]["receiver"]["address"].startswith("5 Hùng Vương")


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        (protocol.make_item_code(12345678), True),
        (" eb 1234 5678 5vn ", True),
        ("EB123456780VN", False),  # wrong check digit
        ("EB12345678VN", False),
        ("<script>VN", False),
        ("EB12345678\x005VN", False),
        ("x" * 100_000, False),
    ],
)
def test_item_codes_follow_s10(code, ok):
    if ok:
        assert protocol.valid_item_code(clean_item_code(code))
    else:
        with pytest.raises(PostalError, match="Số hiệu bưu gửi không hợp lệ"):
            clean_item_code(code)


# --- the sandbox operator over HTTP ------------------------------------------------


def api(client, name, payload, key="sandbox", raw=None):
    body = raw if raw is not None else json.dumps(payload)
    return client.post(
        reverse(f"postal_sandbox:{name}"), data=body, content_type="application/json", HTTP_X_API_KEY=key
    )


def test_sandbox_api_creates_and_tracks_over_http(client):
    payload = {
        "order_ref": "a" * 32,
        "service": "BCCI_PICKUP",
        "reference": "000.00.00.H00-261201-0001",
        "sender": {"name": "A", "address": "12 Phan Đình Phùng", "province_code": 79},
        "receiver": {"name": "Trung tâm", "address": "36 Trần Phú", "province_code": 68},
        "weight": 1200,
    }
    created = api(client, "create", payload)
    assert created.status_code == 201 and created.json()["code"] == "success"
    data = created.json()["data"]
    assert protocol.valid_item_code(data["tracking_code"]) and data["fee"]["fee"] == 32000 + 2 * 8000
    assert api(client, "create", payload).status_code == 200  # idempotent
    assert api(client, "fees", {"from_province": 68, "to_province": 68, "weight": 500}).json()["data"]["fee"] == 18000
    tracking = client.get(
        reverse("postal_sandbox:tracking", args=[data["tracking_code"]]), HTTP_X_API_KEY="sandbox"
    ).json()
    assert tracking["data"]["events"][0]["status_code"] == ParcelStatus.ACCEPTED


@pytest.mark.parametrize(
    ("raw", "key", "status"),
    [
        ("{}", "wrong", 401),
        ("{bad json", "sandbox", 400),
        (json.dumps({"order_ref": "short", "service": "BCCI_PICKUP"}), "sandbox", 400),
        (json.dumps({"order_ref": "b" * 32, "service": "X"}), "sandbox", 400),
        ("x" * (1024 * 1024), "sandbox", 413),
    ],
)
def test_sandbox_api_refuses_bad_requests(client, raw, key, status):
    assert api(client, "create", None, key=key, raw=raw).status_code == status
    assert not SandboxParcel.objects.exists()


def test_sandbox_console_says_it_is_a_sandbox_and_advances_a_parcel(client, django_capture_on_commit_callbacks):
    order = pickup_order()
    delivery.deliver(order.pk)
    order.refresh_from_db()
    page = client.get(reverse("postal_sandbox:console")).content.decode()
    assert "Môi trường thử nghiệm (sandbox)" in page and order.item_code in page
    response = client.post(reverse("postal_sandbox:console"), {"item_code": order.item_code})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == ParcelStatus.PICKED_UP


def test_sandbox_is_not_served_with_a_real_operator(client, settings):
    settings.POSTAL_BACKEND = "http"
    assert client.get(reverse("postal_sandbox:console")).status_code == 404
