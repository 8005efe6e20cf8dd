"""The catalogue and a procedure sheet in a real browser, at phone (375 px)
and desktop (1280 px) widths, with screenshots; filters work without
JavaScript; the sheet prints."""

import os

import pytest


@pytest.fixture
def live_catalogue(transactional_db, tmp_path):
    from tests.content.conftest import build_site

    return build_site(tmp_path)


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_catalogue_and_procedure_sheet(live_server, live_catalogue, browser, screenshot_dir, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/thu-tuc/")
        assert page.locator("h1").inner_text() == "Thủ tục hành chính"
        assert page.locator(".procedure-item").count() == 5
        page.screenshot(path=os.path.join(screenshot_dir, f"catalogue-{width}.png"), full_page=True)

        # filter without JavaScript: tick "Sở Tư pháp", submit the form
        page.locator('input[name="agency"][value="stp"]').check()
        page.locator(".facets button[type=submit]").click()
        page.wait_for_load_state()
        assert "agency=stp" in page.url
        assert page.locator(".procedure-item").count() == 1
        assert "Cấp Phiếu lý lịch tư pháp" in page.locator(".procedure-list").inner_text()

        page.locator(".procedure-item__title").first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"
        submit = page.locator(".sheet__actions a.btn--submit")
        assert submit.is_visible() and submit.get_attribute("href") == "/nop-ho-so/3.000333/"
        for heading in [
            "THÔNG TIN CHUNG",
            "TRÌNH TỰ THỰC HIỆN",
            "CÁCH THỨC THỰC HIỆN",
            "THÀNH PHẦN HỒ SƠ",
            "CĂN CỨ PHÁP LÝ",
        ]:
            assert page.get_by_role("heading", name=heading, exact=False).first.is_visible()
        # nothing overflows the phone's width
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        page.screenshot(path=os.path.join(screenshot_dir, f"procedure-{width}.png"), full_page=True)

        page.goto(live_server.url + "/thu-tuc/dang-ky-khai-sinh-1-001193/")
        page.screenshot(path=os.path.join(screenshot_dir, f"procedure-khai-sinh-{width}.png"), full_page=True)
        if width == 1280:
            page.emulate_media(media="print")
            assert not page.locator(".sheet__actions").is_visible()
            assert not page.locator(".main-nav").is_visible()
            page.screenshot(path=os.path.join(screenshot_dir, "procedure-print.png"), full_page=True)
    finally:
        context.close()
