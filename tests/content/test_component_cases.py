"""Components' cases and kinds (issue 10): detection from the wording, the
import/export round trip, the procedure page and PDF grouped by case, the
admin's list of known cases, the data migration."""

import importlib
import json

import pytest
from django.apps import apps as global_apps

from content.catalogue_io import export_procedures, import_procedures
from content.models import ProcedureComponent, ProcedurePage
from content.models.catalogue import CaseGroupInput
from content.models.component_kinds import (
    CASE_APPLICANT,
    CASE_PROXY,
    CASE_SITUATION,
    case_kind,
    detect_generated_from_eform,
    detect_present_only,
)

from .conftest import procedure, write_json

COMPONENTS = [
    {"case_group": "", "name": "Tờ khai đăng ký khai sinh theo mẫu", "template_name": "Mẫu 01/TK"},
    {"case_group": "", "name": "Giấy chứng sinh"},
    {"case_group": "", "name": "Giấy tờ tùy thân còn giá trị sử dụng để xuất trình"},
    {"case_group": "Trường hợp ủy quyền", "name": "Văn bản ủy quyền"},
    {"case_group": "Đối với người nước ngoài", "name": "Bản dịch hộ chiếu"},
    # an explicit value wins over the wording
    {"case_group": "", "name": "Bản chính để đối chiếu (bản điện tử)", "present_only": False},
]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Giấy tờ tùy thân còn giá trị sử dụng để xuất trình", True),
        ("Xuất trình bản chính Giấy chứng nhận", True),
        ("Bản chính Giấy khai sinh để đối chiếu", True),
        ("Bản sao Giấy khai sinh kèm bản chính để đối chiếu", False),
        ("Người yêu cầu xuất trình bản chính hộ chiếu", True),
        ("Giấy chứng sinh", False),
        ("", False),
    ],
)
def test_present_only_from_the_wording(name, expected):
    assert detect_present_only(name) is expected


@pytest.mark.parametrize(
    "name, template, expected",
    [
        ("Tờ khai đăng ký khai sinh theo mẫu", "Mẫu 01", True),
        ("Tờ khai đăng ký khai sinh theo mẫu", "", False),
        ("Đơn đề nghị cấp giấy phép", "Mẫu 02", True),
        ("Giấy đề nghị cấp lại", "Mẫu 03", True),
        ("Phiếu đề nghị", "Mẫu", True),
        ("Bản vẽ thiết kế", "Mẫu 04", False),
        ("Đơn vị tư vấn: hồ sơ năng lực", "Mẫu 05", False),
    ],
)
def test_application_form_from_the_wording(name, template, expected):
    assert detect_generated_from_eform(name, template) is expected


def test_case_kinds():
    assert case_kind("Trường hợp ủy quyền (chỉ áp dụng với Phiếu số 1)") == CASE_PROXY
    assert case_kind("Đối với tổ chức") == CASE_APPLICANT
    assert case_kind("Trường hợp bị rách, nát") == CASE_SITUATION


def _record(**extra):
    rows = [{"originals": 1, "copies": 0, "required": True, "template_name": "", **c} for c in COMPONENTS]
    return procedure("1.009001", "Thủ tục có trường hợp", online_level="partial", components=rows, **extra)


