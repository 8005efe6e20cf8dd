"""Kiosk → ticket → officer's call → lobby board, in headless Chromium, at
the screens' real sizes: the kiosk at 1080×1920, the board at 1920×1080.

The board must show the called number without a reload, say the call
(``data-announced``; speech only where the browser has a Vietnamese voice)
and show its stale banner while its JSON cannot be reached."""

import os
from urllib.parse import urlparse

import pytest
from django.conf import settings as django_settings
from django.test import Client

from eforms.lobby.models import Counter, Ticket
from tests.eforms.factories import AgencyPageFactory, OfficerFactory, ProcedurePageFactory, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hall(home_page, settings):
    settings.LOBBY_BOARD_POLL_SECONDS = 1
    settings.LOBBY_BOARD_STALE_SECONDS = 3
    settings.KIOSK_IDLE_SECONDS = 10
    agency = AgencyPageFactory(title="Sở Tư pháp")
    ProcedurePageFactory(title="Đăng ký khai sinh", agency=agency)
    counter = Counter.objects.create(agency=agency, number=5, name="Hộ tịch, chứng thực")
    Counter.objects.create(agency=agency, number=6, name="Chứng thực bản sao")
    officer = OfficerFactory(agency=agency, two_factor=True)
    return counter, officer


def _officer_context(browser, live_server, officer):
    client = login(Client(), officer)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "domain": urlparse(live_server.url).hostname,
                "path": "/",
            }
        ]
    )
    return context


def test_ticket_at_the_kiosk_called_by_the_officer_shown_on_the_board(browser, live_server, hall, screenshot_dir):
    counter, officer = hall
    base = live_server.url

    board_context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN", bypass_csp=True)
    board = board_context.new_page()
    board.goto(f"{base}/bang-dien-tu/")
    board.evaluate("window.__sameDocument = true")
    assert board.locator(".board-counter").count() == 2, board.content()[:3000]

    kiosk_context = browser.new_context(
        viewport={"width": 1080, "height": 1920}, locale="vi-VN", has_touch=True, bypass_csp=True
    )
    kiosk_context.add_init_script("window.print = function () { document.body.dataset.printed = '1'; };")
    kiosk = kiosk_context.new_page()
    kiosk.goto(f"{base}/kiosk/")
    kiosk.screenshot(path=os.path.join(screenshot_dir, "lobby-kiosk-1080x1920.png"))
    # nothing on the start screen leads out of the kiosk
    hrefs = kiosk.eval_on_selector_all("a[href]", "els => els.map(e => new URL(e.href).pathname)")
    assert hrefs and all(path.startswith("/kiosk/") for path in hrefs), hrefs
    sizes = kiosk.eval_on_selector_all("a, button", "els => els.map(e => e.getBoundingClientRect().height)")
    assert min(sizes) >= 48, sizes

    kiosk.get_by_role("link", name="Lấy số thứ tự").click()
    kiosk.get_by_role("button", name="Quầy 5").click()
    kiosk.wait_for_url("**/kiosk/so-thu-tu/**")
    assert kiosk.locator("#ticket-number").inner_text() == "1"
    kiosk.wait_for_function("document.body.dataset.printed === '1'")
    kiosk.screenshot(path=os.path.join(screenshot_dir, "lobby-ticket-1080x1920.png"))
    kiosk.emulate_media(media="print")
    kiosk.set_viewport_size({"width": 302, "height": 600})  # 80 mm at 96 dpi
    kiosk.screenshot(path=os.path.join(screenshot_dir, "lobby-ticket-80mm-print.png"), full_page=True)
    ticket = Ticket.objects.get()

    officer_context = _officer_context(browser, live_server, officer)
    desk = officer_context.new_page()
    desk.goto(f"{base}/can-bo/goi-so/?quay={counter.uuid}")
    assert "Đang chờ (1)" in desk.content()
    desk.get_by_role("button", name="Gọi số tiếp theo").click()
    desk.wait_for_load_state()
    assert "Đã gọi số tiếp theo." in desk.content()
    ticket.refresh_from_db()
    assert ticket.status == "called"

    # the board, without a reload: the number at counter 5 and the announcement
    board.wait_for_function(
        "document.querySelector('.board-counter.is-serving .board-counter__number')?.textContent === '1'",
        timeout=15_000,
    )
    board.wait_for_function("document.body.dataset.announced === 'Mời số 1 đến quầy 5'", timeout=15_000)
    assert board.evaluate("window.__sameDocument") is True
    assert board.locator("[data-flash]").is_visible()
    board.screenshot(path=os.path.join(screenshot_dir, "lobby-board-1920x1080-call.png"))
    board.wait_for_selector("[data-flash]", state="hidden", timeout=15_000)
    board.screenshot(path=os.path.join(screenshot_dir, "lobby-board-1920x1080.png"))

    # the network drops: the banner says since when the data is stale; it goes when the data comes back
    board_context.route("**/bang-dien-tu/du-lieu.json*", lambda route: route.abort())
    board.wait_for_selector("[data-stale-banner]", state="visible", timeout=15_000)
    assert "Dữ liệu chưa cập nhật từ" in board.locator("[data-stale-banner]").inner_text()
    board.screenshot(path=os.path.join(screenshot_dir, "lobby-board-1920x1080-stale.png"))
    board_context.unroute("**/bang-dien-tu/du-lieu.json*")
    board.wait_for_selector("[data-stale-banner]", state="hidden", timeout=15_000)
    assert board.evaluate("window.__sameDocument") is True

    # the kiosk in landscape; left alone, it goes back to its start screen
    kiosk.emulate_media(media="screen")
    kiosk.set_viewport_size({"width": 1920, "height": 1080})
    kiosk.goto(f"{base}/kiosk/lay-so/")
    kiosk.screenshot(path=os.path.join(screenshot_dir, "lobby-kiosk-take-ticket-1920x1080.png"))
    kiosk.wait_for_url(f"{base}/kiosk/", timeout=30_000)

    for context in (board_context, kiosk_context, officer_context):
        context.close()
