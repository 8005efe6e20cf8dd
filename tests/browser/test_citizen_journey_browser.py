"""Issue 16's whole journey in headless Chromium: a citizen signs in through
the sandbox identity provider, finds the e-form prefilled, submits without
uploading an identity document and sees the dossier under "Hồ sơ của tôi";
the agency accepts it and returns a PDF result online; the citizen downloads
the result, which carries the agency's digital signature, and checks it on
/xac-thuc-van-ban/; the sandbox of the national portal received every status
change of that dossier exactly once, in order, over real HTTP."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from eforms.dossiers.models import Dossier
from eforms.national import delivery
from eforms.national.models import SandboxReceipt
from eforms.workspace import services
from tests.browser.test_citizens_browser import procedure, wagtail_root  # noqa: F401  (fixtures)
from tests.eforms.factories import PDF_BYTES
from tests.eforms.national.helpers import make_due
from tests.portal.signing.conftest import plain_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, screenshot_dir, name):
    page.screenshot(path=os.path.join(screenshot_dir, f"journey-{name}.png"), full_page=True)


def sign_in_and_submit(page, base, procedure, pdf_path):  # noqa: F811
    page.goto(f"{base}/nop-ho-so/{procedure.code}/")
    page.get_by_role("link", name="để tờ khai tự điền thông tin cá nhân").click()
    page.get_by_role("button", name="Đăng nhập bằng VNeID").click()
    page.wait_for_url("**/sandbox-idp/authorize/**")
    page.get_by_role("button", name="Nguyễn Văn An — mức độ 2").click()
    page.wait_for_url(f"**/nop-ho-so/{procedure.code}/")
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()
    page.wait_for_url("**/buoc/1/")
    assert page.locator("#id_applicant_name").input_value() == "Nguyễn Văn An"
    page.get_by_role("button", name="Tiếp tục").last.click()
    page.wait_for_url("**/buoc/2/")
    page.get_by_label("Nội dung đề nghị").fill("Đề nghị cấp phiếu lý lịch tư pháp số 1.")
    page.get_by_role("button", name="Tiếp tục").last.click()
    page.wait_for_url("**/buoc/3/")
    # one upload: the identity document is not asked of a signed-in citizen
    assert page.locator("input[type=file]").count() == 1
    page.locator("input[type=file]").first.set_input_files(str(pdf_path))
    page.get_by_role("button", name="Xem lại hồ sơ").click()
    page.wait_for_url("**/xem-lai/")
    page.locator("input[name=declaration]").check()
    page.get_by_role("button", name="Nộp hồ sơ").last.click()
    page.wait_for_url("**/nop-ho-so/ho-so/**")


def test_signed_in_citizen_receives_a_signed_result_and_the_national_portal_every_change_once(
    page,
    live_server,
    procedure,  # noqa: F811
    settings,
    screenshot_dir,
    tmp_path,
):
    settings.NATIONAL_PORTAL_URL = f"{live_server.url}/dvcqg-sandbox/"
    settings.DOCUMENT_SIGNING_BACKEND = "sandbox"
    form = tmp_path / "to-khai.pdf"
    form.write_bytes(PDF_BYTES)
    sign_in_and_submit(page, live_server.url, procedure, form)
    dossier = Dossier.objects.get()

    # the agency handles it and returns the result online
    officer = get_user_model().objects.create_user("canbo-stp", "canbo@example.vn", "Mat-khau-dai-2026")
    services.accept(dossier, officer)
    services.approve(dossier, officer, "Đủ điều kiện cấp phiếu")
    result = SimpleUploadedFile("phieu-lltp.pdf", plain_pdf("Phiếu lý lịch tư pháp số 01/2026"), "application/pdf")
    services.upload_result(dossier, officer, [result])
    services.mark_returned(dossier, officer, "online")

    # "Hồ sơ của tôi" shows it returned, with the result to download
    page.goto(f"{live_server.url}/ca-nhan/ho-so/")
    assert page.get_by_text(dossier.code).first.is_visible()
    page.locator(f"a[href$='/ca-nhan/ho-so/{dossier.uuid}/']").first.click()
    page.wait_for_url(f"**/ca-nhan/ho-so/{dossier.uuid}/")
    shot(page, screenshot_dir, "my-dossier-returned-1280")
    with page.expect_download() as download:
        page.locator("h2:text-is('Kết quả') + ul a").first.click()
    signed = tmp_path / "ket-qua.pdf"
    download.value.save_as(signed)
    assert signed.read_bytes().startswith(b"%PDF-") and b"/ByteRange" in signed.read_bytes()

    # the verification page says who signed it and that it is intact
    page.goto(f"{live_server.url}/xac-thuc-van-ban/")
    page.locator("input[type=file]").set_input_files(str(signed))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    report = page.locator("#ket-qua").inner_text()
    assert "Chữ ký số hợp lệ." in report
    assert "Văn bản không bị thay đổi sau khi ký" in report
    shot(page, screenshot_dir, "result-verified-1280")

    # every change reached the national portal's sandbox once, in order
    make_due()
    delivery.retry_due()
    history = list(dossier.history.order_by("created_at", "id"))
    received = list(SandboxReceipt.objects.filter(dossier_code=dossier.code).order_by("id"))
    assert [r.status_code for r in received] == [h.to_status for h in history] == [1, 2, 4, 9, 10]
    assert [r.sequence for r in received] == [h.pk for h in history]
    assert all(r.duplicates == 0 for r in received)
