"""Bad input at /dat-lich-hen/: the past, a holiday, a full slot, outside
office hours, a forged slot id, hostile text, a wrong secret, a 1 MB body,
the rate limit. Each gets its message (English with ?lang=en), nothing is
booked or changed, never a 500."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eforms.appointments.constants import AppointmentStatus
from eforms.appointments.models import Appointment, SlotSchedule
from eforms.dossiers.models import CalendarException
from eforms.lobby.models import Counter
from tests.eforms.factories import AgencyPageFactory

from .conftest import at, booking, next_closed_day, slot_id

pytestmark = pytest.mark.django_db


def _post(client, data, lang=None):
    url = "/dat-lich-hen/dat/" + (f"?lang={lang}" if lang else "")
    return client.post(url, data)


def test_a_slot_in_the_past(client, procedure, schedule):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = _post(client, booking(procedure, schedule.counter, at(yesterday, 9)))
    assert response.status_code == 400
    assert "đã qua" in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_holiday_set_by_the_editors(client, procedure, schedule, day):
    CalendarException.objects.create(date=day, kind="day_off", note="Nghỉ bù")
    response = _post(client, booking(procedure, schedule.counter, at(day, 9)))
    assert response.status_code == 400
    assert "ngày nghỉ" in response.content.decode()
    assert not Appointment.objects.exists()
    page = client.get("/dat-lich-hen/", {"thu-tuc": procedure.code, "ngay": f"{day:%Y-%m-%d}"}).content.decode()
    assert 'name="slot"' not in page


def test_a_weekend_or_public_holiday(client, procedure, schedule):
    closed = next_closed_day()
    response = _post(client, booking(procedure, schedule.counter, at(closed, 9)))
    assert response.status_code == 400
    assert "ngày nghỉ" in response.content.decode()
    assert not Appointment.objects.exists()


def test_outside_office_hours(client, procedure, schedule, day):
    for hour, minute in ((12, 0), (18, 0), (6, 30), (9, 10)):
        response = _post(client, booking(procedure, schedule.counter, at(day, hour, minute)))
        assert response.status_code == 400, (hour, minute)
        assert "ngoài giờ làm việc" in response.content.decode()
    assert not Appointment.objects.exists()


def test_beyond_the_horizon(client, procedure, schedule, day):
    far = day + timedelta(days=60)
    response = _post(client, booking(procedure, schedule.counter, at(far, 9)))
    assert response.status_code == 400
    assert "30 ngày tới" in response.content.decode()


def test_a_full_slot(client, procedure, schedule, day):
    for phone in ("0912345678", "0912345679"):
        assert _post(client, booking(procedure, schedule.counter, at(day, 8), phone=phone)).status_code == 302
    response = _post(client, booking(procedure, schedule.counter, at(day, 8), phone="0912345670"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "vừa hết chỗ" in page
    assert 'value="0912345670"' in page  # what was typed is kept
    assert Appointment.objects.count() == 2


def test_the_same_phone_twice_in_one_slot(client, procedure, schedule, day):
    assert _post(client, booking(procedure, schedule.counter, at(day, 8))).status_code == 302
    response = _post(client, booking(procedure, schedule.counter, at(day, 8), phone="+84 912 345 678"))
    assert response.status_code == 409
    assert "đã có lịch hẹn trong cùng khung giờ" in response.content.decode()
    assert Appointment.objects.count() == 1


@pytest.mark.parametrize(
    "slot",
    ["", "abc", "999999-202601010900", "1-2026130109000", "1-209913010900", "1-20260101 0900", "1\x00-1", "x" * 500],
)
def test_a_forged_slot_id(client, procedure, schedule, day, slot):
    data = booking(procedure, schedule.counter, at(day, 9), slot=slot)
    response = _post(client, data)
    assert response.status_code == 400
    assert not Appointment.objects.exists()


def test_a_slot_of_another_agencys_counter(client, procedure, schedule, day):
    other = Counter.objects.create(agency=AgencyPageFactory(), number=9)
    SlotSchedule.objects.create(counter=other)
    response = _post(client, booking(procedure, schedule.counter, at(day, 9), slot=slot_id(other, at(day, 9))))
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "<script>alert(1)</script>", "Không dùng thẻ HTML"),
        ("name", "", "Vui lòng nhập họ và tên"),
        ("name", "A" * 121, "tối đa 120 ký tự"),
        ("phone", "", "Vui lòng nhập số điện thoại"),
        ("phone", "0212345678", "Đầu số di động không hợp lệ"),
        ("phone", "<b>0912</b>", "10 chữ số"),
        ("email", "khong-phai-email", "không hợp lệ"),
        ("email", "a@b.vn\x00<script>", "không hợp lệ"),
    ],
)
def test_hostile_or_missing_fields(client, procedure, schedule, day, field, value, message):
    response = _post(client, booking(procedure, schedule.counter, at(day, 9), **{field: value}))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "<script>alert(1)</script>" not in page  # escaped when kept in the field
    assert not Appointment.objects.exists()


def test_nul_bytes_are_dropped_from_the_name(client, procedure, schedule, day):
    response = _post(client, booking(procedure, schedule.counter, at(day, 9), name="Nguyễn\x00 Văn\x00 An"))
    assert response.status_code == 302
    assert Appointment.objects.get().name == "Nguyễn Văn An"


def test_an_html_name_is_escaped_on_the_officer_side_too(client, procedure, schedule, day):
    response = _post(client, booking(procedure, schedule.counter, at(day, 9), name='O\'Brien & "Lê"'))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "O&#x27;Brien &amp; &quot;Lê&quot;" in page


def test_a_one_megabyte_body(client, procedure, schedule, day):
    response = _post(client, booking(procedure, schedule.counter, at(day, 9), name="A" * 1_000_000))
    assert response.status_code == 413
    assert "quá lớn" in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_rate_limit(client, procedure, schedule, day, settings):
    settings.RATE_LIMITS = {"appointment_book": (2, 3600)}
    for _ in range(2):
        _post(client, booking(procedure, schedule.counter, at(day, 9), phone="bad"))
    response = _post(client, booking(procedure, schedule.counter, at(day, 9)))
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert not Appointment.objects.exists()


def test_unknown_procedure(client, schedule):
    response = client.get("/dat-lich-hen/", {"thu-tuc": "<script>", "q": "\x00" * 50})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_english_messages(client, procedure, schedule, day):
    CalendarException.objects.create(date=day, kind="day_off")
    response = _post(client, booking(procedure, schedule.counter, at(day, 9)), lang="en")
    assert response.status_code == 400
    assert "day off" in response.content.decode()


# --- the appointment's page -------------------------------------------------


@pytest.fixture
def booked(client, procedure, schedule, day):
    location = _post(client, booking(procedure, schedule.counter, at(day, 9)))["Location"]
    return Appointment.objects.get(), location.split("?")[0], location.split("k=")[1].split("&")[0]


def test_wrong_secret_changes_nothing(client, booked):
    appointment, path, _secret = booked
    for secret in ("WRONG", "Đ" * 12, "x" * 500, "<script>"):
        response = client.post(path, {"k": secret, "action": "huy"})
        assert response.status_code == 403
        assert "Không tìm thấy lịch hẹn" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED
    assert client.get(path, {"k": "WRONG"}).status_code == 403
    assert client.get(path).status_code == 200  # asks for the secret


def test_unknown_code(client, booked):
    assert client.get("/dat-lich-hen/AAAAAAAA/", {"k": "X"}).status_code == 403
    assert client.get("/dat-lich-hen/%3Cscript%3E/", {"k": "X"}).status_code == 403


def test_move_into_a_full_slot_or_the_past(client, procedure, schedule, day, booked):
    appointment, path, secret = booked
    for phone in ("0912345670", "0912345671"):
        _post(client, booking(procedure, schedule.counter, at(day, 15), phone=phone))
    response = client.post(path, {"k": secret, "action": "doi", "slot": slot_id(schedule.counter, at(day, 15))})
    assert response.status_code == 409
    assert "vừa hết chỗ" in response.content.decode()
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(path, {"k": secret, "action": "doi", "slot": slot_id(schedule.counter, at(yesterday, 9))})
    assert response.status_code == 400
    response = client.post(path, {"k": secret, "action": "doi", "slot": "1-<script>"})
    assert response.status_code == 400
    appointment.refresh_from_db()
    assert appointment.starts_at == at(day, 9) and appointment.moves == 0


def test_a_cancelled_appointment_cannot_be_moved(client, schedule, day, booked):
    _appointment, path, secret = booked
    client.post(path, {"k": secret, "action": "huy"})
    response = client.post(path, {"k": secret, "action": "doi", "slot": slot_id(schedule.counter, at(day, 14))})
    assert response.status_code == 409
    assert "không thể thay đổi" in response.content.decode()


def test_unknown_action_and_large_body(client, booked):
    _appointment, path, secret = booked
    assert client.post(path, {"k": secret, "action": "xoa"}).status_code == 400
    assert client.post(path, {"k": secret, "action": "huy", "x": "A" * 1_000_000}).status_code == 413
    assert Appointment.objects.get().status == AppointmentStatus.BOOKED


def test_manage_rate_limit(client, booked, settings):
    settings.RATE_LIMITS = {"appointment_manage": (3, 600)}
    _appointment, path, secret = booked
    for _ in range(3):
        client.get(path, {"k": "WRONG"})
    response = client.get(path, {"k": secret})
    assert response.status_code == 429
