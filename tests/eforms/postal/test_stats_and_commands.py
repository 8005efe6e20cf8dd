"""Postal orders on the leaders' statistics (per agency and period), and the
management commands: the demo parcels and the sandbox's status advance."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from eforms.dossiers.constants import Channel
from eforms.dossiers.models import Dossier
from eforms.postal import delivery
from eforms.postal.constants import OrderKind, OrderState, ParcelStatus
from eforms.postal.models import PostalOrder
from eforms.postal.operators import protocol
from eforms.postal.services import record_counter_intake
from tests.eforms.factories import login
from tests.eforms.workspace.conftest import make_agency, make_dossier, make_officer, make_procedure

pytestmark = pytest.mark.django_db


def test_leader_board_counts_postal_orders_of_their_agencies_only(client, dossier, stp):
    record_counter_intake(dossier, protocol.make_item_code(11112222), at=timezone.now())
    PostalOrder.objects.create(
        dossier=dossier, kind=OrderKind.RESULT, state=OrderState.WAITING, postage_vnd=25000, address="x"
    )
    other = make_agency("sxd", "Sở Xây dựng")
    other_dossier = make_dossier(make_procedure(other, title="Cấp giấy phép xây dựng"))
    record_counter_intake(other_dossier, protocol.make_item_code(33334444), at=timezone.now())
    login(client, make_officer("lanhdao", stp, role="leader"))
    body = client.get("/can-bo/thong-ke/").content.decode()
    section = body[body.index('id="stats-postal-h"') :]
    section = section[: section.index("</section>")]
    assert "Sở Tư pháp" in section and "Sở Xây dựng" not in section
    assert "<td>1</td><td>1</td><td>2</td><td>25.000 đ</td>" in section.replace("\n", "")


def test_leader_board_without_parcels_says_so(client, stp):
    login(client, make_officer("lanhdao", stp, role="leader"))
    assert "Không có bưu gửi nào trong kỳ." in client.get("/can-bo/thong-ke/").content.decode()


def test_demo_parcels_are_loaded_once(dossier):
    Dossier.objects.filter(pk=dossier.pk).update(channel=Channel.POSTAL)
    out = StringIO()
    call_command("load_demo_postal", stdout=out)
    call_command("load_demo_postal", stdout=out)
    order = PostalOrder.objects.get(dossier=dossier)
    assert order.kind == OrderKind.INTAKE and protocol.valid_item_code(order.item_code)
    assert "1 received by post" in out.getvalue() and "0 received by post" in out.getvalue()


def test_sandbox_advance_command_delivers_a_signed_callback(dossier):
    order = PostalOrder.objects.create(
        dossier=dossier, kind=OrderKind.PICKUP, state=OrderState.PENDING, province_code=68, address="12 Phan Đình Phùng"
    )
    delivery.deliver(order.pk)
    order.refresh_from_db()
    out = StringIO()
    call_command("postal_sandbox_advance", order.item_code.lower(), stdout=out)
    order.refresh_from_db()
    assert order.status == ParcelStatus.PICKED_UP and "200" in out.getvalue()
    with pytest.raises(CommandError, match="No sandbox parcel"):
        call_command("postal_sandbox_advance", "EB000000000VN")


def test_sandbox_advance_command_refuses_with_a_real_operator(settings):
    settings.POSTAL_BACKEND = "http"
    with pytest.raises(CommandError, match="not 'sandbox'"):
        call_command("postal_sandbox_advance", "EB000000000VN")
