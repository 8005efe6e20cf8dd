"""The kiosk: taking a ticket (unknown counter, flood, hostile input), the
ticket page, catalogue pages, look-up and rating in the kiosk frame, and no
link out of /kiosk/."""

import re

import pytest

from eforms.dossiers.constants import DossierStatus
from eforms.lobby.models import Counter, Ticket
from eforms.lobby.tickets import issue_ticket
from eforms.ratings.constants import CRITERIA
from portal import ratelimit
from tests.eforms.factories import DossierFactory, ProcedurePageFactory

pytestmark = pytest.mark.django_db

LINK_RE = re.compile(r'(?:href|action|src)="([^"]*)"')


def _links(html):
    return [link for link in LINK_RE.findall(html) if not link.startswith("/static/")]


def _assert_kiosk_only(response):
    for link in _links(response.content.decode()):
        assert link.startswith(("/kiosk/", "?lang=", "?giay=")), link


def test_take_a_ticket_at_a_counter(client, counter):
    page = client.get("/kiosk/lay-so/")
    assert page.status_code == 200
    assert "Quầy 5" in page.content.decode()
    response = client.post("/kiosk/lay-so/", {"hang": f"quay:{counter.uuid}"})
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert response["Location"] == f"/kiosk/so-thu-tu/{ticket.uuid}/?in=1"
    slip = client.get(response["Location"])
    body = slip.content.decode()
    assert slip.status_code == 200
    assert 'id="ticket-number">1</p>' in body
    assert "Sở Tư pháp" in body and "5 — Hộ tịch" in body
    assert "data-auto-print" in body
    assert "được gọi ngay" in body
    _assert_kiosk_only(slip)


def test_the_ticket_shows_the_estimated_wait(client, counter, settings):
    settings.LOBBY_DEFAULT_SERVICE_MINUTES = 7
    issue_ticket(counter)
    issue_ticket(counter)
    client.post("/kiosk/lay-so/", {"hang": f"quay:{counter.uuid}"})
    ticket = Ticket.objects.get(number=3)
    assert ticket.estimated_wait_minutes == 14
    body = client.get(f"/kiosk/so-thu-tu/{ticket.uuid}/").content.decode()
    assert "khoảng 14 phút" in body
    assert "Số người chờ trước" in body


def test_a_field_queue_is_offered_when_counters_serve_fields(client, counter, field, agency):
    counter.fields.add(field)
    body = client.get("/kiosk/lay-so/").content.decode()
    value = f"linh-vuc:{agency.pk}:{field.pk}"
    assert value in body
    assert client.post("/kiosk/lay-so/", {"hang": value}).status_code == 302
    assert Ticket.objects.get().field == field


@pytest.mark.parametrize(
    "value",
    [
        "",
        "quay:00000000-0000-0000-0000-000000000000",
        "quay:not-a-uuid",
        "linh-vuc:1:99999",
        "linh-vuc:abc:def",
        "co-quan:99999999999999999999999",
        "<script>alert('x')</script>",
        "quay:\x00",
        "x" * 100_000,
    ],
)
def test_an_unknown_or_hostile_queue_gives_no_ticket(client, counter, value):
    response = client.post("/kiosk/lay-so/", {"hang": value})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Quầy hoặc lĩnh vực đã chọn không có hoặc đang tạm ngừng tiếp nhận." in body
    assert "<script>alert('x')</script>" not in body
    assert not Ticket.objects.exists()


def test_a_closed_counter_gives_no_ticket(client, agency):
    closed = Counter.objects.create(agency=agency, number=2, active=False)
    response = client.post("/kiosk/lay-so/", {"hang": f"quay:{closed.uuid}"})
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_the_unknown_queue_message_in_english(client, counter):
    response = client.post("/kiosk/lay-so/?lang=en", {"hang": "quay:nothing"})
    assert response.status_code == 400
    assert "The counter or field you chose does not exist or is not receiving now." in response.content.decode()


