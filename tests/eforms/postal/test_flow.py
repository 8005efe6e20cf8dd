"""The citizen's side of the postal service through the real views: the
choice on the review page, the postage as its own lines, the payment of fee
and postage together, the pickup order created at the operator (channel 3),
and the parcel with its status history on the tracking page."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from eforms.dossiers.constants import Channel, PaymentStatus
from eforms.dossiers.models import Dossier, DossierFee
from eforms.postal.constants import OrderKind, OrderState, ParcelStatus
from eforms.postal.models import PostalChoice, PostalOrder, SandboxParcel
from eforms.postal.operators import protocol, sandbox_server
from eforms.postal.views import _deliver_in_process
from tests.eforms import helpers

pytestmark = pytest.mark.django_db

CHOICE = {"postal_send": "on", "postal_receive": "on", "postal_province": "68", "postal_address": "12 Phan Đình Phùng"}


def quote(client, procedure, draft, data, lang=""):
    url = helpers.review_url(procedure, draft) + lang
    return client.post(url, {**data, "postal_action": "quote"})


def submit(client, procedure, draft, capture, **data):
    with capture(execute=True):
        response = helpers.submit(client, procedure, draft, **data)
    assert response.status_code == 302, helpers._errors(response)
    return Dossier.objects.get(procedure=procedure)


def test_review_page_offers_the_postal_service_without_changing_the_default(client, full_procedure, filled_draft):
    page = client.get(helpers.review_url(full_procedure, filled_draft)).content.decode()
    assert "Dịch vụ bưu chính công ích" in page
    assert "Gửi hồ sơ giấy qua dịch vụ bưu chính công ích" in page
    assert 'value="12 Phan Đình Phùng' in page  # the applicant's address as the default


def test_no_postal_choice_keeps_an_online_dossier(
    client, full_procedure, filled_draft, django_capture_on_commit_callbacks
):
    dossier = submit(client, full_procedure, filled_draft, django_capture_on_commit_callbacks)
    assert dossier.channel == Channel.ONLINE and dossier.fee_vnd == 50000
    assert not PostalOrder.objects.exists()
    page = client.get(reverse("eforms:confirmation", args=[dossier.uuid, dossier.lookup_secret])).content.decode()
    assert "Thanh toán 50.000 đ" in page and "Cước bưu chính" not in page


def test_quote_shows_postage_as_separate_lines(client, full_procedure, filled_draft):
    response = quote(client, full_procedure, filled_draft, CHOICE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cước bưu chính công ích: gửi hồ sơ giấy" in page
    assert "Cước bưu chính công ích: chuyển phát kết quả" in page
    assert page.count("18.000 đ") == 2  # the sandbox tariff inside Lâm Đồng
    assert 'data-fee-total="50000"' in page  # phí, lệ phí alone
    assert 'data-amount-due="86000"' in page and "86.000 đ" in page
    assert PostalChoice.objects.get(draft=filled_draft).send_paper


def test_citizen_pays_fee_and_postage_then_the_pickup_is_ordered(
    client, full_procedure, filled_draft, django_capture_on_commit_callbacks
):
    quote(client, full_procedure, filled_draft, CHOICE)
    dossier = submit(client, full_procedure, filled_draft, django_capture_on_commit_callbacks, **CHOICE)
    assert dossier.channel == Channel.POSTAL
    assert dossier.fee_vnd == 50000  # phí, lệ phí stay apart from the postage
    assert DossierFee.objects.get(dossier=dossier).total_vnd == 50000
    assert dossier.payment_status == PaymentStatus.PENDING
    assert "bưu chính công ích" in dossier.history.get().note

    pickup = PostalOrder.objects.get(dossier=dossier, kind=OrderKind.PICKUP)
    result = PostalOrder.objects.get(dossier=dossier, kind=OrderKind.RESULT)
    assert pickup.state == OrderState.CREATED and protocol.valid_item_code(pickup.item_code)
    assert result.state == OrderState.WAITING and result.item_code == ""
    parcel = SandboxParcel.objects.get(item_code=pickup.item_code)
    assert parcel.service == "BCCI_PICKUP" and parcel.order_ref == pickup.uuid.hex
    assert parcel.payload["request"]["reference"] == dossier.code

    page = client.get(reverse("eforms:confirmation", args=[dossier.uuid, dossier.lookup_secret])).content.decode()
    assert "Thanh toán 86.000 đ" in page and "Cước bưu chính công ích: gửi hồ sơ giấy" in page
    start = client.post(reverse("eforms:payment_start", args=[dossier.uuid, dossier.lookup_secret]))
    params = {k: v[0] for k, v in parse_qs(urlparse(start["Location"]).query).items()}
    assert params["vnp_Amount"] == str(86000 * 100)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("eforms:payment_sandbox_bank"), {**params, "choice": "success"})
    dossier.refresh_from_db()
    assert dossier.payment_status == PaymentStatus.PAID

    # the post office picks the dossier up and delivers it to the center
    for _step in range(3):
        sandbox_server.advance(pickup.item_code, deliver=_deliver_in_process)
    pickup.refresh_from_db()
    assert pickup.status == ParcelStatus.DELIVERED_TO_CENTER
    track = client.get(reverse("eforms:track"), {"ma": dossier.code, "mtc": dossier.lookup_secret}).content.decode()
    assert pickup.item_code in track
    for label in ("Bưu điện đã nhận đơn", "Đã nhận bưu gửi từ người gửi", "Đang vận chuyển"):
        assert label in track
    assert "Đã giao hồ sơ cho Trung tâm Phục vụ hành chính công" in track
    assert "Sẽ gửi khi có kết quả giải quyết" in track


def test_only_receiving_the_result_by_post_keeps_channel_online(
    client, full_procedure, filled_draft, django_capture_on_commit_callbacks
):
    choice = {**CHOICE, "postal_send": ""}
    dossier = submit(client, full_procedure, filled_draft, django_capture_on_commit_callbacks, **choice)
    assert dossier.channel == Channel.ONLINE
    assert list(dossier.postal_orders.values_list("kind", "postage_vnd")) == [(OrderKind.RESULT, 18000)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**CHOICE, "postal_address": ""}, "Vui lòng nhập địa chỉ để bưu điện đến nhận hoặc phát bưu gửi."),
        ({**CHOICE, "postal_province": ""}, "Vui lòng chọn tỉnh, thành phố của địa chỉ bưu gửi."),
        ({**CHOICE, "postal_province": "999"}, "Tỉnh, thành phố đã chọn không có trong danh sách."),
        ({**CHOICE, "postal_province": "6\x008"}, "Tỉnh, thành phố đã chọn không có trong danh sách."),
        ({**CHOICE, "postal_address": "<script>alert(1)</script>"}, "không được chứa ký tự"),
        ({**CHOICE, "postal_address": "x" * 100_000}, "Địa chỉ dài quá 300 ký tự"),
    ],
)
def test_bad_postal_choice_is_refused_and_nothing_is_submitted(client, full_procedure, filled_draft, data, message):
    response = helpers.submit(client, full_procedure, filled_draft, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Dossier.objects.exists()
    assert "<script>alert(1)</script>" not in response.content.decode()
    filled_draft.refresh_from_db()
    assert filled_draft.dossier_id is None and filled_draft.data  # the answers are kept


def test_nul_bytes_in_the_address_are_refused(client, full_procedure, filled_draft):
    response = quote(client, full_procedure, filled_draft, {**CHOICE, "postal_address": "12 Phan\x00 Đình Phùng"})
    assert response.status_code == 400
    assert "Địa chỉ chứa ký tự không hợp lệ (ký tự NUL)" in response.content.decode()
    assert not PostalChoice.objects.exists()


def test_english_error(client, full_procedure, filled_draft):
    response = quote(client, full_procedure, filled_draft, {**CHOICE, "postal_address": ""}, lang="?lang=en")
    assert response.status_code == 400
    assert "Please enter the address" in response.content.decode()


def test_operator_down_at_review_and_submit_says_so_and_saves_nothing(
    client, full_procedure, filled_draft, settings, silent_operator
):
    settings.POSTAL_BACKEND, settings.POSTAL_API_URL, settings.POSTAL_API_KEY = "http", silent_operator, "k"
    settings.POSTAL_HTTP_TIMEOUT = 0.3
    message = "Chưa tính được cước bưu chính (hệ thống bưu điện chưa trả lời)"
    page = quote(client, full_procedure, filled_draft, CHOICE)
    assert page.status_code == 200 and message in page.content.decode()
    response = helpers.submit(client, full_procedure, filled_draft, **CHOICE)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Dossier.objects.exists() and not PostalOrder.objects.exists()
    assert PostalChoice.objects.get(draft=filled_draft).send_paper  # the choice is kept for the next try
