"""Each category of the one-stop report has its case, on dossiers built with
``DossierFactory`` and their history rows (March 2026, read in April), and the
board's bad input gets a Vietnamese message or a safe default, never a 500.

The helpers (``with_history``, ``recount``) are shared with ``test_stats.py``:
``recount`` recomputes the report from each dossier's history rows, one
dossier at a time, without any code of ``eforms.workspace.stats``."""

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from eforms.dossiers.constants import AttachmentKind, Channel
from eforms.dossiers.models import DossierStatusChange
from eforms.payments.models import PaymentTransaction
from eforms.workspace.stats import build, period_from_query
from eforms.workspace.stats.counting import half_day_start, timeliness
from eforms.workspace.stats.periods import month_period
from eforms.workspace.stats.rows import COUNTERS

from ..factories import DossierFactory
from .conftest import login, make_agency, make_officer, make_procedure

CLOSING = (7, 8, 9, 10)
CHANNEL_COUNTER = {Channel.IN_PERSON: "received_counter", Channel.ONLINE: "received_online", 3: "received_postal"}


def at(month, day, hour=9, minute=0, year=2026):
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))  # noqa: DTZ001 — local time


def with_history(procedure, steps, *, channel=Channel.ONLINE, due=None, **fields):
    """A dossier whose history is ``steps`` ``[(to_status, at)]``; its status
    is the last step's (the fields are only what a real dossier would hold)."""
    dossier = DossierFactory(
        procedure=procedure,
        channel=channel,
        received_at=steps[0][1],
        due_at=due,
        status=steps[-1][0],
        **fields,
    )
    previous = None
    for status, when in steps:
        DossierStatusChange.objects.create(
            dossier=dossier,
            from_status=previous,
            to_status=status,
            actor_label="Công dân" if previous is None else "Cán bộ",
            created_at=when,
        )
        previous = status
    return dossier


def _timing(finished, due):
    if due is None:
        return "on_time"
    if finished > due:
        return "late"
    local = timezone.localtime(due)
    noon = local.replace(hour=12, minute=0, second=0, microsecond=0)
    half = noon if local > noon else local.replace(hour=0, minute=0, second=0, microsecond=0)
    return "early" if finished < half else "on_time"


def recount(dossiers, start, end, now):
    """The report's counters recomputed from each dossier's history rows,
    one dossier at a time (no code of ``eforms.workspace.stats``)."""
    as_of = min(end, now)
    counts = Counter()
    for d in dossiers:
        rows = list(d.history.order_by("created_at", "id"))
        accepted = next((r.created_at for r in rows if r.to_status == 2), None)
        if accepted is None:
            if any(r.to_status == 3 and start <= r.created_at < end for r in rows):
                counts["refused"] += 1
            continue
        closing = next((r for r in rows if r.to_status in CLOSING and r.created_at >= accepted), None)
        if accepted >= end or (closing is not None and closing.created_at < start):
            continue
        if accepted < start:
            counts["carried_over"] += 1
        else:
            counts[CHANNEL_COUNTER[d.channel]] += 1
            if d.fee_vnd:
                counts["fee_required"] += 1
                if PaymentTransaction.objects.filter(dossier=d, state="paid").exists():
                    counts["paid_online"] += 1
            scanned = d.attachments.filter(kind__in=[AttachmentKind.SUBMISSION, AttachmentKind.COUNTER_SCAN])
            if d.channel == Channel.ONLINE or scanned.exists():
                counts["digitised"] += 1
        if closing is not None and closing.created_at < end:
            if closing.to_status in (9, 10):
                counts[_timing(closing.created_at, d.due_at)] += 1
                if d.rating:
                    counts["rated"] += 1
                    counts["rating_sum"] += d.rating
                    counts["satisfied"] += d.rating >= 4
            else:
                counts["withdrawn" if closing.to_status == 7 else "stopped"] += 1
            continue
        clock, pause = as_of, None
        for r in rows:
            if r.created_at > as_of:
                break
            if r.to_status in (5, 6) and pause is None:
                pause = r.created_at
            elif r.to_status not in (5, 6):
                pause = None
        clock = pause or as_of
        counts["in_progress_past" if d.due_at is not None and d.due_at < clock else "in_progress_within"] += 1
    return counts


