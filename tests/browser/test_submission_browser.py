"""A citizen applies online in real headless Chromium: finds the procedure,
fills the form over several steps with two attachments, pays in the
sandbox gateway, downloads the receipt; the receipt PDF rendered to PNG
shows correct Vietnamese, a scannable QR code and the due date."""

import os
from urllib.parse import parse_qs, urlparse

import pypdfium2 as pdfium
import pytest
import zxingcpp
from django.utils import timezone

from eforms.dossiers.constants import PaymentStatus
from eforms.dossiers.models import Dossier
from eforms.formdefs import divisions
from tests.eforms.factories import PDF_BYTES, PNG_BYTES, procedure_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wagtail_root(transactional_db):
    from tests.eforms.factories import ensure_wagtail_root

    ensure_wagtail_root()


@pytest.fixture
def procedure(wagtail_root, home_page, settings, live_server):
    settings.PORTAL_BASE_URL = live_server.url
    return procedure_page(
        home_page,
        title="Cấp bản sao trích lục hộ tịch",
        online_level="full",
        fee_vnd=8000,
        components=(("Tờ khai đề nghị cấp bản sao trích lục", 1, 0, True), ("Giấy ủy quyền", 0, 1, True)),
    )


def shot(page, screenshot_dir, name):
    page.screenshot(path=os.path.join(screenshot_dir, f"eforms-{name}.png"), full_page=True)


