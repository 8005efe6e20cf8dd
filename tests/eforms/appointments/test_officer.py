"""/can-bo/lich-hen/: the day's appointments of the officer's agency only,
with their status; the leader's board counts them per agency."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eforms.appointments.constants import AppointmentStatus
from eforms.appointments.models import SlotSchedule
from eforms.lobby.models import Counter
from tests.eforms.factories import AgencyPageFactory, OfficerFactory, ProcedurePageFactory, login

from .conftest import appointment_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_agency_appointment(home_page):
    agency = AgencyPageFactory(title="Sở Xây dựng")
    counter = Counter.objects.create(agency=agency, number=7)
    SlotSchedule.objects.create(counter=counter)
    procedure = ProcedurePageFactory(title="Cấp giấy phép xây dựng", agency=agency)
    return appointment_at(
        procedure, counter, timezone.now() + timedelta(minutes=5), code="XYXYXYXY", name="Lê Văn Khác"
    )


@pytest.fixture
def today_rows(procedure, counter):
    now = timezone.now()
    return [
        appointment_at(procedure, counter, now + timedelta(minutes=5), code="AAAA3333", name="Người Sắp Đến"),
        appointment_at(
            procedure, counter, now - timedelta(hours=1), code="AAAA4444", name="Người Không Đến", phone="0911111111"
        ),
        appointment_at(
            procedure,
            counter,
            now - timedelta(minutes=5),
            code="AAAA6666",
            name="Người Đã Đến",
            phone="0922222222",
            status=AppointmentStatus.CHECKED_IN,
        ),
        appointment_at(
            procedure,
            counter,
            now + timedelta(minutes=5),
            code="AAAA7777",
            name="Người Đã Hủy",
            phone="0933333333",
            status=AppointmentStatus.CANCELLED,
            place=2,
        ),
    ]


def test_officer_sees_only_their_agency(client, agency, today_rows, other_agency_appointment):
    officer = OfficerFactory(agency=agency)
    page = login(client, officer).get("/can-bo/lich-hen/").content.decode()
    assert "Người Sắp Đến" in page and "Đăng ký khai sinh" in page
    assert "Lê Văn Khác" not in page and "XYXYXYXY" not in page
    assert "Không đến" in page and "Đã đến (đã lấy số)" in page and "Đã hủy" in page
    assert 'href="/can-bo/lich-hen/"' in page  # in the workspace navigation


def test_another_day_and_a_bad_day(client, agency, today_rows):
    officer = OfficerFactory(agency=agency)
    login(client, officer)
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = client.get("/can-bo/lich-hen/", {"ngay": f"{tomorrow:%d/%m/%Y}"}).content.decode()
    assert "Không có lịch hẹn nào trong ngày này" in page
    bad = client.get("/can-bo/lich-hen/", {"ngay": "<script>"})
    assert bad.status_code == 200
    assert "Ngày không hợp lệ" in bad.content.decode()
    assert "Người Sắp Đến" in bad.content.decode()


def test_not_an_officer(client, today_rows):
    assert client.get("/can-bo/lich-hen/").status_code == 302  # to sign-in
    citizen = OfficerFactory()  # staff without a membership
    response = login(client, citizen).get("/can-bo/lich-hen/")
    assert response.status_code == 403
    assert "Người Sắp Đến" not in response.content.decode()


def test_leader_statistics_count_appointments(client, agency, today_rows, other_agency_appointment):
    leader = OfficerFactory(agency=agency, role="leader")
    page = login(client, leader).get("/can-bo/thong-ke/").content.decode()
    assert "Lịch hẹn" in page
    section = page.split('id="stats-appointments-h"')[1].split("</section>")[0]
    assert "Sở Tư pháp" in section and "Sở Xây dựng" not in section
    cells = section.split("<tfoot>")[1]
    # booked 3 (all but the cancelled), checked in 1, no-show 1, upcoming 1, cancelled 1
    assert [c.split("<")[0] for c in cells.split("<td>")[1:]] == ["3", "1", "1", "1", "1"]


def test_administrator_edits_the_slot_rules_in_the_admin(client, schedule):
    admin = OfficerFactory(username="quantri-lh", is_superuser=True)
    login(client, admin)
    listing = client.get("/admin/snippets/appointments/slotschedule/")
    assert listing.status_code == 200
    assert "Quầy 5" in listing.content.decode()
    edit = client.get(f"/admin/snippets/appointments/slotschedule/edit/{schedule.pk}/")
    assert edit.status_code == 200
    assert "Số lượt hẹn mỗi khung giờ" in edit.content.decode()