def as_counter(row):
    return Counter({name: getattr(row, name) for name in COUNTERS if getattr(row, name)})


def balanced(row):
    """Carried over + received = resolved + withdrawn + stopped + in progress."""
    return row.carried_over + row.received == row.resolved + row.withdrawn + row.stopped + row.in_progress


# --- one case per category -----------------------------------------------------------

MARCH = month_period(2026, 3)
READ_AT = at(4, 15)  # the report of March, read on 15 April


def _march(procedure, **fields):
    """The figures of March over the dossiers of ``procedure``."""
    board = build(MARCH, dossiers=procedure.dossiers.all(), now=READ_AT)
    rows, total = board.tables["agency"]
    assert balanced(total), as_counter(total)
    return total


@pytest.fixture
def proc(stp):
    return make_procedure(stp)


pytestmark = pytest.mark.django_db


def test_carried_over_and_in_progress(proc):
    # accepted in February, still in progress: carried over, within the deadline
    with_history(proc, [(1, at(2, 20)), (2, at(2, 20, 10)), (4, at(2, 21))], due=at(4, 10))
    total = _march(proc)
    assert (total.carried_over, total.received, total.in_progress_within) == (1, 0, 1)
    # finished in February: not in March at all
    with_history(proc, [(1, at(2, 2)), (2, at(2, 2, 10)), (4, at(2, 3)), (9, at(2, 10))], due=at(2, 20))
    assert _march(proc).carried_over == 1


@pytest.mark.parametrize(
    ("channel", "counter"),
    [(Channel.ONLINE, "received_online"), (Channel.IN_PERSON, "received_counter"), (3, "received_postal")],
)
def test_received_per_channel_means_accepted(proc, channel, counter):
    with_history(proc, [(1, at(3, 2)), (2, at(3, 2, 10))], channel=channel, due=at(3, 20))
    # registered but never accepted (status 1), and refused (1 → 3): not received
    with_history(proc, [(1, at(3, 3))], channel=channel)
    with_history(proc, [(1, at(3, 4)), (3, at(3, 4, 11))], channel=channel)
    total = _march(proc)
    assert getattr(total, counter) == 1 and total.received == 1
    assert total.refused == 1


def test_half_day_of_the_due_date():
    afternoon = at(3, 20, 15)
    assert timezone.localtime(half_day_start(afternoon)).hour == 12
    assert timezone.localtime(half_day_start(at(3, 20, 10))).hour == 0
    assert timeliness(at(3, 20, 11, 59), afternoon) == "early"
    assert timeliness(at(3, 19, 16), afternoon) == "early"
    assert timeliness(at(3, 20, 13, 30), afternoon) == "on_time"
    assert timeliness(afternoon, afternoon) == "on_time"
    assert timeliness(afternoon + dt.timedelta(minutes=1), afternoon) == "late"
    assert timeliness(at(3, 20, 7, 30), at(3, 20, 10)) == "on_time"
    assert timeliness(at(3, 19, 16, 59), at(3, 20, 10)) == "early"
    assert timeliness(at(3, 25), None) == "on_time"


def _resolved(proc, finished, due, *extra, status=9, **fields):
    steps = [(1, at(3, 2)), (2, at(3, 2, 10)), (4, at(3, 2, 11)), *extra, (status, finished)]
    return with_history(proc, steps, due=due, **fields)


def test_early(proc):
    _resolved(proc, at(3, 20, 10), at(3, 20, 15))
    total = _march(proc)
    assert (total.early, total.on_time, total.late, total.on_time_rate) == (1, 0, 0, 100.0)


def test_on_time_including_a_direct_return(proc):
    _resolved(proc, at(3, 20, 14), at(3, 20, 15))
    _resolved(proc, at(3, 20, 15), at(3, 20, 15), status=10)  # returned without a 9 row
    total = _march(proc)
    assert (total.early, total.on_time, total.late) == (0, 2, 0)


