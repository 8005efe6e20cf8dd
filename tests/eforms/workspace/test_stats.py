"""The statistics boards on demo-like data: dossiers built with
``DossierFactory`` and their history rows (a seeded random mix of channels and
fates over four months), and the demo loader's own dossiers. Every figure the
board shows reconciles with a recount from the history rows done here, one
dossier at a time; the public board shows no personal data; the exports are
real numbers and dates; the chart is accessible SVG."""

import datetime as dt
import io
import random

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

from eforms.dossiers.constants import Channel
from eforms.dossiers.models import Dossier
from eforms.payments.models import PaymentTransaction
from eforms.workspace.stats import build, public_figures
from eforms.workspace.stats.chart import bar_chart
from eforms.workspace.stats.periods import CUSTOM, Period, month_period, quarter_period, year_period

from ..test_demo_dossiers import _load, catalogue  # noqa: F401 — the demo loader's tiny catalogue
from .conftest import login, make_agency, make_officer, make_procedure
from .test_stats_categories import as_counter, at, balanced, recount, with_history

pytestmark = pytest.mark.django_db

READ_AT = at(4, 15)
FATES = ("new", "refused", "open", "paused", "early", "on_time", "late", "withdrawn", "stopped", "returned")


def _demo_like(procedures, count=90, seed=11):
    """``count`` dossiers accepted between December 2025 and March 2026 with
    random channels, due dates and fates, each with its history rows."""
    rng = random.Random(seed)
    made = []
    first = at(12, 1, year=2025)
    for n in range(count):
        procedure = procedures[n % len(procedures)]
        channel = rng.choice([Channel.ONLINE, Channel.ONLINE, Channel.IN_PERSON, Channel.POSTAL])
        submitted = first + dt.timedelta(minutes=rng.randint(0, 120 * 24 * 60))
        accepted = submitted + dt.timedelta(minutes=rng.randint(1, 600))
        due = accepted + dt.timedelta(hours=rng.choice([4, 20, 50, 120, 300]))
        fate = rng.choice(FATES)
        steps = [(1, submitted)]
        if fate == "refused":
            steps.append((3, accepted))
        elif fate != "new":
            steps += [(2, accepted), (4, accepted + dt.timedelta(minutes=5))]
            later = accepted + dt.timedelta(hours=rng.randint(1, 400))
            if fate == "paused":
                steps.append((5, later))
                if rng.random() < 0.5:
                    steps.append((4, later + dt.timedelta(hours=30)))
            elif fate in ("early", "on_time", "late", "returned"):
                finished = {
                    "early": due - dt.timedelta(hours=rng.randint(13, 90)),
                    "on_time": due - dt.timedelta(minutes=rng.randint(0, 200)),
                    "late": due + dt.timedelta(hours=rng.randint(1, 90)),
                    "returned": later,
                }[fate]
                steps.append((9, max(finished, accepted + dt.timedelta(minutes=10))))
                if rng.random() < 0.6:
                    steps.append((10, steps[-1][1] + dt.timedelta(hours=3)))
            elif fate == "withdrawn":
                steps.append((7, later))
            elif fate == "stopped":
                steps.append((8, later))
        fields = {"rating": rng.choice([None, None, 3, 4, 5])} if fate in ("early", "on_time", "late") else {}
        dossier = with_history(procedure, steps, channel=channel, due=due, **fields)
        if rng.random() < 0.3:
            Dossier.objects.filter(pk=dossier.pk).update(fee_vnd=50000)
            if rng.random() < 0.6:
                PaymentTransaction.objects.create(
                    dossier=dossier, provider="sandbox", txn_ref=f"T{n}", amount_vnd=50000, state="paid"
                )
        made.append(dossier)
    return made


@pytest.fixture
def demo_like(stp, sxd):
    procedures = [
        make_procedure(stp),
        make_procedure(stp, title="Cấp Phiếu lý lịch tư pháp"),
        make_procedure(sxd, title="Cấp giấy phép xây dựng"),
    ]
    return _demo_like(procedures)


PERIODS = [
    month_period(2026, 1),
    month_period(2026, 2),
    month_period(2026, 3),
    quarter_period(2026, 1),
    year_period(2026),
    Period(CUSTOM, dt.date(2026, 1, 15), dt.date(2026, 2, 20), 2026),
]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
def test_demo_like_data_reconciles_with_history(demo_like, stp, sxd, period):
    board = build(period, now=READ_AT)
    for dimension, (rows, total) in board.tables.items():
        assert as_counter(total) == recount(Dossier.objects.all(), period.start, period.end, READ_AT), dimension
        assert balanced(total) and all(balanced(row) for row in rows)
    rows = {row.key: row for row in board.tables["agency"][0]}
    for agency in (stp, sxd):
        mine = Dossier.objects.filter(agency=agency)
        assert as_counter(rows[agency.pk]) == recount(mine, period.start, period.end, READ_AT)
    total = board.total
    assert total.on_time_rate == (
        round(100 * (total.early + total.on_time) / total.resolved, 1) if total.resolved else None
    )
    # the months of a longer period each reconcile on their own
    for month in board.months:
        bounds = month_period(month.key.year, month.key.month)
        start, end = max(bounds.start, period.start), min(bounds.end, period.end)
        assert as_counter(month) == recount(Dossier.objects.all(), start, end, READ_AT)


def test_demo_like_data_has_every_category(demo_like):
    total = build(quarter_period(2026, 1), now=READ_AT).total
    for name in (
        "carried_over", "received_online", "received_counter", "received_postal", "early", "on_time", "late",
        "in_progress_within", "in_progress_past", "withdrawn", "stopped", "refused", "paid_online", "rated",
    ):  # fmt: skip
        assert getattr(total, name) > 0, name


