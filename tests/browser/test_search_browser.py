"""Search in a real browser: the header box's combobox, driven by keyboard,
and the search page at phone and desktop widths (screenshots)."""

import os

import pytest

from tests.search.conftest import add_agency, add_field, add_procedure, make_catalogue


@pytest.fixture
def live_catalogue(transactional_db, home_page):
    fields_index, agencies_index, procedures_index = make_catalogue(home_page)
    field = add_field(fields_index, "ho-tich", "Hộ tịch")
    agency = add_agency(agencies_index, "stp", "Sở Tư pháp")
    common = {"field": field, "agency": agency, "level": "commune"}
    add_procedure(
        procedures_index,
        "1.000894",
        "Đăng ký kết hôn",
        online_level="partial",
        summary="Nam, nữ đăng ký kết hôn tại Ủy ban nhân dân cấp xã.",
        **common,
    )
    add_procedure(
        procedures_index,
        "2.000806",
        "Đăng ký kết hôn có yếu tố nước ngoài",
        online_level="partial",
        summary="Công dân Việt Nam kết hôn với người nước ngoài.",
        **common,
    )
    add_procedure(
        procedures_index,
        "1.001193",
        "Đăng ký khai sinh",
        online_level="full",
        summary="Cha, mẹ đăng ký khai sinh cho con trong 60 ngày kể từ ngày sinh.",
        **common,
    )
    add_procedure(procedures_index, "1.000656", "Đăng ký khai tử", online_level="full", **common)


@pytest.mark.browser
def test_header_combobox_pick_with_keyboard(live_server, live_catalogue, page, screenshot_dir):
    page.goto(live_server.url + "/")
    box = page.locator("#header-q")
    assert box.get_attribute("role") == "combobox"  # enhanced by autocomplete.js
    assert box.get_attribute("aria-expanded") == "false"
    box.click()
    box.type("dang ky ket", delay=40)
    listbox_id = box.get_attribute("aria-controls")
    listbox = page.locator(f"#{listbox_id}")
    listbox.locator("[role=option]").first.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    assert listbox.get_attribute("role") == "listbox"
    options = listbox.locator("[role=option]")
    names = options.all_inner_texts()
    assert any("Đăng ký kết hôn" in name for name in names)
    assert not any("khai sinh" in name for name in names)
    page.screenshot(path=os.path.join(screenshot_dir, "search-combobox-1280.png"))

    page.keyboard.press("ArrowDown")
    first_id = options.first.get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == first_id
    assert options.first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == first_id
    chosen = options.first.inner_text()

    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")  # reopens on the first option
    assert box.get_attribute("aria-expanded") == "true"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/thu-tuc/" in page.url
    assert chosen.split(" Mã")[0].strip() in page.title() or page.locator("h1").count()

    # The search page at phone and desktop widths, then without JavaScript
    # (one test: the live server's transactional database is flushed after it).
    browser = page.context.browser
    for width, height in ((375, 812), (1280, 900)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        page = context.new_page()
        page.goto(live_server.url + "/tim-kiem/?q=dang+ky")
        assert "Tìm thấy 4 thủ tục" in page.locator(".search-count").inner_text()
        assert page.locator(".search-results mark").count() >= 8
        page.screenshot(path=os.path.join(screenshot_dir, f"search-page-{width}.png"), full_page=True)
        context.close()
    # No JavaScript: the forms still search and filter.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/tim-kiem/")
    page.fill("#search-q", "khai sihn")
    page.press("#search-q", "Enter")
    page.wait_for_load_state()
    assert "Có phải Ông/Bà muốn tìm" in page.content()
    page.goto(live_server.url + "/tim-kiem/?q=dang+ky")
    page.check("input[name=online_level][value=full]")
    page.click(".facet-form__submit")
    page.wait_for_load_state()
    assert "Tìm thấy 2 thủ tục" in page.locator(".search-count").inner_text()
    context.close()
