"""Issue 15's lobby journey end to end in headless Chromium: a citizen books
an appointment on a 375 px phone, checks in at the kiosk (1080×1920) from its
start screen and gets a priority ticket, which jumps the walk-in already
waiting; the officer calls the next number from the workspace and the lobby
board (1920×1080) shows it at the counter without a reload.

The appointment's day cannot be waited for: before the kiosk step its slot
is moved to start in ten minutes by updating the row."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from eforms.appointments.constants import AppointmentStatus
from eforms.appointments.models import Appointment, SlotSchedule
from eforms.lobby.models import Counter, Ticket
from eforms.lobby.tickets import issue_ticket
from tests.browser.test_lobby_browser import _officer_context
from tests.eforms.factories import AgencyPageFactory, OfficerFactory, ProcedurePageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def center(home_page, settings):
    settings.LOBBY_BOARD_POLL_SECONDS = 1
    agency = AgencyPageFactory(title="UBND phường Xuân Hương - Đà Lạt", code="XH-HT")
    ProcedurePageFactory(title="Đăng ký khai sinh", code="1.001193", agency=agency)
    counter = Counter.objects.create(agency=agency, number=3, name="Hộ tịch")
    SlotSchedule.objects.create(counter=counter, slot_minutes=30, capacity=2)
    officer = OfficerFactory(agency=agency, two_factor=True)
    return counter, officer


def test_appointment_check_in_priority_ticket_called_and_shown_on_the_board(
    browser, live_server, center, screenshot_dir
):
    counter, officer = center
    base = live_server.url

    # a walk-in took a ticket before the citizen arrives
    walk_in = issue_ticket(counter)

    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="vi-VN")
    page = phone.new_page()
    page.goto(f"{base}/dat-lich-hen/")
    page.get_by_label("Tên hoặc mã thủ tục hành chính").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm thủ tục").click()
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    page.locator(".appt-day").first.click()
    page.locator(".appt-slot--free input").first.check()
    page.get_by_label("Họ và tên").fill("Phạm Văn Bình")
    page.get_by_label("Số điện thoại di động").fill("0987 654 321")
    page.get_by_role("button", name="Đặt lịch hẹn").click()
    expect(page.locator("main")).to_contain_text("Đặt lịch thành công.")
    phone.close()
    appointment = Appointment.objects.get()
    soon = timezone.now() + timedelta(minutes=10)
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=soon, ends_at=soon + timedelta(minutes=30))

    board_context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN", bypass_csp=True)
    board = board_context.new_page()
    board.goto(f"{base}/bang-dien-tu/")
    board.evaluate("window.__sameDocument = true")

    kiosk_context = browser.new_context(viewport={"width": 1080, "height": 1920}, locale="vi-VN", has_touch=True)
    kiosk_context.add_init_script("window.print = function () {};")
    kiosk = kiosk_context.new_page()
    kiosk.goto(f"{base}/kiosk/")
    kiosk.get_by_role("link", name="Đã đặt lịch hẹn").click()
    kiosk.get_by_label("Mã lịch hẹn").fill(appointment.code)
    kiosk.get_by_role("button", name="Xác nhận và lấy số").click()
    kiosk.wait_for_url("**/kiosk/so-thu-tu/**")
    priority = Ticket.objects.get(priority=True)
    assert "Ưu tiên" in kiosk.inner_text("main")
    kiosk.screenshot(path=os.path.join(screenshot_dir, "center-priority-ticket-1080x1920.png"))
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CHECKED_IN and appointment.ticket == priority

    # the officer calls the next number: the appointment's, before the walk-in
    desk_context = _officer_context(browser, live_server, officer)
    desk = desk_context.new_page()
    desk.goto(f"{base}/can-bo/goi-so/?quay={counter.uuid}")
    desk.get_by_role("button", name="Gọi số tiếp theo").click()
    desk.wait_for_load_state()
    priority.refresh_from_db()
    walk_in.refresh_from_db()
    assert priority.status == "called" and walk_in.status == "waiting"

    serving = "document.querySelector('.board-counter.is-serving .board-counter__number')?.textContent"
    board.wait_for_function(f"{serving} === '{priority.number}'", timeout=15_000)
    board.wait_for_function(
        f"document.body.dataset.announced === 'Mời số {priority.number} đến quầy 3'", timeout=15_000
    )
    assert board.evaluate("window.__sameDocument") is True
    board.screenshot(path=os.path.join(screenshot_dir, "center-board-1920x1080.png"))
    for context in (board_context, kiosk_context, desk_context):
        context.close()