def test_the_demo_loader_reconciles(catalogue):  # noqa: F811
    _load()
    now = timezone.now()
    today = timezone.localdate()
    previous = month_period(today.year if today.month > 1 else today.year - 1, today.month - 1 or 12)
    for period in (previous, year_period(today.year), month_period(today.year, today.month)):
        total = build(period, now=now).total
        assert as_counter(total) == recount(Dossier.objects.all(), period.start, period.end, now), period.label
        assert balanced(total)
    assert build(year_period(today.year), now=now).total.received > 0


def test_public_board_shows_all_categories_and_no_personal_data(client, demo_like):
    officer = make_officer("canbo-bi-mat", make_agency("stp", "Sở Tư pháp"))
    Dossier.objects.update(assigned_officer=officer)
    response = client.get("/thong-ke/?ky=quy&nam=2026&quy=1")
    assert response.status_code == 200
    body = response.content.decode()
    for heading in (
        "Tồn kỳ trước", "Trực tuyến", "Trực tiếp", "Bưu chính", "Trước hạn", "Đúng hạn", "Quá hạn",
        "Trong hạn", "Rút hồ sơ", "Dừng xử lý", "Từ chối tiếp nhận", "Tỷ lệ đúng hạn",
        "Tình hình giải quyết theo tháng", "Tình hình giải quyết theo lĩnh vực", "Quyết định 766/QĐ-TTg",
    ):  # fmt: skip
        assert heading in body, heading
    assert "Sở Tư pháp" in body and "Sở Xây dựng" in body and "Toàn tỉnh" in body
    for personal in ("Nguyễn Văn An", "079123456789", "0912345678", "an.nguyen@example.vn", "canbo-bi-mat"):
        assert personal not in body, personal
    assert "cán bộ xử lý" not in body.lower()
    assert response.context["total"].received == build(quarter_period(2026, 1)).total.received


def test_public_figures_are_cached_a_minute(demo_like, django_assert_num_queries):
    cache.clear()
    rows, total, _bounds = public_figures("nam")
    with django_assert_num_queries(0):
        assert public_figures("nam")[1].received == total.received


def test_leader_board_only_their_agencies(client, demo_like, stp, sxd):
    login(client, make_officer("lanhdao", stp, role="leader"))
    response = client.get("/can-bo/thong-ke/?ky=quy&nam=2026&quy=1")
    assert response.status_code == 200
    body = response.content.decode()
    for heading in ("Theo cơ quan", "Theo tháng", "Theo lĩnh vực", "Theo thủ tục", "Theo cán bộ xử lý"):
        assert heading in body
    assert "Hồ sơ đang quá hạn" in body and "Cấp Phiếu lý lịch tư pháp" in body
    assert "Cấp giấy phép xây dựng" not in body
    period = quarter_period(2026, 1)
    expected = recount(Dossier.objects.filter(agency=stp), period.start, period.end, timezone.now())
    assert as_counter(response.context["total"]) == expected
    assert [row.key for row in response.context["tables"]["agency"][0]] == [stp.pk]


def test_leader_export_is_real_numbers_and_dates(client, demo_like, stp):
    stp.title = '=HYPERLINK("http://x")'
    stp.save()
    Dossier.objects.filter(agency=stp).update(procedure_name="=cmd|' /C calc'!A0")
    login(client, make_officer("lanhdao", stp, role="leader"))
    response = client.get("/can-bo/thong-ke/xuat.xlsx?ky=quy&nam=2026&quy=1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Co quan", "Linh vuc", "Thu tuc", "Can bo", "Theo thang"]
    sheet = book["Co quan"]
    assert isinstance(sheet["B2"].value, dt.datetime) and sheet["B2"].value.date() == dt.date(2026, 1, 1)
    assert isinstance(sheet["D2"].value, dt.datetime) and sheet["D2"].value.date() == dt.date(2026, 3, 31)
    assert sheet["A5"].value == "Cơ quan, đơn vị" and sheet["B5"].value == "Tồn kỳ trước"
    assert sheet["A6"].value.startswith("'=")  # never a formula
    values = [cell.value for cell in sheet[6]][1:]
    assert all(isinstance(v, (int, float)) or v is None for v in values), values
    total = build(quarter_period(2026, 1), dossiers=Dossier.objects.filter(agency=stp)).total
    assert sheet["F6"].value == total.received and isinstance(sheet["F6"].value, int)
    assert sheet["P6"].number_format == "0.0%"
    assert sheet["P6"].value == pytest.approx((total.on_time_rate or 0) / 100)
    names = [c.value for c in book["Thu tuc"]["A"][5:] if c.value]
    assert names[-1] == "Tổng cộng" and all(name.startswith("'=") for name in names[:-1])


def test_public_export(client, demo_like):
    response = client.get("/thong-ke/xuat.xlsx?ky=thang&nam=2026&thang=3")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Co quan", "Linh vuc"]
    assert "canbo" not in str([c.value for row in book["Co quan"].iter_rows() for c in row])


def test_chart_is_accessible_svg(client, demo_like):
    body = client.get("/thong-ke/?ky=quy&nam=2026&quy=1").content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "aria-labelledby=" in svg and "<script" not in svg and "style=" not in svg
    assert "Bảng số liệu của biểu đồ" in body  # the text alternative table
    assert "trước hạn" in svg and "quá hạn" in svg
    assert "<svg" in client.get("/thong-ke/?ky=thang&nam=2026&thang=3").content.decode()


def test_chart_escapes_names():
    rows = build(month_period(2026, 3)).tables["agency"][0]
    assert "Chưa có hồ sơ" in bar_chart(rows, "<b>x</b>")
    assert "<b>" not in bar_chart(rows, "<b>x</b>")
