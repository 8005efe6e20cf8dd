"""The procedure sheet as PDF: Vietnamese text, tables, page numbers."""

import pypdfium2 as pdfium
import pytest


def pdf_text(data):
    document = pdfium.PdfDocument(data)
    try:
        pages = []
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
        return pages
    finally:
        document.close()


@pytest.mark.django_db
def test_pdf_download_has_the_whole_sheet_in_vietnamese(client, procedure_page):
    response = client.get(procedure_page.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="thu-tuc-1.001193.pdf"' in response["Content-Disposition"]
    pages = pdf_text(response.content)
    text = "\n".join(pages)
    for expected in [
        "THÔNG TIN THỦ TỤC HÀNH CHÍNH",
        "Đăng ký khai sinh",
        "Mã thủ tục: 1.001193",
        "Trình tự thực hiện",
        "Cách thức thực hiện",
        "Thành phần hồ sơ",
        "Giấy chứng sinh",
        "Trường hợp ủy quyền",
        "Căn cứ pháp lý",
        "Luật Hộ tịch",
        "20/11/2014",
        "Quốc hội",
        "Địa chỉ tiếp nhận hồ sơ",
        "Ủy ban nhân dân".upper(),
    ]:
        assert expected in text, expected
    assert f"Trang 1/{len(pages)}" in pages[0]
    assert f"Trang {len(pages)}/{len(pages)}" in pages[-1]


@pytest.mark.django_db
def test_pdf_uses_the_portal_identity(client, catalogue):
    from wagtail.models import Site

    from content.models import PortalIdentity, ProcedurePage

    identity = PortalIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.center_name = "Trung tâm Hành chính công thử nghiệm"
    identity.save()
    page = ProcedurePage.objects.get(code="3.000333")
    text = "\n".join(pdf_text(client.get(page.url + "pdf/").content))
    assert "Trung tâm Hành chính công thử nghiệm" in text
    assert "200.000 đồng" in text


@pytest.mark.django_db
def test_pdf_of_unknown_route_is_404(client, procedure_page):
    assert client.get(procedure_page.url + "pdf/khong-co/").status_code == 404