def test_late_even_after_an_apology_letter(proc):
    # an apology letter re-scheduled the return (a history row, same status);
    # finished after the ORIGINAL due date: late
    _resolved(proc, at(3, 24, 9), at(3, 20, 15), (4, at(3, 19, 9)))
    _resolved(proc, at(3, 20, 15, 1), at(3, 20, 15))
    total = _march(proc)
    assert (total.early, total.on_time, total.late, total.on_time_rate) == (0, 0, 2, 0.0)


def test_on_time_rate_counts_early_and_on_time(proc):
    _resolved(proc, at(3, 10), at(3, 20, 15))
    _resolved(proc, at(3, 20, 14), at(3, 20, 15))
    _resolved(proc, at(3, 21), at(3, 20, 15))
    assert _march(proc).on_time_rate == pytest.approx(66.7)


def test_in_progress_within_and_past_the_deadline(proc):
    with_history(proc, [(1, at(3, 5)), (2, at(3, 5, 10)), (4, at(3, 5, 11))], due=at(3, 25))
    with_history(proc, [(1, at(3, 6)), (2, at(3, 6, 10)), (4, at(3, 6, 11))], due=at(4, 5))
    # waiting on the citizen since 10 March (before its due date): the clock is frozen
    with_history(proc, [(1, at(3, 7)), (2, at(3, 7, 10)), (4, at(3, 7, 11)), (5, at(3, 10))], due=at(3, 25))
    # finished in April: in progress at the end of March
    with_history(proc, [(1, at(3, 8)), (2, at(3, 8, 10)), (4, at(3, 8, 11)), (9, at(4, 2))], due=at(3, 30))
    total = _march(proc)
    assert (total.in_progress_within, total.in_progress_past, total.resolved) == (2, 2, 0)


def test_withdrawn_stopped_and_refused(proc):
    with_history(proc, [(1, at(3, 2)), (2, at(3, 2, 10)), (4, at(3, 2, 11)), (7, at(3, 9))], due=at(3, 20))
    with_history(proc, [(1, at(3, 3)), (2, at(3, 3, 10)), (4, at(3, 3, 11)), (8, at(3, 9))], due=at(3, 20))
    with_history(proc, [(1, at(3, 4)), (3, at(3, 4, 10))])
    with_history(proc, [(1, at(2, 4)), (3, at(2, 4, 10))])  # refused in February
    with_history(proc, [(1, at(3, 5)), (7, at(3, 5, 10))])  # withdrawn before acceptance: never received
    total = _march(proc)
    assert (total.withdrawn, total.stopped, total.refused, total.received) == (1, 1, 1, 2)


def test_service_index_measurements(proc):
    paid = _resolved(proc, at(3, 10), at(3, 20, 15), rating=5)
    paid.fee_vnd = 50000
    paid.save(update_fields=["fee_vnd"])
    PaymentTransaction.objects.create(
        dossier=paid, provider="sandbox", txn_ref="T1", amount_vnd=50000, state="paid", paid_at=at(3, 2, 10)
    )
    at_counter = with_history(
        proc, [(1, at(3, 3)), (2, at(3, 3, 10)), (9, at(3, 12))], channel=Channel.IN_PERSON, due=at(3, 20), rating=2
    )
    at_counter.fee_vnd = 20000
    at_counter.save(update_fields=["fee_vnd"])
    total = _march(proc)
    assert (total.online_rate, total.online_payment_rate) == (50.0, 50.0)
    assert (total.rated, total.rating_average, total.satisfaction_rate) == (2, 3.5, 50.0)
    assert total.on_time_rate == 100.0


def test_every_category_reconciles_with_the_recount(proc):
    test_carried_over_and_in_progress(proc)
    test_withdrawn_stopped_and_refused(proc)
    test_late_even_after_an_apology_letter(proc)
    total = _march(proc)
    assert as_counter(total) == recount(proc.dossiers.all(), MARCH.start, MARCH.end, READ_AT)


