"""The rating page in headless Chromium at 375 px: reached from the link of a
returned dossier, filled in and sent with JavaScript off (a plain form),
the error summary on a missing criterion, no axe violations."""

import os

import pytest
from playwright.sync_api import expect

from tests.browser.axe import describe, violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def returned(home_page):
    from eforms.workspace import services
    from tests.eforms.factories import OfficerFactory, agency_page, procedure_page
    from tests.eforms.workspace.conftest import make_dossier, upload

    stp = agency_page(home_page, title="Sở Tư pháp")
    procedure = procedure_page(home_page, agency=stp, title="Đăng ký kết hôn")
    officer = OfficerFactory(username="canbo-stp", agency=stp, role="officer", last_name="Trần")
    dossier = make_dossier(procedure)
    services.accept(dossier, officer)
    services.approve(dossier, officer, "Đủ điều kiện")
    services.upload_result(dossier, officer, [upload("ket-qua.pdf")])
    services.mark_returned(dossier, officer, "online")
    dossier.refresh_from_db()
    return dossier


def test_rating_at_375_px_without_javascript(browser, live_server, returned, screenshot_dir):
    from eforms.ratings.models import DossierRating

    url = f"{live_server.url}/danh-gia/?ma={returned.code}&mtc={returned.lookup_secret}"
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    page.screenshot(path=os.path.join(screenshot_dir, "rating-375.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for legend in ("Thông tin về thủ tục hành chính", "Thái độ của cán bộ, công chức", "Chi phí"):
        page.get_by_role("group", name=legend).get_by_label("Hài lòng", exact=True).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    summary = page.locator("#error-summary")
    assert "Vui lòng chọn mức độ hài lòng về “Thời gian giải quyết”." in summary.inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "rating-375-errors.png"), full_page=True)
    page.get_by_role("group", name="Thời gian giải quyết").get_by_label("Rất hài lòng").check()
    page.get_by_role("group", name="Số lần đi lại").get_by_label("Bình thường").check()
    page.get_by_label("Ý kiến khác (không bắt buộc)").fill("Nhanh, đúng hẹn.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator("main")).to_contain_text("Cảm ơn Ông/Bà đã đánh giá.")
    assert ": Hài lòng." in page.inner_text("main")  # 4, 5, 4, 3, 4 → 4
    page.screenshot(path=os.path.join(screenshot_dir, "rating-375-thanks.png"), full_page=True)
    context.close()
    rating = DossierRating.objects.get(dossier=returned)
    assert (rating.timeliness, rating.visits, rating.comment) == (5, 3, "Nhanh, đúng hẹn.")


def test_rating_page_has_no_axe_violations(browser, live_server, returned):
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/danh-gia/?ma={returned.code}&mtc={returned.lookup_secret}")
    found = violations(page)
    page.get_by_role("button", name="Gửi đánh giá").click()
    found += violations(page)
    context.close()
    assert not found, describe(found)