@pytest.mark.django_db
def test_import_reads_the_kinds_and_export_import_keeps_them(catalogue, tmp_path):
    report = import_procedures(write_json(tmp_path, [_record()]))
    assert report.ok, report.lines()
    page = ProcedurePage.objects.get(code="1.009001")
    rows = {c.name: c for c in page.components.all()}
    assert rows["Tờ khai đăng ký khai sinh theo mẫu"].generated_from_eform
    assert rows["Giấy tờ tùy thân còn giá trị sử dụng để xuất trình"].present_only
    assert not rows["Bản chính để đối chiếu (bản điện tử)"].present_only
    assert rows["Văn bản ủy quyền"].case_group == "Trường hợp ủy quyền"

    exported = tmp_path / "out.json"
    export_procedures(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    record = next(r for r in data["procedures"] if r["code"] == "1.009001")
    by_name = {c["name"]: c for c in record["components"]}
    assert by_name["Giấy chứng sinh"]["present_only"] is False
    assert by_name["Giấy tờ tùy thân còn giá trị sử dụng để xuất trình"]["present_only"] is True
    assert by_name["Tờ khai đăng ký khai sinh theo mẫu"]["generated_from_eform"] is True
    assert by_name["Bản dịch hộ chiếu"]["case_group"] == "Đối với người nước ngoài"

    # re-import: unchanged; flip a value: updated, kept
    assert import_procedures(exported).unchanged
    by_name["Giấy chứng sinh"]["present_only"] = True
    by_name["Bản dịch hộ chiếu"]["case_group"] = "Đối với tổ chức"
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = import_procedures(exported)
    assert report.ok and report.updated, report.lines()
    rows = {c.name: c for c in ProcedurePage.objects.get(code="1.009001").components.all()}
    assert rows["Giấy chứng sinh"].present_only
    assert rows["Bản dịch hộ chiếu"].case_group == "Đối với tổ chức"


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["có lẽ", 7, ["x"]])
def test_a_bad_flag_is_refused_with_a_clear_message(catalogue, tmp_path, value):
    record = _record()
    record["components"][1]["present_only"] = value
    report = import_procedures(write_json(tmp_path, [record]))
    assert not report.ok
    assert "chỉ xuất trình" in " ".join(report.lines())
    assert not ProcedurePage.objects.filter(code="1.009001").exists()


@pytest.mark.django_db
def test_procedure_page_groups_components_by_case(catalogue, tmp_path, client):
    import_procedures(write_json(tmp_path, [_record()]))
    page = ProcedurePage.objects.get(code="1.009001")
    html = client.get(page.url).content.decode()
    common = html.index("Thành phần chung")
    assert common < html.index("Giấy chứng sinh") < html.index("Trường hợp ủy quyền") < html.index("Văn bản ủy quyền")
    assert html.index("Đối với người nước ngoài") < html.index("Bản dịch hộ chiếu")
    assert "Chỉ xuất trình bản chính, không phải nộp" in html
    assert "khai trên tờ khai điện tử, không phải tải lên" in html


@pytest.mark.django_db
def test_procedure_without_cases_has_no_common_heading(catalogue, client):
    page = ProcedurePage.objects.get(code="1.000894")
    assert "Thành phần chung" not in client.get(page.url).content.decode()


@pytest.mark.django_db
def test_procedure_pdf_has_the_common_heading(catalogue, tmp_path, client):
    import pypdfium2

    import_procedures(write_json(tmp_path, [_record()]))
    page = ProcedurePage.objects.get(code="1.009001")
    response = client.get(page.url + "pdf/")
    assert response.status_code == 200
    pdf = pypdfium2.PdfDocument(b"".join(response.streaming_content) if response.streaming else response.content)
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Thành phần chung" in text and "Trường hợp ủy quyền" in text


@pytest.mark.django_db
def test_admin_case_box_lists_known_cases(catalogue):
    html = CaseGroupInput().render("components-0-case_group", "", {"id": "id_components-0-case_group"})
    assert 'list="id_components-0-case_group-cases"' in html
    assert '<option value="Trường hợp ủy quyền"></option>' in html
    assert "<datalist" in html


@pytest.mark.django_db
def test_data_migration_sets_the_kinds_from_the_wording(catalogue):
    page = ProcedurePage.objects.get(code="1.001193")
    ProcedureComponent.objects.filter(page=page).update(present_only=False, generated_from_eform=False)
    ProcedureComponent.objects.create(page=page, name="Hộ chiếu để xuất trình", sort_order=9)
    migration = importlib.import_module("content.migrations.0004_component_present_only_generated")
    migration.set_from_wording(global_apps, None)
    rows = {c.name: c for c in ProcedureComponent.objects.filter(page=page)}
    assert rows["Hộ chiếu để xuất trình"].present_only
    assert rows["Tờ khai đăng ký khai sinh"].generated_from_eform
    assert not rows["Giấy chứng sinh"].present_only and not rows["Giấy chứng sinh"].generated_from_eform
