"""import_procedures / export_procedures: create or update by code, one
transaction, lossless round trips, safe spreadsheets."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from .conftest import PROCEDURES, procedure, write_json


def revision_count():
    from wagtail.models import Revision

    return Revision.objects.count()


@pytest.mark.django_db
def test_import_creates_published_procedures_under_the_catalogue(catalogue):
    from content.models import ProcedurePage

    page = ProcedurePage.objects.get(code="1.009994")
    assert page.live and page.get_parent().pk == catalogue["thu-tuc"].pk
    assert page.live_revision_id is not None
    assert page.agency.code == "sxd" and page.field.code == "xay-dung"
    assert [a.code for a in page.coordinating_agencies.all()] == ["stp"]
    assert page.for_citizens and page.for_organisations and not page.for_enterprises
    assert page.fee_vnd == 75000
    assert [m.method for m in page.methods.all()] == ["in_person"]
    assert page.legal_bases.get().issued_on.isoformat() == "2014-11-20"
    assert page.step_list()[0]["title"] == "Bước 1: Nộp hồ sơ"


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(catalogue, tmp_path):
    from content.catalogue_io import import_procedures

    revisions = revision_count()
    report = import_procedures(write_json(tmp_path, PROCEDURES))
    assert report.ok
    assert (len(report.created), len(report.updated), len(report.unchanged)) == (0, 0, 5)
    assert revision_count() == revisions


@pytest.mark.django_db
def test_import_updates_by_code_and_publishes_a_new_revision(catalogue, tmp_path):
    from content.catalogue_io import import_procedures
    from content.models import ProcedurePage

    changed = [
        dict(
            PROCEDURES[2],
            name="Đăng ký khai tử (sửa đổi)",
            fee_vnd=5000,
            components=[{"name": "Giấy báo tử", "originals": 1, "copies": 0, "required": True}],
        )
    ]
    revisions = revision_count()
    report = import_procedures(write_json(tmp_path, changed))
    assert report.updated == ["1.000656"] and not report.created
    page = ProcedurePage.objects.get(code="1.000656")
    assert page.title == "Đăng ký khai tử (sửa đổi)" and page.fee_vnd == 5000
    assert [c.name for c in page.components.all()] == ["Giấy báo tử"]
    assert page.live and not page.has_unpublished_changes
    assert revision_count() == revisions + 1


@pytest.mark.django_db
def test_partial_record_keeps_the_other_fields(catalogue, tmp_path):
    from content.catalogue_io import import_procedures
    from content.models import ProcedurePage

    report = import_procedures(
        write_json(tmp_path, [{"code": "3.000333", "name": "Cấp Phiếu lý lịch tư pháp", "fee_vnd": "250.000"}])
    )
    assert report.updated == ["3.000333"], report.lines()
    page = ProcedurePage.objects.get(code="3.000333")
    assert page.fee_vnd == 250000 and page.agency.code == "stp" and page.methods.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("extension", ["json", "csv", "xlsx"])
def test_export_import_export_is_lossless(catalogue, tmp_path, extension):
    from content.catalogue_io import export_procedures, import_procedures

    first = tmp_path / f"first.{extension}"
    second = tmp_path / f"second.{extension}"
    assert export_procedures(first) == 5
    revisions = revision_count()
    report = import_procedures(first)
    assert report.ok and len(report.unchanged) == 5 and not report.updated and not report.created
    assert revision_count() == revisions
    export_procedures(second)
    if extension == "xlsx":
        cells = lambda path: [list(row) for row in load_workbook(path).active.iter_rows(values_only=True)]  # noqa: E731
        assert cells(first) == cells(second)
    else:
        assert first.read_bytes() == second.read_bytes()


@pytest.mark.django_db
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_spreadsheet_import_into_an_empty_catalogue_rebuilds_it(site_tree, tmp_path, extension):
    """Export, delete everything, import the spreadsheet: same catalogue."""
    from content.catalogue_io import export_procedures, import_procedures
    from content.models import ProcedurePage

    before = tmp_path / "before.json"
    export_procedures(before)
    sheet = tmp_path / f"sheet.{extension}"
    export_procedures(sheet)
    for page in ProcedurePage.objects.all():
        page.delete()
    report = import_procedures(sheet)
    assert report.ok and len(report.created) == 5, report.lines()
    after = tmp_path / "after.json"
    export_procedures(after)
    assert before.read_bytes() == after.read_bytes()


@pytest.mark.django_db
def test_formula_cells_are_neutralised_and_restored(catalogue, tmp_path):
    from content.catalogue_io import export_procedures, import_procedures
    from content.models import ProcedurePage

    hostile = {
        '=HYPERLINK("http://evil","x")': "name",
        "+1+1": "summary",
        "-2+3": "keywords",
        "@SUM(A1)": "result",
        "\tTab": "fee_description",
        "'already quoted": "applicants_note",
    }
    record = dict(PROCEDURES[1])
    for value, key in hostile.items():
        record[key] = value
    record["name"] = '=HYPERLINK("http://evil","x") Đăng ký kết hôn'
    assert import_procedures(write_json(tmp_path, [record])).ok
    path = tmp_path / "out.csv"
    export_procedures(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["code"] == "1.000894")
    assert row["name"].startswith("'=")
    assert row["summary"] == "'+1+1" and row["keywords"] == "'-2+3" and row["result"] == "'@SUM(A1)"
    assert row["applicants_note"] == "''already quoted"
    for value in [v for r in rows for v in r.values()]:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    xlsx = tmp_path / "out.xlsx"
    export_procedures(xlsx)
    sheet = load_workbook(xlsx).active
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value is not None)
    # Importing the safe export gives back the original values.
    report = import_procedures(path)
    assert report.ok and "1.000894" in report.unchanged
    page = ProcedurePage.objects.get(code="1.000894")
    assert page.summary == "+1+1" and page.applicants_note == "'already quoted"


@pytest.mark.django_db
def test_spreadsheet_accepts_vietnamese_headers_and_labels(site_tree, tmp_path):
    from content.catalogue_io import import_procedures
    from content.models import ProcedurePage

    path = tmp_path / "danh-muc.csv"
    path.write_text(
        "Mã thủ tục;Tên thủ tục;Cơ quan thực hiện;Lĩnh vực;Cấp thực hiện;Mức độ\n"
        "1.000001;Thủ tục thử;stp;ho-tich;Cấp Tỉnh;toàn trình\n",
        encoding="utf-8",
    )
    report = import_procedures(path)
    assert report.ok, report.lines()
    page = ProcedurePage.objects.get(code="1.000001")
    assert (page.level, page.online_level, page.agency.code) == ("province", "full", "stp")


@pytest.mark.django_db
def test_commands_print_the_report(catalogue, tmp_path):
    out = io.StringIO()
    path = tmp_path / "export.json"
    call_command("export_procedures", str(path), stdout=out)
    assert "Đã xuất 5 thủ tục" in out.getvalue()
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "portal.procedures/1"
    out = io.StringIO()
    call_command("import_procedures", str(path), stdout=out)
    assert "Tạo mới: 0 · Cập nhật: 0 · Không đổi: 5 · Bị từ chối: 0" in out.getvalue()


@pytest.mark.django_db
def test_dry_run_writes_nothing(catalogue, tmp_path):
    from content.catalogue_io import import_procedures
    from content.models import ProcedurePage

    report = import_procedures(write_json(tmp_path, [procedure("1.123456", "Thủ tục mới")]), dry_run=True)
    assert report.ok and report.created == ["1.123456"] and not report.written
    assert not ProcedurePage.objects.filter(code="1.123456").exists()


@pytest.mark.django_db
def test_export_to_an_unknown_format_is_refused(catalogue, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Định dạng không hỗ trợ"):
        call_command("export_procedures", str(tmp_path / "danh-muc.txt"), stdout=io.StringIO())
    assert not (tmp_path / "danh-muc.txt").exists()
