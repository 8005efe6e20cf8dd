"""A citizen signs in through the sandbox identity provider in headless
Chromium, finds the e-form prefilled and locked, submits without uploading
an identity document and sees the dossier under "Hồ sơ của tôi"; screenshots
at 1280 and 375 px."""

import os

import pytest

from eforms.citizens.models import CitizenDossier
from eforms.dossiers.models import Dossier
from tests.eforms.factories import PDF_BYTES, procedure_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ID_COMPONENT = "Bản chụp giấy tờ tùy thân (Căn cước, thẻ Căn cước công dân hoặc Hộ chiếu)"


@pytest.fixture
def wagtail_root(transactional_db):
    from tests.eforms.factories import ensure_wagtail_root

    ensure_wagtail_root()


@pytest.fixture
def procedure(wagtail_root, home_page, settings, live_server):
    from eforms.citizens.sandbox.clients import register_client

    settings.PORTAL_BASE_URL = live_server.url
    settings.CITIZEN_OIDC_ISSUER = f"{live_server.url}/sandbox-idp"
    settings.CITIZEN_OIDC_CLIENT_ID = "portal-browser-test"
    settings.CITIZEN_OIDC_CLIENT_SECRET = "portal-browser-test-secret-0123456789"
    register_client(
        settings.CITIZEN_OIDC_CLIENT_ID, settings.CITIZEN_OIDC_CLIENT_SECRET, [f"{live_server.url}/dang-nhap/xac-thuc/"]
    )
    return procedure_page(
        home_page,
        title="Cấp phiếu lý lịch tư pháp",
        code="3.000333",
        components=(("Tờ khai yêu cầu cấp phiếu", 1, 0, True), (ID_COMPONENT, 0, 1, True)),
    )


def shot(page, screenshot_dir, name):
    page.screenshot(path=os.path.join(screenshot_dir, f"citizens-{name}.png"), full_page=True)


def test_citizen_signs_in_finds_the_form_prefilled_and_sees_the_dossier(
    page, live_server, procedure, screenshot_dir, tmp_path
):
    pdf_path = tmp_path / "to-khai.pdf"
    pdf_path.write_bytes(PDF_BYTES)

    page.goto(f"{live_server.url}/nop-ho-so/{procedure.code}/")
    page.get_by_role("link", name="để tờ khai tự điền thông tin cá nhân").click()
    page.wait_for_url("**/dang-nhap/**")
    page.get_by_role("button", name="Đăng nhập bằng VNeID").click()

    # the sandbox provider says plainly what it is
    page.wait_for_url("**/sandbox-idp/authorize/**")
    assert page.get_by_role("heading", name="Môi trường thử nghiệm — không phải VNeID").is_visible()
    shot(page, screenshot_dir, "sandbox-chooser-1280")
    page.get_by_role("button", name="Nguyễn Văn An — mức độ 2").click()

    # back on the procedure's start page, signed in
    page.wait_for_url(f"**/nop-ho-so/{procedure.code}/")
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()
    page.wait_for_url("**/buoc/1/")
    name = page.locator("#id_applicant_name")
    assert name.input_value() == "Nguyễn Văn An"
    assert name.get_attribute("readonly") is not None
    assert page.locator("#id_applicant_id_number").input_value() == "068090012345"
    assert page.locator("#id_applicant_address_ward option:checked").inner_text() == "Phường Xuân Hương - Đà Lạt"
    assert page.get_by_text("đã được xác thực, không sửa được").is_visible()
    shot(page, screenshot_dir, "prefilled-step-1280")
    page.get_by_role("button", name="Tiếp tục").last.click()

    # the other steps: the request, then the uploads without the identity document
    page.wait_for_url("**/buoc/2/")
    page.get_by_label("Nội dung đề nghị").fill("Đề nghị cấp phiếu lý lịch tư pháp số 1.")
    page.get_by_role("button", name="Tiếp tục").last.click()
    page.wait_for_url("**/buoc/3/")
    assert page.get_by_text("không phải tải lên").is_visible()
    page.locator("input[type=file]").first.set_input_files(str(pdf_path))
    shot(page, screenshot_dir, "uploads-1280")
    page.get_by_role("button", name="Xem lại hồ sơ").click()
    page.wait_for_url("**/xem-lai/")
    shot(page, screenshot_dir, "review-1280")
    page.locator("input[name=declaration]").check()
    page.get_by_role("button", name="Nộp hồ sơ").last.click()
    page.wait_for_url("**/nop-ho-so/ho-so/**")

    dossier = Dossier.objects.get()
    assert dossier.applicant_name == "Nguyễn Văn An"
    assert CitizenDossier.objects.filter(dossier=dossier, citizen__id_number="068090012345").exists()

    page.goto(f"{live_server.url}/ca-nhan/ho-so/")
    assert page.get_by_role("heading", name="Hồ sơ của tôi").is_visible()
    assert page.get_by_text(dossier.code).is_visible()
    shot(page, screenshot_dir, "my-dossiers-1280")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.get_by_text(dossier.code).is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"horizontal scroll at 375 px: {width}"
    shot(page, screenshot_dir, "my-dossiers-375")
    page.goto(f"{live_server.url}/dang-nhap/")
    shot(page, screenshot_dir, "sign-in-375")