def test_citizen_applies_pays_and_downloads_receipt(page, live_server, procedure, screenshot_dir, tmp_path):
    pdf_path = tmp_path / "to-khai.pdf"
    pdf_path.write_bytes(PDF_BYTES)
    png_path = tmp_path / "uy-quyen.png"
    png_path.write_bytes(PNG_BYTES)

    # finds the procedure and starts
    page.goto(live_server.url + procedure.url)
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.click()
    page.wait_for_url("**/nop-ho-so/**")
    assert page.get_by_text("Thành phần hồ sơ cần chuẩn bị").is_visible()
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()

    # step 1: an empty submit shows the error summary, focused, with links
    page.wait_for_url("**/buoc/1/")
    page.get_by_role("button", name="Tiếp tục").last.click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "Vui lòng nhập họ, chữ đệm và tên." in summary.inner_text()
    shot(page, screenshot_dir, "step1-errors-1280")

    page.get_by_label("Họ, chữ đệm và tên").fill("Trần Thị Ngọc Ánh")
    page.get_by_label("Số định danh cá nhân / CCCD").fill("068190001234")
    page.get_by_label("Ngày sinh").fill("1990-05-17")
    page.get_by_label("Số điện thoại di động").fill("0912345678")
    page.get_by_label("Thư điện tử").fill("anh@example.vn")
    page.get_by_label("Tỉnh, thành phố").select_option("68")
    ward_name = "Phường Xuân Hương - Đà Lạt"
    ward_code = next(str(c) for c, n in divisions.wards_of(68) if n == ward_name)
    page.wait_for_selector(f'#id_applicant_address_ward option[value="{ward_code}"]', state="attached")
    page.get_by_label("Phường, xã, đặc khu").select_option(ward_code)
    page.get_by_label("Số nhà, đường, thôn, tổ dân phố").fill("36 Trần Phú")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, screenshot_dir, "step1-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Tiếp tục").last.click()

    # step 2: the request
    page.wait_for_url("**/buoc/2/")
    page.get_by_label("Nội dung đề nghị").fill("Xin cấp 02 bản sao trích lục khai sinh.")
    page.get_by_role("button", name="Tiếp tục").last.click()

    # step 3: two attachments
    page.wait_for_url("**/buoc/3/")
    page.get_by_label("Tờ khai đề nghị cấp bản sao trích lục").set_input_files(str(pdf_path))
    page.get_by_label("Giấy ủy quyền").set_input_files(str(png_path))
    shot(page, screenshot_dir, "step3-1280")
    page.get_by_role("button", name="Xem lại hồ sơ").click()

    # review, declaration, submit
    page.wait_for_url("**/xem-lai/")
    assert page.get_by_text("to-khai.pdf").is_visible()
    assert page.get_by_text("uy-quyen.png").is_visible()
    shot(page, screenshot_dir, "review-1280")
    page.get_by_label("Tôi xin cam đoan").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()

    # confirmation: awaiting payment, then the sandbox bank
    page.wait_for_url("**/nop-ho-so/ho-so/**")
    assert page.get_by_text("chờ thanh toán").first.is_visible()
    dossier = Dossier.objects.get()
    assert dossier.payment_status == PaymentStatus.PENDING
    page.get_by_role("button", name="Thanh toán 8.000 đ").click()
    page.wait_for_url("**/thanh-toan/sandbox/**")
    shot(page, screenshot_dir, "sandbox-bank-1280")
    page.get_by_role("button", name="Thanh toán thành công").click()
    page.wait_for_url("**/thanh-toan/ket-qua/**")
    assert page.get_by_role("heading", name="Thanh toán thành công").is_visible()
    dossier.refresh_from_db()
    assert dossier.payment_status == PaymentStatus.PAID
    page.get_by_role("link", name="Về trang hồ sơ và giấy tiếp nhận").click()
    page.wait_for_url("**/nop-ho-so/ho-so/**")
    assert page.get_by_role("heading", name="Nộp hồ sơ thành công").is_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, screenshot_dir, "confirmation-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    # downloads the receipt
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải giấy tiếp nhận hồ sơ (PDF)").click()
    receipt = tmp_path / "receipt.pdf"
    download_info.value.save_as(receipt)
    pdf = pdfium.PdfDocument(str(receipt))
    pdf_page = pdf[0]
    text = pdf_page.get_textpage().get_text_range()
    image = pdf_page.render(scale=2.5).to_pil()
    image.save(os.path.join(screenshot_dir, "eforms-receipt.png"))

    dossier.refresh_from_db()
    # an online dossier is received, not yet accepted: no due date yet
    assert dossier.due_at is None
    received = timezone.localtime(dossier.received_at)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Trần Thị Ngọc Ánh" in text
    assert "Phường Xuân Hương - Đà Lạt" in text
    assert "Tờ khai đề nghị cấp bản sao trích lục" in text
    assert "8.000 đ (đã thanh toán trực tuyến)" in text
    assert f"{received:%H} giờ {received:%M} phút, ngày {received:%d} tháng {received:%m} năm {received:%Y}" in text
    assert "sẽ được hẹn khi cơ quan tiếp nhận hồ sơ" in " ".join(text.split())
    codes = zxingcpp.read_barcodes(image)
    qr = [c.text for c in codes if "QR" in str(c.format)]
    assert qr, [str(c.format) for c in codes]
    query = parse_qs(urlparse(qr[0]).query)
    assert query == {"ma": [dossier.code], "mtc": [dossier.lookup_secret]}

    # the QR link opens the tracking page with the status
    page.goto(qr[0])
    assert page.get_by_text("Mới đăng ký").first.is_visible()
    shot(page, screenshot_dir, "tracking-1280")


def test_conditional_question_appears_only_when_needed(page, live_server, procedure, screenshot_dir):
    from eforms.formdefs.models import ProcedureForm
    from tests.eforms.test_forms import field

    steps = [
        {
            "type": "step",
            "value": {"title": "Người nộp", "intro": "", "fields": [{"type": "applicant", "value": None}]},
        },
        {
            "type": "step",
            "value": {
                "title": "Yếu tố nước ngoài",
                "intro": "",
                "fields": [
                    field("checkbox", "Có yếu tố nước ngoài", "nuoc_ngoai", required=False),
                    field("text", "Quốc tịch", "quoc_tich", show_if_field="nuoc_ngoai", show_if_value="co"),
                ],
            },
        },
    ]
    form = ProcedureForm.objects.create(procedure=procedure, title="Tờ khai", steps=steps, live=False)
    form.save_revision().publish()
    page.goto(live_server.url + f"/nop-ho-so/{procedure.code}/")
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()
    page.wait_for_url("**/buoc/1/")
    url = page.url.replace("/buoc/1/", "/buoc/2/")
    page.goto(url)
    question = page.get_by_label("Quốc tịch")
    assert not question.is_visible()
    page.get_by_label("Có yếu tố nước ngoài").check()
    assert question.is_visible()
    page.get_by_label("Có yếu tố nước ngoài").uncheck()
    assert not question.is_visible()
