"""Downloads: the dossier ZIP and the list exports (formula injection)."""

import csv
import io
import json
import zipfile

import pytest

from content.models import ProcedureComponent
from eforms.dossiers.documents.archive import build_dossier_zip
from eforms.dossiers.models import AuditAction, AuditEvent

from .conftest import make_dossier

pytestmark = pytest.mark.django_db


def pdf_text(data):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def test_zip_contains_form_data_pdf_and_named_attachments(dossier):
    archive = zipfile.ZipFile(io.BytesIO(build_dossier_zip(dossier)))
    names = archive.namelist()
    assert "ho-so.json" in names and "to-khai.pdf" in names
    assert "01 - Tờ khai đăng ký kết hôn.pdf" in names
    assert "02 - Giấy xác nhận tình trạng hôn nhân.pdf" in names
    data = json.loads(archive.read("ho-so.json"))
    assert data["code"] == dossier.code
    assert data["form_data"]["ho_ten_vo"] == "Trần Thị Bình"
    assert data["applicant"]["id_number"] == "079123456789"
    assert archive.read("01 - Tờ khai đăng ký kết hôn.pdf").startswith(b"%PDF")
    text = pdf_text(archive.read("to-khai.pdf"))
    assert dossier.code in text and "Nguyễn Văn An" in text and "Trần Thị Bình" in text


def test_zip_download_view_is_audited(officer_client, dossier):
    response = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/tai-ve.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    # streamed from a temporary file (bounded memory), never built as one bytes object
    assert response.streaming
    assert zipfile.ZipFile(io.BytesIO(response.getvalue())).testzip() is None
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD_ZIP, dossier=dossier, allowed=True).exists()


@pytest.fixture
def nasty(procedure):
    return make_dossier(
        procedure,
        applicant_name='=HYPERLINK("http://evil","bấm")',
        applicant_phone="+84912345678",
        applicant_id_number="@SUM(1+1)",
    )


def test_csv_export_neutralizes_formulas(officer_client, dossier, nasty):
    response = officer_client.get("/can-bo/xuat/danh-sach.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Mã hồ sơ"
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code[nasty.code][3] == '\'=HYPERLINK("http://evil","bấm")'
    assert by_code[nasty.code][4] == "'@SUM(1+1)"
    assert by_code[nasty.code][5] == "'+84912345678"
    assert by_code[dossier.code][3] == "Nguyễn Văn An"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT_CSV).exists()


def test_xlsx_export_neutralizes_formulas(officer_client, nasty):
    from openpyxl import load_workbook

    response = officer_client.get("/can-bo/xuat/danh-sach.xlsx?q=" + nasty.code)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Mã hồ sơ"
    assert len(values) == 2
    assert values[1][3].startswith("'=HYPERLINK")
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values[1])
    # the summary row keeps the filters; the next row lists the exported codes
    summary, codes = AuditEvent.objects.filter(action=AuditAction.EXPORT_XLSX).order_by("id")
    assert summary.target.startswith("q=") and summary.target.endswith("· 1 hồ sơ")
    assert codes.target == f"[1/1] {nasty.code}"


def test_export_follows_the_filters(officer_client, dossier, procedure):
    other = make_dossier(procedure, applicant_name="Lê Thị Cúc")
    response = officer_client.get("/can-bo/xuat/danh-sach.csv?q=Cúc")
    text = response.content.decode("utf-8-sig")
    assert other.code in text and dossier.code not in text


def test_zip_numbers_components_as_the_public_sheet(procedure):
    """The editors put a case's paper first; the public sheet lists the
    papers for every case first, then each case: the ZIP uses its STT."""
    first = procedure.components.order_by("sort_order").first()
    ProcedureComponent.objects.filter(pk=first.pk).update(case_group="Trường hợp kết hôn có yếu tố nước ngoài")
    procedure.refresh_from_db()
    sheet = {
        component.name: number for _case, rows in procedure.numbered_component_groups() for number, component in rows
    }
    assert sheet == {"Giấy xác nhận tình trạng hôn nhân": 1, "Tờ khai đăng ký kết hôn": 2}
    names = zipfile.ZipFile(io.BytesIO(build_dossier_zip(make_dossier(procedure)))).namelist()
    assert "01 - Giấy xác nhận tình trạng hôn nhân.pdf" in names
    assert "02 - Tờ khai đăng ký kết hôn.pdf" in names
