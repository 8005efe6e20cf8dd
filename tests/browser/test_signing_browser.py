"""In headless Chromium: the citizen downloads the signed receipt from the
confirmation page and checks it on /xac-thuc-van-ban/ (valid, signed by
the center); the same file with one byte changed says it was changed; the
English page; screenshots of each, and the receipt rendered to PNG."""

import os

import pypdfium2 as pdfium
import pytest
from django.conf import settings
from django.urls import reverse

from eforms.dossiers.models import Dossier
from tests.eforms.factories import DossierFactory, procedure_page
from tests.portal.signing.conftest import flip_byte_in_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dossier(home_page, live_server, settings):
    settings.PORTAL_BASE_URL = live_server.url
    procedure = procedure_page(home_page, title="Cấp bản sao trích lục hộ tịch", online_level="full")
    return DossierFactory(procedure=procedure, submitted=True)


def shot(page, screenshot_dir, name):
    page.screenshot(path=os.path.join(screenshot_dir, f"signing-{name}.png"), full_page=True)


def check(page, base, path, *, lang=""):
    page.goto(base + reverse("signing:verify") + lang)
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()


def test_download_the_signed_receipt_and_verify_it(page, live_server, dossier, screenshot_dir, tmp_path):
    dossier = Dossier.objects.get(pk=dossier.pk)
    page.goto(live_server.url + reverse("eforms:confirmation", args=[dossier.uuid, dossier.lookup_secret]))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải giấy tiếp nhận hồ sơ (PDF)").click()
    receipt = tmp_path / "giay-tiep-nhan.pdf"
    download_info.value.save_as(receipt)
    document = pdfium.PdfDocument(str(receipt))
    document.init_forms()  # the signature's visible note is a form widget
    pdf_page = document[0]
    pdf_page.render(scale=2.5, may_draw_forms=True).to_pil().save(os.path.join(screenshot_dir, "signing-receipt.png"))
    assert dossier.code in pdf_page.get_textpage().get_text_range()

    check(page, live_server.url, receipt)
    result = page.locator("#ket-qua")
    assert "Chữ ký số hợp lệ." in result.inner_text()
    assert settings.PORTAL_CENTER_NAME in result.inner_text()
    assert "Văn bản không bị thay đổi sau khi ký" in result.inner_text()
    shot(page, screenshot_dir, "valid-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, screenshot_dir, "valid-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    tampered = tmp_path / "da-sua.pdf"
    tampered.write_bytes(flip_byte_in_content(receipt.read_bytes()))
    check(page, live_server.url, tampered)
    text = page.locator("#ket-qua").inner_text()
    assert "Chữ ký số không hợp lệ." in text and "đã bị thay đổi" in text
    assert "Được tin cậy" in text  # the signer's certificate is still the center's
    shot(page, screenshot_dir, "tampered-1280")

    not_pdf = tmp_path / "anh.pdf"
    not_pdf.write_bytes(b"GIF89a\x01\x00\x01\x00")
    check(page, live_server.url, not_pdf, lang="?lang=en")
    assert "This file is not a PDF" in page.locator("#error-summary").inner_text()
    check(page, live_server.url, receipt, lang="?lang=en")
    assert "The digital signature is valid." in page.locator("#ket-qua").inner_text()
    shot(page, screenshot_dir, "valid-en-1280")
