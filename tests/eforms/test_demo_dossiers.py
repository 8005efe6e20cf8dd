"""``load_demo_dossiers`` on a tiny catalogue: once only, well-formed codes,
real histories, visible to the agency's officer, counted on ``/thong-ke/``."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from eforms.demo.dossiers import demo_dossiers, quotas
from eforms.dossiers.constants import CLOCK_PAUSED_STATUSES, Channel
from eforms.dossiers.constants import DossierStatus as S

from .factories import agency_page, procedure_page
from .workspace.conftest import login, make_officer

pytestmark = pytest.mark.django_db

COUNT = 40
CODE_RE = re.compile(r"^(?P<unit>\d{3}\.\d{2}\.\d{2}\.H\d{2})-(?P<day>\d{6})-(?P<n>\d{4})$")


@pytest.fixture
def catalogue(home_page):
    """Two agencies with three online procedures, one information-only
    procedure (never used), and an officer of the first agency."""
    stp = agency_page(home_page, title="Sở Tư pháp", code="stp", receiving_unit_code="000.00.05.H41")
    ubnd = agency_page(
        home_page, title="UBND phường Xuân Hương - Đà Lạt", code="ubnd-xuan-huong", receiving_unit_code="000.21.31.H41"
    )
    procedures = [
        procedure_page(
            home_page,
            agency=stp,
            title="Cấp Phiếu lý lịch tư pháp",
            processing_days=Decimal("10"),
            online_level="full",
            fee_vnd=200000,
        ),
        procedure_page(home_page, agency=stp, title="Chứng thực bản sao từ bản chính", processing_days=None),
        procedure_page(home_page, agency=ubnd, title="Đăng ký khai sinh", processing_days=Decimal("3")),
    ]
    procedure_page(home_page, agency=ubnd, title="Tra cứu thông tin", online_level="information")
    officer = make_officer("canbo-stp", stp)
    return {"stp": stp, "ubnd": ubnd, "procedures": procedures, "officer": officer}


def _load(**options):
    out = StringIO()
    call_command("load_demo_dossiers", count=COUNT, seed=7, stdout=out, **options)
    return out.getvalue()


def test_runs_once(catalogue):
    first = _load()
    assert f"Đã tạo {COUNT} hồ sơ mẫu" in first
    assert "tỷ lệ đúng hạn" in first and "canbo-stp" in first
    assert demo_dossiers().count() == COUNT
    second = _load()
    assert f"Đã có {COUNT} hồ sơ mẫu; không tạo thêm." in second
    assert demo_dossiers().count() == COUNT


def test_nothing_without_online_procedures(home_page):
    assert "Chưa có thủ tục trực tuyến" in _load()
    assert demo_dossiers().count() == 0


def test_codes_statuses_and_histories(catalogue):
    _load()
    dossiers = list(demo_dossiers().select_related("agency", "procedure"))
    online_ids = {p.pk for p in catalogue["procedures"]}
    codes = [d.code for d in dossiers]
    assert len(set(codes)) == len(codes)
    statuses = {d.status for d in dossiers}
    assert {S.NEW, S.PROCESSING, S.RETURNED, S.NOT_ACCEPTED, S.WITHDRAWN, S.SUPPLEMENT_REQUESTED} <= statuses
    today = timezone.localdate()
    assert sum(1 for d in dossiers if d.status == S.NEW and timezone.localtime(d.received_at).date() == today) >= 2
    for d in dossiers:
        assert d.procedure_id in online_ids
        match = CODE_RE.match(d.code)
        assert match, d.code
        assert match["unit"] == d.agency.receiving_unit_code
        assert match["day"] == timezone.localtime(d.received_at).strftime("%y%m%d")
        assert re.fullmatch(r"0\d{11}", d.applicant_id_number) and re.fullmatch(r"0\d{9}", d.applicant_phone)
        assert d.applicant_email.endswith("@example.vn") and "Lâm Đồng" in d.applicant_address
        assert d.received_at <= timezone.now()
        # The clock runs from acceptance: a dossier still waiting (status 1) has
        # no due date; an accepted one is due after its acceptance (same-day
        # procedures included).
        if d.accepted_at is None:
            assert d.due_at is None, d.code
        elif d.due_at is not None:
            assert d.due_at > d.accepted_at >= d.received_at, d.code
        history = list(d.history.all())
        assert history[0].from_status is None and history[0].to_status == S.NEW
        assert history[-1].to_status == d.status
        assert all(a.created_at <= b.created_at for a, b in zip(history, history[1:], strict=False))
        assert all(b.from_status == a.to_status for a, b in zip(history, history[1:], strict=False))
        assert all(h.actor_label for h in history)
        if d.channel != Channel.ONLINE:
            assert history[1].to_status == S.ACCEPTED
        if d.status in (S.COMPLETED, S.RETURNED):
            assert d.completed_at is not None
            assert d.completed_at == next(h.created_at for h in history if h.to_status == S.COMPLETED)
        if d.status == S.RETURNED:
            assert d.returned_at is not None and d.returned_at >= d.completed_at
        assert (d.clock_paused_at is not None) == (d.status in CLOCK_PAUSED_STATUSES)
        assert set(d.handoffs.values_list("state", flat=True)) == {"delivered"}


def test_quotas_look_like_a_real_center():
    q = quotas(240)
    assert sum(q.values()) == 240
    assert q["done"] > 150 and 2 <= q["overdue"] <= 3 and q["withdrawn"] == 1 and q["refused"] == 2
    assert q["late"] / (q["done"] + q["late"]) < 0.03
    assert sum(quotas(5).values()) == 5


def test_officer_sees_the_agency_dossiers(client, catalogue):
    _load()
    stp = catalogue["stp"]
    theirs = demo_dossiers().filter(agency=stp)
    assert theirs.exists()
    login(client, catalogue["officer"])
    response = client.get("/can-bo/", {"sort": "-nhan", "scope": "tat-ca"})
    assert response.status_code == 200
    assert response.context["total"] == theirs.count()
    to_handle = client.get("/can-bo/").context["total"]
    assert 0 < to_handle < theirs.count()  # by default only what is still to do
    page = response.content.decode()
    newest = theirs.order_by("-received_at").first()
    assert newest.code in page
    other = demo_dossiers().exclude(agency=stp).order_by("-received_at").first()
    assert other is None or other.code not in page


def test_public_board_shows_figures(client, catalogue):
    _load()
    response = client.get("/thong-ke/")
    assert response.status_code == 200
    total = response.context["total"]
    # carried over + received in the period: on the 1st of a month nothing may
    # have been accepted yet this month
    assert total.to_handle > 0
    assert total.processing > 0
    assert "Sở Tư pháp" in response.content.decode()