def test_a_ticket_flood_from_one_address_is_rate_limited(client, counter, settings):
    settings.RATE_LIMITS = {"ticket": (20, 3600)}
    statuses = [client.post("/kiosk/lay-so/", {"hang": f"quay:{counter.uuid}"}).status_code for _ in range(60)]
    assert statuses.count(302) == 20
    assert statuses[20:] == [429] * 40
    assert Ticket.objects.count() == 20
    refused = client.post("/kiosk/lay-so/", {"hang": f"quay:{counter.uuid}"})
    assert "Đã có quá nhiều số thứ tự được lấy từ máy này trong thời gian ngắn." in refused.content.decode()
    # another address is not affected
    other = client.post("/kiosk/lay-so/", {"hang": f"quay:{counter.uuid}"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_after_ten_thousand_requests_from_one_address_the_kiosk_still_refuses(client, counter, rf):
    """The issue's measure: 10,000 requests counted for one address (through
    the limiter, which the view calls first; the whole flood through the view
    takes minutes here), then the view itself refuses and writes nothing."""
    request = rf.post("/kiosk/lay-so/", REMOTE_ADDR="127.0.0.1")
    refused = [ratelimit.hit(request, "ticket") for _ in range(10_000)]
    assert refused.count(False) == 300 and refused.count(True) == 9_700  # the default: 300 an hour
    response = client.post("/kiosk/lay-so/", {"hang": f"quay:{counter.uuid}"}, REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 429
    assert "Đã có quá nhiều số thứ tự được lấy từ máy này trong thời gian ngắn." in response.content.decode()
    assert not Ticket.objects.exists()


def test_an_unknown_ticket_is_404(client):
    assert client.get("/kiosk/so-thu-tu/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_the_start_screen_stays_in_the_kiosk_and_carries_the_idle_time(client, settings):
    settings.KIOSK_IDLE_SECONDS = 45
    response = client.get("/kiosk/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-kiosk-idle="45"' in body
    assert "Lấy số thứ tự" in body and "Tra cứu hồ sơ" in body
    # a citizen with an appointment checks in from the start screen
    assert 'href="/kiosk/lich-hen/"' in body and "Đã đặt lịch hẹn" in body
    assert 'class="site-header"' not in body
    _assert_kiosk_only(response)


def test_search_procedure_sheet_and_checklists(client, agency):
    procedure = ProcedurePageFactory(
        title="Đăng ký khai sinh",
        agency=agency,
        processing_days=3,
        components=[("Tờ khai đăng ký khai sinh", 1, 0, True), ("Giấy chứng sinh", 1, 1, True)],
        fee_vnd=8000,
    )
    found = client.get("/kiosk/tim-kiem/?q=dang+ky+khai+sinh")
    assert found.status_code == 200
    assert f'href="/kiosk/thu-tuc/{procedure.code}/"' in found.content.decode()
    _assert_kiosk_only(found)
    sheet = client.get(f"/kiosk/thu-tuc/{procedure.code}/")
    body = sheet.content.decode()
    assert "Tờ khai đăng ký khai sinh" in body and "3 ngày làm việc" in body and "8.000 đ" in body
    _assert_kiosk_only(sheet)
    for paper in ("80mm", "a4"):
        printed = client.get(f"/kiosk/thu-tuc/{procedure.code}/in/?giay={paper}")
        assert printed.status_code == 200
        assert "Danh mục giấy tờ cần mang theo" in printed.content.decode()
        assert "Giấy chứng sinh" in printed.content.decode()
    assert "paper-a4.css" in client.get(f"/kiosk/thu-tuc/{procedure.code}/in/?giay=a4").content.decode()
    assert client.get(f"/kiosk/thu-tuc/{procedure.code}/in/?giay=<b>").status_code == 302


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", "a\x00b", "x" * 5000, ""])
def test_hostile_searches(client, query):
    response = client.get("/kiosk/tim-kiem/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_unknown_procedure_is_404(client, home_page):
    assert client.get("/kiosk/thu-tuc/9.999999/").status_code == 404


def test_look_up_a_dossier_without_keeping_it(client, agency):
    dossier = DossierFactory(procedure=ProcedurePageFactory(agency=agency), agency=agency, submitted=True)
    response = client.get("/kiosk/tra-cuu/", {"ma": dossier.code, "mtc": dossier.lookup_secret})
    body = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert dossier.code in body and "Mới đăng ký" in body
    assert dossier.applicant_name not in body  # no personal data on a lobby screen
    empty = client.get("/kiosk/tra-cuu/").content.decode()
    assert empty.count('autocomplete="off"') >= 3  # the form and both fields
    _assert_kiosk_only(response)


@pytest.mark.parametrize(
    "params",
    [
        {"ma": "000.00.04.H41-260101-0001", "mtc": "WRONG123"},
        {"ma": "<script>alert(1)</script>", "mtc": "\x00\x00"},
        {"ma": "x" * 100_000, "mtc": "y"},
        {"ma": ""},
    ],
)
def test_look_up_with_bad_codes(client, home_page, params):
    response = client.get("/kiosk/tra-cuu/", params)
    assert response.status_code in (400, 404)
    assert "no-store" in response["Cache-Control"]
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_rate_a_returned_dossier_in_the_kiosk_frame(client, agency):
    dossier = DossierFactory(procedure=ProcedurePageFactory(agency=agency), agency=agency, returned=True)
    assert dossier.status == DossierStatus.RETURNED
    look = client.get("/kiosk/tra-cuu/", {"ma": dossier.code, "mtc": dossier.lookup_secret})
    assert "Đánh giá mức độ hài lòng" in look.content.decode()
    form = client.get("/kiosk/danh-gia/", {"ma": dossier.code, "mtc": dossier.lookup_secret})
    assert form.status_code == 200
    _assert_kiosk_only(form)
    names = list(CRITERIA)
    assert all(f'name="{name}"' in form.content.decode() for name in names)
    data = {"ma": dossier.code, "mtc": dossier.lookup_secret, "comment": "<b>Tốt</b>\x00"}
    data.update(dict.fromkeys(names, "5"))
    sent = client.post("/kiosk/danh-gia/", data)
    assert sent.status_code == 302
    assert sent["Location"].startswith("/kiosk/danh-gia/?")
    assert "Cảm ơn Ông/Bà đã đánh giá." in client.get(sent["Location"]).content.decode()
    again = client.post("/kiosk/danh-gia/", data)
    assert again.status_code == 409
    assert "Hồ sơ này đã được đánh giá." in again.content.decode()


def test_rating_without_the_secret_is_refused(client, agency):
    dossier = DossierFactory(procedure=ProcedurePageFactory(agency=agency), agency=agency, returned=True)
    response = client.get("/kiosk/danh-gia/", {"ma": dossier.code, "mtc": "SAI"})
    assert response.status_code == 403
    assert "no-store" in response["Cache-Control"]
