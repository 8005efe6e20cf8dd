"""The lobby board and its JSON: figures of the public statistics board,
the numbers served at each counter, the calls to announce."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from eforms.dossiers.models import DossierStatusChange
from eforms.lobby import calls
from eforms.lobby.models import Counter
from eforms.lobby.tickets import issue_ticket
from eforms.workspace.stats import Period, current_period, public_board
from eforms.workspace.stats.periods import CUSTOM
from tests.eforms.factories import DossierFactory, ProcedurePageFactory

pytestmark = pytest.mark.django_db


def _data(client, after=None):
    response = client.get("/bang-dien-tu/du-lieu.json", {"sau": after} if after is not None else {})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_the_board_shows_the_counters_and_announces_each_call_once(client, counter, officer, agency):
    other = Counter.objects.create(agency=agency, number=6, name="Chứng thực")
    issue_ticket(counter)
    issue_ticket(counter)
    data = _data(client)
    assert [(c["number"], c["serving"]) for c in data["counters"]] == [(5, None), (6, None)]
    assert data["waiting"] == 2 and data["calls"] == []

    first = calls.call_next(counter, officer)
    data = _data(client, 0)
    assert [(c["number"], c["serving"]) for c in data["counters"]] == [(5, first.number), (6, None)]
    assert [(c["number"], c["counter"], c["recall"]) for c in data["calls"]] == [(first.number, 5, False)]
    seen = data["calls"][-1]["id"]
    assert _data(client, seen)["calls"] == []  # nothing announced twice

    calls.recall(counter, officer, first.uuid)
    again = _data(client, seen)["calls"]
    assert [(c["number"], c["recall"]) for c in again] == [(first.number, True)]
    assert other.number == 6


def test_the_board_page_renders_at_first_paint(client, counter, officer):
    issue_ticket(counter)
    ticket = calls.call_next(counter, officer)
    response = client.get("/bang-dien-tu/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Số đang phục vụ" in body and f'<span class="board-counter__number">{ticket.number}</span>' in body
    assert 'data-last-call="' in body
    assert "Dữ liệu chưa cập nhật từ" in body  # the stale banner, hidden until the data is old
    assert "Mời số {number} đến quầy {counter}" in body


def _with_history(procedure, agency, steps, due=None):
    dossier = DossierFactory(
        procedure=procedure, agency=agency, received_at=steps[0][1], due_at=due, status=steps[-1][0]
    )
    previous = None
    for status, when in steps:
        DossierStatusChange.objects.create(
            dossier=dossier, from_status=previous, to_status=status, actor_label="Cán bộ", created_at=when
        )
        previous = status
    return dossier


def _figures(row):
    return {
        "received": row.received,
        "resolved": row.resolved,
        "on_time": row.in_time,
        "late": row.late,
        "on_time_rate": row.on_time_rate,
    }


def test_the_figures_are_the_statistics_boards(client, agency):
    procedure = ProcedurePageFactory(agency=agency)
    now = timezone.now()
    # The history lies within today's local date even just after midnight
    # (CI runs around 00:00 in Vietnam): up to 40 minutes back, never before 00:00.
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    span = min(dt.timedelta(minutes=40), now - midnight)

    def ago(minutes):
        return now - span * minutes / 40

    _with_history(procedure, agency, [(1, ago(30)), (2, ago(20))])
    _with_history(procedure, agency, [(1, ago(40)), (2, ago(35)), (9, ago(5))], due=now + dt.timedelta(days=3))
    data = _data(client)
    today = timezone.localdate()
    month = public_board(current_period("thang", today))
    day = public_board(Period(CUSTOM, today, today, today.year))
    assert [a["name"] for a in data["agencies"]] == [r.name for r in month.rows if r.key is not None], (
        data,
        [(r.key, r.name, r.received) for r in month.rows],
        [(r.key, r.name, r.received) for r in day.rows],
        agency.pk,
    )
    mine = next(a for a in data["agencies"] if a["name"] == "Sở Tư pháp")
    assert mine["month"] == _figures(next(r for r in month.rows if r.key == agency.pk))
    assert mine["today"] == _figures(next(r for r in day.rows if r.key == agency.pk))
    assert (mine["today"]["received"], mine["today"]["resolved"]) == (2, 1)
    assert data["total"]["month"] == _figures(month.total)
    assert data["satisfaction_rate"] == month.total.satisfaction_rate


@pytest.mark.parametrize("after", ["abc", "-1", "<script>", "9" * 40, "\x00"])
def test_a_bad_after_id_is_the_first_load(client, counter, after):
    assert _data(client, after)["calls"] == []


def test_the_board_in_english(client, counter):
    body = client.get("/bang-dien-tu/?lang=en").content.decode()
    assert "Now serving" in body and "Data not updated since" in body
