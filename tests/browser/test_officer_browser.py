"""Issue #6, "Done when" (officer side), in headless Chromium.

A citizen submits a dossier through the e-forms; an officer of the
department logs in with password and TOTP, finds it in the queue, requests
a supplement; the citizen uploads it through the e-mailed link; the officer
approves, uploads the result and marks it returned. The citizen's e-mails
are in the outbox, the ZIP holds what was submitted, and an officer of
another department gets 403 (audited).
"""

import io
import json
import os
import re
import zipfile

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Matkhau@2026"


@pytest.fixture
def home_page(db):
    """Like tests/conftest.py's, but rebuilds the Wagtail root and locale
    when an earlier transactional test flushed what the migrations created."""
    from wagtail.models import Locale, Page, Site

    from content.models import HomePage

    Locale.objects.get_or_create(language_code="vi")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage.objects.first() or root.add_child(instance=HomePage(title="Trang chủ", slug="trang-chu"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "Cổng dịch vụ công"},
    )
    return home


def make_officer(username, agency):
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from eforms.workspace.models import OfficerMembership

    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name="Nguyễn Thị Minh Thư", is_staff=True
    )
    OfficerMembership.objects.create(user=user, agency=agency)
    device = TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    return user, device


def totp_code(device):
    from django_otp.oath import totp

    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def log_in(page, base, username, device, next_path="/can-bo/"):
    page.goto(f"{base}{next_path}")
    page.wait_for_url(re.compile(r"/tai-khoan/dang-nhap/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_url(re.compile(r"/tai-khoan/xac-thuc/"))
    page.fill("input[name=otp_token]", totp_code(device))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()


def submit_as_citizen(procedure):
    """The e-forms submission flow through its real views."""
    from django.test import Client

    from tests.eforms import helpers

    citizen = Client()
    draft = helpers.start(citizen, procedure)
    helpers.fill_all(citizen, procedure, draft)
    response = helpers.submit(citizen, procedure, draft)
    assert response.status_code == 302, response.content[:500]
    draft.refresh_from_db()
    return draft.dossier


def shot(page, screenshot_dir, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    path = os.path.join(screenshot_dir, f"officer-{name}-{width}.png")
    page.screenshot(path=path, full_page=True)
    return path


def open_action(page, summary):
    details = page.locator("details.ws-action", has=page.locator("summary", has_text=summary))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def test_officer_flow(live_server, browser, home_page, screenshot_dir, tmp_path):
    from eforms.dossiers.constants import AttachmentKind, DossierStatus
    from eforms.dossiers.models import AuditEvent
    from tests.eforms.factories import PDF_BYTES, agency_page, procedure_page

    stp = agency_page(home_page, title="Sở Tư pháp", email="stp@lamdong.gov.vn")
    sxd = agency_page(home_page, title="Sở Xây dựng", slug="so-xay-dung", code="sxd-b")
    procedure = procedure_page(
        home_page,
        agency=stp,
        title="Đăng ký kết hôn",
        components=(("Tờ khai đăng ký kết hôn", 1, 0, True), ("Giấy xác nhận tình trạng hôn nhân", 1, 0, True)),
    )
    _officer, device = make_officer("canbo-stp", stp)
    _other, other_device = make_officer("canbo-sxd", sxd)

    dossier = submit_as_citizen(procedure)
    assert dossier.handoffs.filter(state="delivered").exists()
    base = live_server.url
    scan = tmp_path / "giay-khai-sinh.pdf"
    scan.write_bytes(PDF_BYTES)

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    try:
        # password, then TOTP, then the department queue
        log_in(page, base, "canbo-stp", device)
        assert page.url.rstrip("/").endswith("/can-bo")
        row = page.locator("tr", has=page.get_by_role("link", name=dossier.code))
        assert row.count() == 1
        assert "Mới đăng ký" in row.inner_text()
        shot(page, screenshot_dir, "queue", 1280)
        shot(page, screenshot_dir, "queue", 375)
        page.set_viewport_size({"width": 1280, "height": 900})

        page.get_by_role("link", name=dossier.code).click()
        page.wait_for_url(re.compile(rf"/can-bo/ho-so/{dossier.uuid}/"))
        assert "Tờ khai đăng ký kết hôn" in page.content()
        shot(page, screenshot_dir, "detail", 1280)
        shot(page, screenshot_dir, "detail", 375)
        page.set_viewport_size({"width": 1280, "height": 900})

        # accept, then ask for a supplement
        open_action(page, "Tiếp nhận hồ sơ").get_by_role("button", name="Tiếp nhận hồ sơ").click()
        page.wait_for_load_state()
        assert "Đã tiếp nhận hồ sơ." in page.content()
        box = open_action(page, "Yêu cầu bổ sung hồ sơ")
        box.locator("textarea").fill("Bản sao giấy khai sinh của người chồng")
        box.get_by_role("button", name="Yêu cầu bổ sung hồ sơ").click()
        page.wait_for_load_state()
        assert "Đã gửi yêu cầu bổ sung" in page.content()
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED and dossier.clock_paused_at

        # the citizen follows the e-mailed link and uploads the document
        to_citizen = [m for m in mail.outbox if dossier.applicant_email in m.to]
        link = next(
            re.search(r"https?://\S+?(/tra-cuu-ho-so/\?\S+?#bo-sung)", m.body).group(1)
            for m in to_citizen
            if "#bo-sung" in m.body
        )
        citizen = browser.new_context(viewport={"width": 375, "height": 800}, locale="vi-VN").new_page()
        citizen.goto(base + link)
        assert "Bản sao giấy khai sinh của người chồng" in citizen.content()
        citizen.set_input_files("input[name=files]", str(scan))
        citizen.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
        citizen.wait_for_load_state()
        assert "Đã nhận giấy tờ bổ sung" in citizen.content()
        citizen.screenshot(path=os.path.join(screenshot_dir, "citizen-supplement-done-375.png"), full_page=True)
        citizen.context.close()

        # back to the officer: approve, upload the result, return it online
        page.reload()
        assert "Đang xử lý" in page.content() and "Hồ sơ bổ sung" in page.content()
        open_action(page, "Duyệt kết quả").get_by_role("button", name=re.compile("Duyệt kết quả")).click()
        page.wait_for_load_state()
        assert "Hồ sơ đã xử lý xong." in page.content()
        result = tmp_path / "ket-qua.pdf"
        result.write_bytes(PDF_BYTES)
        box = open_action(page, "Tải lên kết quả giải quyết")
        box.locator("input[type=file]").set_input_files(str(result))
        box.get_by_role("button", name="Tải lên kết quả giải quyết").click()
        page.wait_for_load_state()
        assert "Đã tải lên kết quả giải quyết." in page.content()
        box = open_action(page, "Trả kết quả")
        box.get_by_label("Trả trực tuyến").check()
        box.get_by_role("button", name="Trả kết quả").click()
        page.wait_for_load_state()
        assert "Đã trả kết quả." in page.content()
        shot(page, screenshot_dir, "detail-returned", 1280)

        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.RETURNED
        history = list(dossier.history.values_list("to_status", flat=True))
        assert history == [1, 2, 4, 5, 4, 9, 10], history
        assert dossier.attachments.filter(kind=AttachmentKind.RESULT).exists()

        # the citizen's e-mails: one per status change, the supplement link among them
        to_citizen = [m for m in mail.outbox if dossier.applicant_email in m.to]
        assert len(to_citizen) >= 6, [m.subject for m in to_citizen]
        assert any("#bo-sung" in m.body for m in to_citizen)
        print(f"citizen e-mails: {len(to_citizen)}: {[m.subject for m in to_citizen]}")  # noqa: T201 - shown in the CI log

        # the ZIP holds what was submitted
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Tải hồ sơ (ZIP)").click()
        archive = zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read()))
        names = archive.namelist()
        assert "ho-so.json" in names and "to-khai.pdf" in names
        assert any(n.startswith("01 - Tờ khai đăng ký kết hôn") for n in names), names
        assert any(n.startswith("02 - Giấy xác nhận tình trạng hôn nhân") for n in names), names
        assert any(n.startswith("bo-sung/") for n in names) and any(n.startswith("ket-qua/") for n in names)
        data = json.loads(archive.read("ho-so.json"))
        assert data["code"] == dossier.code and data["applicant"]["name"] == dossier.applicant_name
        assert data["form_data"] == dossier.form_data
    finally:
        context.close()

    # an officer of another department: 403 on the page and the download, audited
    other_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    other = other_context.new_page()
    try:
        log_in(other, base, "canbo-sxd", other_device)
        assert dossier.code not in other.content()
        response = other.goto(f"{base}/can-bo/ho-so/{dossier.uuid}/")
        assert response.status == 403
        assert "Không có quyền truy cập" in other.content()
        other.screenshot(path=os.path.join(screenshot_dir, "officer-forbidden-1280.png"))
        download = other_context.request.get(f"{base}/can-bo/ho-so/{dossier.uuid}/tai-ve.zip")
        assert download.status == 403
        assert not download.body().startswith(b"PK")
    finally:
        other_context.close()
    denied = AuditEvent.objects.filter(dossier=dossier, username="canbo-sxd", allowed=False)
    assert set(denied.values_list("action", flat=True)) == {"view", "download_zip"}


def test_statistics_board(live_server, browser, home_page, screenshot_dir):
    """The public board and the leader's board render as plain HTML tables."""
    import datetime as dt

    from django.utils import timezone

    from eforms.dossiers.constants import DossierStatus
    from eforms.dossiers.models import Dossier, DossierStatusChange
    from tests.eforms.factories import agency_page, procedure_page
    from tests.eforms.workspace.conftest import make_dossier

    stp = agency_page(home_page, title="Sở Tư pháp")
    procedure = procedure_page(home_page, agency=stp, title="Đăng ký kết hôn")
    now = timezone.now()
    for status, late in [(9, False), (10, False), (10, True), (4, False), (4, True)]:
        d = make_dossier(procedure, delivered=False, received_at=now - dt.timedelta(days=1))
        Dossier.objects.filter(pk=d.pk).update(
            status=status,
            due_at=now - dt.timedelta(hours=1) if late else now + dt.timedelta(days=3),
            completed_at=now if status in (DossierStatus.COMPLETED, DossierStatus.RETURNED) else None,
        )
        # the board counts from history rows: accepted ten minutes after
        # reception, finished now
        DossierStatusChange.objects.create(
            dossier=d,
            from_status=1,
            to_status=2,
            actor_label="Cán bộ",
            created_at=d.received_at + dt.timedelta(minutes=10),
        )
        if status in (DossierStatus.COMPLETED, DossierStatus.RETURNED):
            DossierStatusChange.objects.create(
                dossier=d, from_status=2, to_status=status, actor_label="Cán bộ", created_at=now
            )
    leader, device = make_officer("lanhdao", stp)
    leader.officer_memberships.update(role="leader")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/thong-ke/")
        assert "Tình hình giải quyết hồ sơ" in page.content()
        assert page.locator("table.ws-stats tbody tr").count() == 1
        assert "66,7%" in page.content() or "66.7%" in page.content()
        shot(page, screenshot_dir, "stats-public", 1280)
        shot(page, screenshot_dir, "stats-public", 375)
        page.set_viewport_size({"width": 1280, "height": 900})
        log_in(page, live_server.url, "lanhdao", device, next_path="/can-bo/thong-ke/")
        assert "Hồ sơ đang quá hạn" in page.content()
        shot(page, screenshot_dir, "stats-leader", 1280)
    finally:
        context.close()
