"""Issue 15's appointment in headless Chromium: on a 375 px phone a citizen
searches "dang ky khai sinh", picks a day and a slot, gives a name and a
phone and books; on the kiosk (1080×1920 portrait) the code is typed and a
priority ticket of the lobby is shown. The appointment's day cannot be
waited for in a test: before the kiosk step its slot is moved to start in
ten minutes by updating the row (what the clock would do)."""

import os
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bookable(home_page):
    from eforms.appointments.models import SlotSchedule
    from eforms.lobby.models import Counter
    from tests.eforms.factories import AgencyPageFactory, ProcedurePageFactory

    agency = AgencyPageFactory(title="UBND phường Xuân Hương - Đà Lạt", code="XH-LH")
    procedure = ProcedurePageFactory(title="Đăng ký khai sinh", code="1.001193", agency=agency)
    counter = Counter.objects.create(agency=agency, number=3, name="Hộ tịch")
    SlotSchedule.objects.create(counter=counter, slot_minutes=30, capacity=2)
    return procedure


def test_book_on_a_phone_then_check_in_at_the_kiosk(browser, live_server, bookable, screenshot_dir):
    from django.utils import timezone

    from eforms.appointments.constants import AppointmentStatus
    from eforms.appointments.models import Appointment
    from eforms.lobby.models import Ticket
    from eforms.notifications.models import NotificationLog

    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="vi-VN")
    page = phone.new_page()
    page.goto(f"{live_server.url}/dat-lich-hen/")
    page.get_by_label("Tên hoặc mã thủ tục hành chính").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm thủ tục").click()
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    # one agency: it is chosen; the days follow
    page.locator(".appt-day").first.click()
    # the day is a link: read the width on the day's page once it has loaded, not mid-navigation
    page.wait_for_url(re.compile(r"[?&]ngay=\d{4}-\d{2}-\d{2}"))
    expect(page.locator(".appt-slot--free input").nth(2)).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator(".appt-slot--free input").nth(2).check()
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    page.get_by_label("Số điện thoại di động").fill("0912 345 678")
    page.screenshot(path=os.path.join(screenshot_dir, "appointment-book-375.png"), full_page=True)
    page.get_by_role("button", name="Đặt lịch hẹn").click()
    expect(page.locator("main")).to_contain_text("Đặt lịch thành công.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=os.path.join(screenshot_dir, "appointment-confirmation-375.png"), full_page=True)
    phone.close()

    appointment = Appointment.objects.get()
    assert appointment.status == AppointmentStatus.BOOKED and appointment.phone == "0912345678"
    assert NotificationLog.objects.filter(key__startswith=f"appointment:{appointment.code}", channel="sms").exists()
    soon = timezone.now() + timedelta(minutes=10)
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=soon, ends_at=soon + timedelta(minutes=30))

    kiosk = browser.new_context(viewport={"width": 1080, "height": 1920}, locale="vi-VN")
    screen = kiosk.new_page()
    screen.goto(f"{live_server.url}/kiosk/lich-hen/")
    screen.screenshot(path=os.path.join(screenshot_dir, "appointment-kiosk-1080x1920.png"))
    screen.get_by_label("Mã lịch hẹn").fill(appointment.code.lower())
    screen.get_by_role("button", name="Xác nhận và lấy số").click()
    expect(screen.locator("main")).to_contain_text("Ưu tiên")
    ticket = Ticket.objects.get()
    assert ticket.priority and ticket.source == "appointment"
    text = screen.inner_text("main")
    assert str(ticket.number) in text and "Ưu tiên" in text
    screen.screenshot(path=os.path.join(screenshot_dir, "appointment-kiosk-ticket-1080x1920.png"))
    kiosk.close()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CHECKED_IN and appointment.ticket == ticket
