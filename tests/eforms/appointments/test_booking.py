"""A citizen books a slot at /dat-lich-hen/: search without diacritics,
the agency, the day, the slot; the confirmation page, the SMS on the
outbox and the e-mail; cancel and move with the secret."""

import re
from datetime import timedelta

import pytest
from django.core import mail

from eforms.appointments.constants import AppointmentStatus
from eforms.appointments.models import Appointment
from eforms.notifications.models import NotificationLog

from .conftest import at, booking, slot_id

pytestmark = pytest.mark.django_db


def _book(client, procedure, counter, moment, **extra):
    with_callbacks = booking(procedure, counter, moment, **extra)
    return client.post("/dat-lich-hen/dat/", with_callbacks)


def test_search_finds_the_procedure_without_diacritics(client, procedure, schedule):
    response = client.get("/dat-lich-hen/", {"q": "dang ky khai sinh"})
    assert response.status_code == 200
    assert "Đăng ký khai sinh" in response.content.decode()
    by_code = client.get("/dat-lich-hen/", {"q": "1.001193"}).content.decode()
    assert "Đăng ký khai sinh" in by_code


def test_a_procedure_without_counters_is_not_offered(client, procedure):
    response = client.get("/dat-lich-hen/", {"q": "khai sinh"})
    assert "0 thủ tục nhận đặt lịch" in response.content.decode()


def test_days_and_slots_are_listed_in_office_hours(client, procedure, schedule, day):
    page = client.get("/dat-lich-hen/", {"thu-tuc": procedure.code, "ngay": f"{day:%Y-%m-%d}"}).content.decode()
    assert f"{day:%d/%m/%Y}" in page
    # 07:00–11:30 and 13:30–17:00 in 30 minutes: 9 + 7 slots, none at lunch
    assert f'value="{slot_id(schedule.counter, at(day, 7))}"' in page
    assert f'value="{slot_id(schedule.counter, at(day, 13, 30))}"' in page
    assert slot_id(schedule.counter, at(day, 12)) not in page
    assert page.count('name="slot"') == 16


def test_booking_sends_the_code_and_secret_and_shows_the_confirmation(
    client, procedure, schedule, day, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _book(client, procedure, schedule.counter, at(day, 9), email="hoa@example.vn")
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.status == AppointmentStatus.BOOKED
    assert appointment.phone == "0912345678"
    assert response["Location"].startswith(f"/dat-lich-hen/{appointment.code}/?k=")
    page = client.get(response["Location"]).content.decode()
    assert "Đặt lịch thành công" in page
    assert appointment.code in page
    assert f"09:00–09:30, {day:%d/%m/%Y}" in page
    assert "<svg" in page  # the QR code for the kiosk
    sms = NotificationLog.objects.get(key__startswith=f"appointment:{appointment.code}:booked", channel="sms")
    assert sms.recipient in ("0912345678", "84912345678")
    assert appointment.code in sms.body and "/dat-lich-hen/" in sms.body
    assert len(sms.body) <= 160
    email = NotificationLog.objects.get(key__startswith=f"appointment:{appointment.code}:booked", channel="email")
    assert email.state == "sent"  # on the outbox, delivered after commit
    assert [m.to for m in mail.outbox] == [["hoa@example.vn"]]
    assert appointment.code in mail.outbox[0].subject
    secret = re.search(r"\?k=(\w+)", response["Location"]).group(1)
    assert f"?k={secret}" in mail.outbox[0].body
    assert "Kính gửi Ông/Bà Nguyễn Thị Hoa" in mail.outbox[0].body


def test_full_slot_is_shown_as_full(client, procedure, schedule, day):
    for phone in ("0912345678", "0912345679"):
        assert _book(client, procedure, schedule.counter, at(day, 8), phone=phone).status_code == 302
    page = client.get("/dat-lich-hen/", {"thu-tuc": procedure.code, "ngay": f"{day:%Y-%m-%d}"}).content.decode()
    assert f'value="{slot_id(schedule.counter, at(day, 8))}"' not in page
    assert "Đã hết chỗ" in page


def test_cancel_with_the_secret_frees_the_place(client, procedure, schedule, day, django_capture_on_commit_callbacks):
    location = _book(client, procedure, schedule.counter, at(day, 10))["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(location.split("?")[0], {"k": location.split("k=")[1].split("&")[0], "action": "huy"})
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert "Lịch hẹn đã được hủy" in client.get(response["Location"]).content.decode()
    assert NotificationLog.objects.filter(
        key__startswith=f"appointment:{appointment.code}:cancelled", channel="sms"
    ).exists()
    # the place is free again: two more people fit in the slot
    for phone in ("0912345670", "0912345671"):
        assert _book(client, procedure, schedule.counter, at(day, 10), phone=phone).status_code == 302


def test_move_keeps_the_code_and_takes_the_new_slot(client, procedure, schedule, day):
    location = _book(client, procedure, schedule.counter, at(day, 10))["Location"]
    secret = location.split("k=")[1].split("&")[0]
    path = location.split("?")[0]
    page = client.get(path, {"k": secret, "ngay": f"{day + timedelta(days=0):%Y-%m-%d}"}).content.decode()
    assert "Đổi sang khung giờ đã chọn" in page
    response = client.post(path, {"k": secret, "action": "doi", "slot": slot_id(schedule.counter, at(day, 14))})
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.starts_at == at(day, 14)
    assert appointment.moves == 1
    assert "Lịch hẹn đã được đổi" in client.get(response["Location"]).content.decode()
    assert NotificationLog.objects.filter(key=f"appointment:{appointment.code}:moved:1").exists()


def test_english_page(client, procedure, schedule):
    page = client.get("/dat-lich-hen/", {"lang": "en"}).content.decode()
    assert "Book an appointment" in page
