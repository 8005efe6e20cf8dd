"""Issue 15, "Done when" (feedback): in headless Chromium a citizen sends a
complaint about a dossier on a 375 px phone, an officer of the agency
answers it in the workspace, the agency's leader approves and publishes
the scrubbed version, and the answer appears in the public list, found
by a query typed without diacritics. Screenshots at 375 and 1280 px."""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_officer_browser import home_page, log_in, make_officer  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, screenshot_dir, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    path = os.path.join(screenshot_dir, f"feedback-{name}-{width}.png")
    page.screenshot(path=path, full_page=True)
    return path


@pytest.fixture
def setting_up(home_page):  # noqa: F811
    from eforms.workspace.models import OfficerMembership, OfficerRole
    from tests.eforms.factories import agency_page, procedure_page
    from tests.eforms.workspace.conftest import make_dossier

    stp = agency_page(home_page, title="Sở Tư pháp", code="stp")
    procedure = procedure_page(home_page, agency=stp, title="Đăng ký kết hôn")
    dossier = make_dossier(procedure)
    officer, officer_device = make_officer("canbo-stp", stp)
    leader, leader_device = make_officer("lanhdao-stp", stp)
    OfficerMembership.objects.filter(user=leader).update(role=OfficerRole.LEADER)
    return dossier, (officer, officer_device), (leader, leader_device)


def test_complaint_answered_approved_published(live_server, browser, setting_up, screenshot_dir, settings):
    from eforms.feedback.models import Feedback

    settings.PORTAL_BASE_URL = live_server.url
    dossier, (officer, officer_device), (leader, leader_device) = setting_up
    base = live_server.url

    # the citizen, on a phone
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="vi-VN")
    page = phone.new_page()
    page.goto(f"{base}/phan-anh-kien-nghi/")
    shot(page, screenshot_dir, "form", 375)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_label("Về hành vi, việc giải quyết thủ tục hành chính").check()
    page.get_by_label("Tiêu đề").fill("Hồ sơ đăng ký kết hôn trễ hẹn trả kết quả")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill(
        "Tôi là Lê Thị Hoa, điện thoại 0987654321. Hồ sơ của tôi đã quá ngày hẹn trả mà chưa có kết quả."
    )
    page.get_by_label("Mã hồ sơ (nếu có)").fill(dossier.code)
    page.get_by_label("Mã tra cứu của hồ sơ").fill(dossier.lookup_secret)
    page.get_by_label("Họ và tên", exact=True).fill("Lê Thị Hoa")
    page.get_by_label("Số điện thoại", exact=True).fill("0987654321")
    page.get_by_label("Thư điện tử", exact=True).fill("hoa@example.vn")
    page.get_by_label(re.compile("Tôi đồng ý để nội dung phản ánh")).check()
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    page.wait_for_url(re.compile(r"/phan-anh-kien-nghi/tra-cuu/"))
    main = page.inner_text("main")
    assert "Đã tiếp nhận phản ánh, kiến nghị của Ông/Bà." in main
    item = Feedback.objects.get()
    assert item.code in main and item.agency.title == "Sở Tư pháp" and item.dossier_id == dossier.pk
    shot(page, screenshot_dir, "receipt", 375)

    # the officer answers
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    officer_page = desk.new_page()
    log_in(officer_page, base, "canbo-stp", officer_device, next_path="/can-bo/phan-anh/")
    officer_page.wait_for_url(re.compile(r"/can-bo/phan-anh/"))
    assert item.code in officer_page.inner_text("main") and "Trong hạn" in officer_page.inner_text("main")
    shot(officer_page, screenshot_dir, "officer-list", 1280)
    officer_page.get_by_role("link", name=item.code).click()
    officer_page.get_by_role("textbox", name="Ghi chú nội bộ", exact=True).fill(
        "Đã kiểm tra: hồ sơ chờ xác minh của phường."
    )
    officer_page.get_by_role("button", name="Thêm ghi chú").click()
    expect(officer_page.locator("main")).to_contain_text("Đã thêm ghi chú nội bộ.")
    officer_page.get_by_role("textbox", name="Dự thảo trả lời", exact=True).fill(
        "Sở Tư pháp xin lỗi bà Lê Thị Hoa vì trễ hẹn; kết quả sẽ được trả trong 02 ngày làm việc."
    )
    officer_page.get_by_role("button", name="Gửi lãnh đạo duyệt").click()
    expect(officer_page.locator("main")).to_contain_text("Đang chờ lãnh đạo của cơ quan duyệt.")
    shot(officer_page, screenshot_dir, "officer-sent", 1280)
    desk.close()

    # the leader approves and publishes
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    leader_page = desk.new_page()
    log_in(leader_page, base, "lanhdao-stp", leader_device, next_path=f"/can-bo/phan-anh/{item.uuid}/")
    leader_page.wait_for_url(re.compile(r"/can-bo/phan-anh/"))
    leader_page.get_by_role("button", name="Duyệt và gửi trả lời").click()
    expect(leader_page.locator("main")).to_contain_text("Đã duyệt trả lời; người gửi đã được thông báo.")
    public_question = leader_page.get_by_role("textbox", name="Nội dung phản ánh công khai", exact=True)
    assert "Lê Thị Hoa" not in public_question.input_value() and "0987654321" not in public_question.input_value()
    leader_page.get_by_role("textbox", name="Tiêu đề công khai", exact=True).fill(
        "Hồ sơ đăng ký kết hôn trễ hẹn trả kết quả"
    )
    shot(leader_page, screenshot_dir, "leader-publish", 1280)
    leader_page.get_by_role("button", name="Công khai", exact=True).click()
    expect(leader_page.locator("main")).to_contain_text("Đã công khai câu hỏi và trả lời")
    desk.close()

    # the public list, searched without diacritics
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/phan-anh-kien-nghi/tra-loi/?q=dang ky ket hon tre hen")
        main = page.inner_text("main")
        assert "Hồ sơ đăng ký kết hôn trễ hẹn trả kết quả" in main
        assert "Lê Thị Hoa" not in page.content() and "0987654321" not in page.content()
        shot(page, screenshot_dir, "answers", width)
    page.get_by_role("link", name="Hồ sơ đăng ký kết hôn trễ hẹn trả kết quả").click()
    expect(page.locator("main")).to_contain_text("kết quả sẽ được trả trong 02 ngày làm việc")
    main = page.inner_text("main")
    assert "kết quả sẽ được trả trong 02 ngày làm việc" in main and "Lê Thị Hoa" not in main
    assert dossier.code not in page.content() and dossier.lookup_secret not in page.content()
    shot(page, screenshot_dir, "answer-detail", 375)
    shot(page, screenshot_dir, "answer-detail", 1280)
    phone.close()
    item.refresh_from_db()
    assert item.state == "cong-khai"


def test_feedback_pages_have_no_axe_violations(live_server, browser, home_page):  # noqa: F811
    from tests.browser.axe import describe, violations

    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/phan-anh-kien-nghi/")
    found = violations(page)
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()  # empty: the error summary
    expect(page.locator("main")).to_contain_text("Vui lòng chọn loại phản ánh, kiến nghị.")
    found += violations(page)
    page.goto(f"{live_server.url}/phan-anh-kien-nghi/tra-loi/?q=khong co")
    found += violations(page)
    page.goto(f"{live_server.url}/phan-anh-kien-nghi/?lang=en")
    assert "Send feedback or a complaint" in page.inner_text("main")
    found += violations(page)
    context.close()
    assert not found, describe(found)
