"""Factories of the e-forms tests: only the pages and rows a test needs.

``procedure_page(...)`` builds ProcedureIndexPage / AgencyIndexPage /
AgencyPage / ProcedurePage under the ``home_page`` fixture's HomePage.
"""
import io
import itertools
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Page

_seq = itertools.count(1)

# A minimal valid one-page PDF (bytes matter, not the name).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf_file(name="giay-to.pdf", size=None):
    data = PDF_BYTES if size is None else PDF_BYTES + b"%" + b"0" * max(0, size - len(PDF_BYTES) - 1)
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def png_file(name="anh.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def exe_as_pdf(name="giay-to.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/pdf")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>Xin chào</w:document>")
    return buffer.getvalue()


def zip_bomb_docx(name="bom.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 * 1024 * 1024))
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def _child(parent, model, **fields):
    existing = model.objects.child_of(parent).filter(slug=fields["slug"]).first()
    if existing:
        return existing
    return parent.add_child(instance=model(**fields))


def agency_page(home, **overrides):
    from content.models import AgencyIndexPage, AgencyPage

    index = _child(home, AgencyIndexPage, title="Cơ quan", slug="co-quan")
    n = next(_seq)
    fields = {
        "title": "Sở Tư pháp tỉnh Lâm Đồng",
        "slug": f"so-tu-phap-{n}",
        "code": f"stp{n}",
        "receiving_unit_code": "000.00.04.H41",
        "address": "Số 2 Trần Hưng Đạo, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
        "phone": "0263 3822 123",
    }
    fields.update(overrides)
    return index.add_child(instance=AgencyPage(**fields))


def procedure_page(home, *, components=(("Tờ khai đăng ký", 1, 0, True), ("Giấy chứng nhận kết hôn", 0, 1, True)),
                   agency=None, live=True, **overrides):
    from content.models import ProcedureComponent, ProcedureIndexPage, ProcedurePage

    index = _child(home, ProcedureIndexPage, title="Thủ tục hành chính", slug="thu-tuc")
    n = next(_seq)
    agency = agency if agency is not None else agency_page(home)
    fields = {
        "title": "Đăng ký khai sinh",
        "slug": f"dang-ky-khai-sinh-{n}",
        "code": f"1.{n:06d}",
        "agency": agency,
        "online_level": "partial",
        "processing_days": Decimal("3"),
        "fee_vnd": 0,
        "receiving_address": "Bộ phận Một cửa, Số 36 Trần Phú, Phường Xuân Hương - Đà Lạt",
    }
    fields.update(overrides)
    page = ProcedurePage(**fields)
    for name, originals, copies, required in components:
        page.components.add(ProcedureComponent(name=name, originals=originals, copies=copies, required=required))
    index.add_child(instance=page)
    if not live:
        page.unpublish()
    return Page.objects.get(pk=page.pk).specific


def applicant_answers(prefix=""):
    return {
        "applicant_name": "Nguyễn Thị Hồng Nhung",
        "applicant_id_number": "068190001234",
        "applicant_birth_date": "1990-05-17",
        "applicant_phone": "0912345678",
        "applicant_email": "nhung@example.vn",
        "applicant_address_province": "68",
        "applicant_address_ward": "",
        "applicant_address_street": "12 Phan Đình Phùng",
        "action": "next",
    }


def first_ward(province_code=68):
    from eforms.formdefs import divisions

    return str(divisions.wards_of(province_code)[0][0])


def ensure_wagtail_root():
    """A transactional test before this one may have flushed the tree
    (Wagtail's root page comes from a data migration)."""
    from wagtail.models import Locale

    if not Page.objects.filter(depth=1).exists():
        Locale.objects.get_or_create(language_code="vi")
        Page.add_root(instance=Page(title="Root", slug="root"))
