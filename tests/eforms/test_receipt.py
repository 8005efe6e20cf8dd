"""The receipt PDF: Vietnamese text, QR code of the tracking link, Code128
barcode of the dossier code, due date."""

import io
import os
from urllib.parse import parse_qs, urlparse

import pikepdf
import pypdfium2 as pdfium
import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone

from eforms.dossiers.documents.receipt import render_receipt_pdf
from eforms.dossiers.models import Dossier

from . import helpers

pytestmark = pytest.mark.django_db


def render_png(pdf_bytes, path=None, scale=2.5):
    pdf = pdfium.PdfDocument(pdf_bytes)
    page = pdf[0]
    image = page.render(scale=scale).to_pil()
    text = page.get_textpage().get_text_range()
    if path:
        image.save(path)
    return image, text, len(pdf)


@pytest.fixture
def dossier(client, procedure):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    helpers.submit(client, procedure, draft)
    return Dossier.objects.get()


def test_receipt_text_qr_and_barcode(dossier, tmp_path):
    out = os.environ.get("PORTAL_SCREENSHOT_DIR", str(tmp_path))
    os.makedirs(out, exist_ok=True)
    image, text, pages = render_png(render_receipt_pdf(dossier), os.path.join(out, "receipt.png"))
    assert pages == 1
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Nguyễn Thị Hồng Nhung",
        "068190001234",
        "Giấy chứng nhận kết hôn",
        "3 ngày làm việc",
        "Thời gian trả kết quả giải quyết hồ sơ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        dossier.lookup_secret,
    ):
        assert expected in text, expected
    # received online, not yet accepted: the due date is set at acceptance
    assert dossier.due_at is None
    assert "sẽ được hẹn khi cơ quan tiếp nhận hồ sơ" in " ".join(text.split())
    # the register entry (Mẫu 01) and the issuing body's own name under its parent
    assert f"Vào Sổ theo dõi hồ sơ, Quyển số: {timezone.localtime(dossier.received_at):%Y}, Số thứ tự: 1" in text
    assert "UBND TỈNH LÂM ĐỒNG" in text
    results = zxingcpp.read_barcodes(image)
    formats = {str(r.format) for r in results}
    qr = [r.text for r in results if "QR" in str(r.format)]
    assert qr, formats
    query = parse_qs(urlparse(qr[0]).query)
    assert query["ma"] == [dossier.code]
    assert query["mtc"] == [dossier.lookup_secret]
    codes = [r.text for r in results if "128" in str(r.format)]
    assert codes == [dossier.code], formats


def test_receipt_download_needs_the_secret(client, dossier):
    ok = client.get(reverse("eforms:receipt", args=[dossier.uuid, dossier.lookup_secret]))
    assert ok.status_code == 200
    wrong = client.get(reverse("eforms:receipt", args=[dossier.uuid, "AAAAAAAA"]))
    assert wrong.status_code == 404
    assert "Không tìm thấy hồ sơ" in wrong.content.decode()


def test_receipt_pdf_declares_its_language_and_title(dossier):
    """Screen readers pick the Vietnamese voice from the catalog's /Lang and
    a PDF viewer shows the document's title rather than its file name."""
    raw = render_receipt_pdf(dossier)
    # read, not grepped: the tagged file keeps its catalog in a compressed object stream
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        assert str(pdf.Root.Lang) == "vi-VN"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title).startswith("Giấy tiếp nhận hồ sơ")
