"""Check-in at the kiosk (/kiosk/lich-hen/): within the window a priority
ticket of the lobby (source "appointment") at the appointment's counter;
the same ticket on a second check-in; too early, too late, cancelled,
unknown and hostile codes refused with their message, nothing issued."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eforms.appointments.constants import AppointmentStatus
from eforms.lobby.constants import TicketSource
from eforms.lobby.models import Ticket

from .conftest import appointment_at

pytestmark = pytest.mark.django_db


def _check_in(client, code, lang=None):
    return client.post("/kiosk/lich-hen/" + (f"?lang={lang}" if lang else ""), {"ma": code})


def test_the_kiosk_page_is_large_and_has_no_way_out(client):
    page = client.get("/kiosk/lich-hen/").content.decode()
    assert "Xác nhận lịch hẹn" in page
    assert 'name="ma"' in page and "autofocus" in page
    hrefs = [part.split('"')[0] for part in page.split('href="')[1:]]
    assert all(h.startswith(("/kiosk/", "/static/", "?lang=")) for h in hrefs), hrefs


def test_check_in_issues_a_priority_ticket(client, procedure, counter):
    appointment = appointment_at(procedure, counter, timezone.now() + timedelta(minutes=20))
    response = _check_in(client, appointment.code.lower())
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.priority and ticket.source == TicketSource.APPOINTMENT
    assert ticket.counter == counter
    assert response["Location"] == f"/kiosk/so-thu-tu/{ticket.uuid}/"
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CHECKED_IN and appointment.ticket == ticket
    # a second check-in shows the same ticket
    again = _check_in(client, appointment.code)
    assert again["Location"] == response["Location"]
    assert Ticket.objects.count() == 1


def test_a_scanned_link_works_like_the_code(client, procedure, counter):
    appointment = appointment_at(procedure, counter, timezone.now() - timedelta(minutes=10))
    response = _check_in(client, f"http://127.0.0.1:8000/dat-lich-hen/{appointment.code}/?k=SECRET")
    assert response.status_code == 302
    assert Ticket.objects.count() == 1


def test_too_early(client, procedure, counter):
    appointment = appointment_at(procedure, counter, timezone.now() + timedelta(hours=2))
    response = _check_in(client, appointment.code)
    assert response.status_code == 409
    opens = timezone.localtime(appointment.starts_at - timedelta(minutes=30))
    assert f"Ông/Bà có thể xác nhận từ {opens:%H:%M}" in response.content.decode()
    assert not Ticket.objects.exists()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_too_late(client, procedure, counter):
    appointment = appointment_at(procedure, counter, timezone.now() - timedelta(minutes=20))
    response = _check_in(client, appointment.code)
    assert response.status_code == 409
    assert "đã quá thời gian xác nhận" in response.content.decode()
    assert not Ticket.objects.exists()


def test_cancelled(client, procedure, counter):
    appointment = appointment_at(
        procedure, counter, timezone.now(), status=AppointmentStatus.CANCELLED, cancelled_at=timezone.now()
    )
    response = _check_in(client, appointment.code)
    assert response.status_code == 409
    assert "đã được hủy" in response.content.decode()
    assert not Ticket.objects.exists()


def test_inactive_counter(client, procedure, counter):
    appointment = appointment_at(procedure, counter, timezone.now())
    counter.active = False
    counter.save()
    response = _check_in(client, appointment.code)
    assert response.status_code == 409
    assert "không tiếp nhận" in response.content.decode()
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("code", ["", "AAAAAAAA", "<script>alert(1)</script>", "\x00" * 20, "Đ" * 8, "x" * 5000])
def test_unknown_or_hostile_codes(client, code):
    response = _check_in(client, code)
    assert response.status_code in (400, 404)
    page = response.content.decode()
    assert "mã" in page
    assert "<script>alert(1)</script>" not in page
    assert not Ticket.objects.exists()


def test_english(client):
    response = _check_in(client, "AAAAAAAA", lang="en")
    assert "No appointment was found" in response.content.decode()


def test_failures_are_rate_limited_not_successes(client, procedure, counter, settings):
    settings.RATE_LIMITS = {"appointment_checkin": (3, 600)}
    appointment = appointment_at(procedure, counter, timezone.now())
    for _ in range(2):
        assert _check_in(client, appointment.code).status_code == 302  # successes do not count
    for _ in range(3):
        _check_in(client, "AAAAAAAA")
    assert _check_in(client, appointment.code).status_code == 429


def test_a_large_body(client):
    assert client.post("/kiosk/lich-hen/", {"ma": "A" * 1_000_000}).status_code == 413