# --- periods and bad input -------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "label", "message"),
    [
        ({"ky": "garbage"}, "Tháng 12/2026", "Kỳ báo cáo không hợp lệ"),
        ({"ky": "nam", "nam": "99999"}, "Năm 2026", "Năm không hợp lệ"),
        ({"ky": "nam", "nam": "-1"}, "Năm 2026", "Năm không hợp lệ"),
        ({"ky": "thang", "thang": "13"}, "Tháng 12/2026", "Tháng phải từ 1 đến 12"),
        ({"ky": "quy", "nam": "2025", "quy": "0"}, "Quý 4/2025", "Quý phải từ 1 đến 4"),
        (
            {"ky": "tuy-chon", "tu": "2026-03-31", "den": "2026-03-01"},
            "Tháng 12/2026",
            "Ngày bắt đầu sau ngày kết thúc",
        ),
        ({"ky": "tuy-chon", "tu": "31/02/2026", "den": "x"}, "Tháng 12/2026", "không hợp lệ"),
        ({"ky": "tuy-chon", "tu": "2020-01-01", "den": "2026-01-01"}, "Tháng 12/2026", "tối đa là 3 năm"),
        ({"ky": "tuy-chon", "tu": "01/03/2026", "den": "2026-03-31"}, "Từ 01/03/2026 đến 31/03/2026", None),
        ({"ky": "quy", "nam": "2026", "quy": "1"}, "Quý 1/2026", None),
        ({"ky": "thang", "nam": "2025", "thang": "2"}, "Tháng 02/2025", None),
    ],
)
def test_period_from_query(query, label, message):
    period, messages = period_from_query(query, today=dt.date(2026, 12, 1))
    assert period.label == label
    if message is None:
        assert messages == []
    else:
        assert any(message in m for m in messages), messages


HOSTILE = [
    "ky=garbage",
    "ky=nam&nam=99999",
    "ky=tuy-chon&tu=2026-03-31&den=2026-03-01",
    "ky=tuy-chon&tu=%3Cscript%3Ealert(1)%3C/script%3E&den=",
    "ky=thang&thang=" + "9" * 5000,
    "ky=quy&quy=%00&nam=%E2%80%AE",
    "co-quan=999999999999999999999",
    "co-quan=abc",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_public_board_never_fails(client, query):
    response = client.get(f"/thong-ke/?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    assert client.get(f"/thong-ke/xuat.xlsx?{query}").status_code == 200


@pytest.mark.parametrize("query", HOSTILE)
def test_leader_board_never_fails(client, stp, query):
    login(client, make_officer("lanhdao", stp, role="leader"))
    assert client.get(f"/can-bo/thong-ke/?{query}").status_code == 200
    assert client.get(f"/can-bo/thong-ke/xuat.xlsx?{query}").status_code == 200


def test_messages_are_shown_in_vietnamese(client):
    body = client.get("/thong-ke/?ky=tuy-chon&tu=2026-03-31&den=2026-03-01").content.decode()
    assert "Ngày bắt đầu sau ngày kết thúc; hiển thị số liệu tháng này." in body
    body = client.get("/thong-ke/?ky=nam&nam=99999").content.decode()
    assert "Năm không hợp lệ" in body


def test_agency_not_yours_falls_back_to_yours(client, stp, sxd, proc):
    other = make_procedure(sxd, title="Cấp giấy phép xây dựng")
    with_history(other, [(1, at(3, 2)), (2, at(3, 2, 10))], due=at(3, 20))
    with_history(proc, [(1, at(3, 2)), (2, at(3, 2, 10))], due=at(3, 20))
    login(client, make_officer("lanhdao", stp, role="leader"))
    response = client.get(f"/can-bo/thong-ke/?ky=thang&nam=2026&thang=3&co-quan={sxd.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "không thuộc phạm vi quản lý của bạn" in body
    assert "Cấp giấy phép xây dựng" not in body and "Sở Xây dựng" not in body.split("<main", 1)[-1]
    assert response.context["total"].received == 1
    mine = client.get(f"/can-bo/thong-ke/?ky=thang&nam=2026&thang=3&co-quan={stp.pk}")
    assert mine.context["chosen_agency"] == stp and mine.context["total"].received == 1


def test_an_officer_who_is_not_a_leader_is_refused(client, stp):
    login(client, make_officer("canbo-thuong", stp))
    assert client.get("/can-bo/thong-ke/").status_code == 403
    assert client.get("/can-bo/thong-ke/xuat.xlsx").status_code == 403
    other = make_agency("sct", "Sở Công Thương")
    assert other.pk
