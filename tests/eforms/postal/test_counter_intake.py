"""Dossiers that arrive by post land in the same queues with channel 3: the
counter intake's "Bưu chính công ích" channel with the parcel's item code;
a result returned by post (status 10) is ordered from the operator."""

import pytest
from django.urls import reverse

from eforms.dossiers.constants import Channel
from eforms.dossiers.constants import DossierStatus as S
from eforms.dossiers.models import Dossier
from eforms.postal.constants import OrderKind, OrderState, ParcelStatus
from eforms.postal.models import PostalOrder, SandboxParcel
from eforms.postal.operators import protocol
from eforms.workspace import services
from tests.eforms.workspace.test_counter import form_for

pytestmark = pytest.mark.django_db

URL = "/can-bo/tiep-nhan-tai-quay/"
ITEM = protocol.make_item_code(20261201)


def test_counter_form_offers_the_postal_channel(officer_client, procedure):
    page = officer_client.get(f"{URL}?thu-tuc={procedure.code}").content.decode()
    assert "Kênh tiếp nhận" in page and "Bưu chính công ích" in page and 'name="postal_item_code"' in page


def test_postal_intake_creates_a_channel_3_dossier_with_its_parcel(
    officer_client, procedure, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(URL, form_for(procedure, channel="3", postal_item_code=ITEM.lower()))
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get(applicant_name="Đỗ Thị Hồng")
    assert dossier.channel == Channel.POSTAL and dossier.status == S.ACCEPTED
    assert ITEM in dossier.history.get().note
    assert dossier.handoffs.filter(state="delivered").exists()  # the same queue as every dossier
    order = PostalOrder.objects.get(dossier=dossier)
    assert order.kind == OrderKind.INTAKE and order.item_code == ITEM
    assert order.status == ParcelStatus.DELIVERED_TO_CENTER
    assert dossier.code in officer_client.get("/can-bo/").content.decode()
    detail = officer_client.get(response["Location"]).content.decode()
    assert "Bưu chính công ích" in detail

    track = client.get(reverse("eforms:track"), {"ma": dossier.code, "mtc": dossier.lookup_secret}).content.decode()
    assert ITEM in track and "Đã giao hồ sơ cho Trung tâm Phục vụ hành chính công" in track


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Số hiệu bưu gửi không hợp lệ"),
        ("EB123456780VN", "Số hiệu bưu gửi không hợp lệ"),
        ("<script>alert(1)</script>", "Số hiệu bưu gửi không hợp lệ"),
        ("EB1234\x005678VN", "Số hiệu bưu gửi không hợp lệ"),
        ("9" * 1_000_000, "Số hiệu bưu gửi không hợp lệ"),
    ],
)
def test_bad_item_code_is_refused_and_nothing_saved(officer_client, procedure, code, message):
    response = officer_client.post(URL, form_for(procedure, channel="3", postal_item_code=code))
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert "<script>alert(1)</script>" not in page
    assert not Dossier.objects.exists() and not PostalOrder.objects.exists()
    assert "Đỗ Thị Hồng" in page  # what the officer typed is kept


def test_an_item_code_is_received_once(officer_client, procedure, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(URL, form_for(procedure, channel="3", postal_item_code=ITEM))
    again = officer_client.post(URL, form_for(procedure, channel="3", postal_item_code=ITEM))
    assert again.status_code == 400 and "đã được tiếp nhận cho một hồ sơ khác" in again.content.decode()
    assert Dossier.objects.count() == 1


def test_english_counter_error(officer_client, procedure):
    response = officer_client.post(URL + "?lang=en", form_for(procedure, channel="3", postal_item_code="x"))
    assert response.status_code == 400 and "Invalid item code" in response.content.decode()


def test_in_person_channel_ignores_an_item_code(officer_client, procedure, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(URL, form_for(procedure, channel="1", postal_item_code="junk"))
    assert response.status_code == 302
    assert Dossier.objects.get().channel == Channel.IN_PERSON and not PostalOrder.objects.exists()


def test_result_returned_by_post_is_ordered_from_the_operator(
    officer_client, dossier, officer, django_capture_on_commit_callbacks
):
    services.accept(dossier, officer)
    services.approve(dossier, officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            f"/can-bo/ho-so/{dossier.uuid}/thao-tac/mark_returned/", {"mark_returned-how": "post"}
        )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.RETURNED
    order = PostalOrder.objects.get(dossier=dossier, kind=OrderKind.RESULT)
    assert order.state == OrderState.CREATED
    assert SandboxParcel.objects.get(item_code=order.item_code).service == "BCCI_DELIVERY"


def test_result_returned_at_the_counter_orders_nothing(officer_client, dossier, officer):
    services.accept(dossier, officer)
    services.approve(dossier, officer)
    officer_client.post(f"/can-bo/ho-so/{dossier.uuid}/thao-tac/mark_returned/", {"mark_returned-how": "counter"})
    assert not PostalOrder.objects.exists()
