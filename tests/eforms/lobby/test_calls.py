"""The officers' call desk (/can-bo/goi-so/): call next in priority order,
recall, skip, finish; refusals for other departments and finished tickets."""

import pytest

from eforms.lobby.constants import CallKind, TicketStatus
from eforms.lobby.models import Counter, Ticket, TicketCall
from eforms.lobby.tickets import Queue, issue_ticket
from tests.eforms.factories import OfficerFactory, login

pytestmark = pytest.mark.django_db


def _act(client, counter, action, ticket=None, **extra):
    data = {"so": str(ticket.uuid)} if ticket else {}
    data.update(extra)
    return client.post(f"/can-bo/goi-so/{counter.uuid}/{action}/", data)


def test_the_desk_lists_the_queue_and_calls_priority_tickets_first(officer_client, counter, agency):
    first = issue_ticket(counter)
    general = issue_ticket(Queue(agency))
    booked = issue_ticket(counter, priority=True, source="appointment", note="Lịch hẹn LH-1")
    page = officer_client.get(f"/can-bo/goi-so/?quay={counter.uuid}")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Đang chờ (3)" in page.content.decode()

    called = []
    for _ in range(3):
        response = _act(officer_client, counter, "goi-tiep")
        assert response.status_code == 302
        called.append(Ticket.objects.get(status=TicketStatus.CALLED).number)
    assert called == [booked.number, first.number, general.number]
    # each call finished the one before, and each is a row the board announces
    assert Ticket.objects.filter(status=TicketStatus.DONE).count() == 2
    assert list(TicketCall.objects.values_list("ticket__number", "counter__number")) == [
        (booked.number, 5),
        (first.number, 5),
        (general.number, 5),
    ]


def test_nobody_waiting_says_so_and_still_finishes_the_current(officer_client, counter):
    issue_ticket(counter)
    _act(officer_client, counter, "goi-tiep")
    response = _act(officer_client, counter, "goi-tiep")
    assert response.status_code == 409
    assert "Không còn số thứ tự nào đang chờ tại quầy này." in response.content.decode()
    assert Ticket.objects.get().status == TicketStatus.DONE


def test_a_field_queue_is_called_only_at_counters_serving_the_field(officer_client, agency, field, counter):
    other = Counter.objects.create(agency=agency, number=6)
    ticket = issue_ticket(Queue(agency, field))
    assert _act(officer_client, other, "goi-tiep").status_code == 409
    counter.fields.add(field)
    assert _act(officer_client, counter, "goi-tiep").status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.counter) == (TicketStatus.CALLED, counter)


def test_recall_skip_and_call_back_a_no_show(officer_client, counter):
    ticket = issue_ticket(counter)
    _act(officer_client, counter, "goi-tiep")
    assert _act(officer_client, counter, "goi-lai", ticket).status_code == 302
    assert _act(officer_client, counter, "bo-qua", ticket).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.SKIPPED
    page = officer_client.get(f"/can-bo/goi-so/?quay={counter.uuid}").content.decode()
    assert "Đã bỏ qua (vắng mặt)" in page
    # the citizen came back: recalled, served again
    assert _act(officer_client, counter, "goi-lai", ticket).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CALLED
    assert list(TicketCall.objects.values_list("kind", flat=True)) == [CallKind.CALL, CallKind.RECALL, CallKind.RECALL]


def test_a_finished_ticket_can_be_neither_recalled_nor_skipped(officer_client, counter):
    ticket = issue_ticket(counter)
    _act(officer_client, counter, "goi-tiep")
    assert _act(officer_client, counter, "ket-thuc", ticket).status_code == 302
    calls = TicketCall.objects.count()
    recall = _act(officer_client, counter, "goi-lai", ticket)
    assert recall.status_code == 409
    assert f"Số {ticket.number} đã được phục vụ xong, không gọi lại được." in recall.content.decode()
    skip = _act(officer_client, counter, "bo-qua", ticket)
    assert skip.status_code == 409
    assert "Chỉ bỏ qua được số đang được gọi" in skip.content.decode()
    finish = _act(officer_client, counter, "ket-thuc", ticket)
    assert finish.status_code == 409
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE
    assert TicketCall.objects.count() == calls


def test_an_officer_of_another_department_cannot_call(client, counter, other_agency):
    stranger = OfficerFactory(agency=other_agency, two_factor=True)
    login(client, stranger)
    issue_ticket(counter)
    for response in (
        client.get(f"/can-bo/goi-so/?quay={counter.uuid}"),
        _act(client, counter, "goi-tiep"),
    ):
        assert response.status_code == 403
        assert "Ông/Bà chỉ gọi số tại các quầy đang hoạt động của cơ quan mình." in response.content.decode()
    assert Ticket.objects.get().status == TicketStatus.WAITING
    assert not TicketCall.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, counter):
    response = client.post(f"/can-bo/goi-so/{counter.uuid}/goi-tiep/")
    assert response.status_code == 302
    assert "/tai-khoan/dang-nhap/" in response["Location"]


@pytest.mark.parametrize(
    "counter_id, action, so",
    [
        ("not-a-uuid", "goi-tiep", ""),
        ("00000000-0000-0000-0000-000000000000", "goi-tiep", ""),
        ("<script>alert(1)</script>", "goi-tiep", ""),
        (None, "xoa-het", ""),
        (None, "goi-lai", "<script>alert(1)</script>"),
        (None, "bo-qua", "abc\x00def"),
        (None, "ket-thuc", "x" * 5000),
        (None, "goi-lai", ""),
    ],
)
def test_hostile_or_missing_input_gets_a_message_not_a_500(officer_client, counter, counter_id, action, so):
    issue_ticket(counter)
    url = f"/can-bo/goi-so/{counter_id or counter.uuid}/{action}/"
    response = officer_client.post(url, {"so": so})
    assert response.status_code in (403, 404), response.status_code
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert Ticket.objects.get().status == TicketStatus.WAITING


def test_the_desk_in_english(officer_client, counter):
    issue_ticket(counter)
    _act(officer_client, counter, "goi-tiep")
    response = officer_client.post(f"/can-bo/goi-so/{counter.uuid}/goi-tiep/?lang=en")
    assert response.status_code == 409
    assert "No ticket is waiting at this counter." in response.content.decode()
