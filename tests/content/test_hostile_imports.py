"""Malformed and hostile import files: a clear report, never a 500, never a
half-imported catalogue."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from .conftest import admin_login, procedure, write_json


def snapshot():
    from wagtail.models import Revision

    from content.models import ProcedurePage

    return (
        sorted(ProcedurePage.objects.values_list("code", "title", "fees__amount_vnd"), key=str),
        Revision.objects.count(),
    )


def reasons(report):
    return " | ".join(r.reason for r in report.rejected)


@pytest.mark.django_db
def test_one_bad_row_rejects_the_whole_file(catalogue, tmp_path):
    from content.catalogue_io import import_procedures

    before = snapshot()
    records = [
        procedure("1.222222", "Thủ tục hợp lệ"),
        dict(procedure("1.000656", "Đăng ký khai tử"), fee_vnd=99),  # a valid update
        procedure("1.22", "Mã sai"),
        procedure("1.333333", ""),
        procedure("1.444444", "Cơ quan lạ", agency="khong-co"),
        procedure("1.222222", "Trùng mã"),
        procedure("1.555555", "Lĩnh vực lạ", field="khong-co"),
    ]
    report = import_procedures(write_json(tmp_path, records))
    assert not report.ok and not report.written
    rows = {r.row: r.reason for r in report.rejected}
    assert "mã thủ tục “1.22” sai định dạng" in rows[3]
    assert rows[4] == "thiếu tên thủ tục"
    assert "cơ quan không tồn tại" in rows[5]
    assert "mã trùng trong tệp (đã có ở dòng 1)" in rows[6]
    assert "lĩnh vực không tồn tại" in rows[7]
    assert snapshot() == before
    assert "Không nhập gì" in "\n".join(report.lines())


@pytest.mark.django_db
def test_command_exits_non_zero_and_prints_reasons(catalogue, tmp_path):
    out = io.StringIO()
    path = write_json(tmp_path, [procedure("9.9", "Sai")])
    with pytest.raises(CommandError):
        call_command("import_procedures", str(path), stdout=out)
    assert "Dòng 1 (9.9): mã thủ tục “9.9” sai định dạng" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, expected",
    [
        (
            "latin1.csv",
            "code,name\n1.000001,Đăng ký\n".encode("cp1258", errors="replace") + b"\xff\xfe",
            "mã hóa UTF-8",
        ),
        ("missing.csv", b"code;agency\n1.000001;stp\n", "cột bắt buộc bị thiếu: name"),
        ("empty.csv", b"", "tệp rỗng"),
        ("fake.xlsx", b"this is not a zip at all", "không phải là bảng tính XLSX"),
        ("junk.json", json.dumps([1, "x", None, [2]]).encode(), "mục không phải là một đối tượng"),
        ("bad.json", b'{"procedures": [', "tệp JSON không hợp lệ"),
        ("shape.json", b'{"procedures": {"a": 1}}', "phải là một danh sách"),
        ("nothing.json", b'{"procedures": []}', "tệp không có thủ tục nào"),
        ("nul.csv", b"code,name\x00\n", "NUL"),
        ("dupcols.csv", b"code,name,name\n1.000001,a,b\n", "xuất hiện hai lần"),
        ("json-cell.csv", b"code,name,components\n1.000001,a,[{broken\n", "không đúng định dạng JSON"),
        (
            "types.json",
            json.dumps([{"code": "1.000001", "name": "a", "fee_vnd": "nhiều", "processing_days": "mười"}]).encode(),
            "không phải là số",
        ),
    ],
)
def test_hostile_files_get_a_clear_report(catalogue, tmp_path, name, content, expected):
    from content.catalogue_io import import_procedures

    before = snapshot()
    path = tmp_path / name
    path.write_bytes(content)
    report = import_procedures(path)
    assert not report.ok
    assert expected in reasons(report), reasons(report)
    assert snapshot() == before


@pytest.mark.django_db
def test_zip_that_is_not_a_workbook(catalogue, tmp_path):
    from content.catalogue_io import import_procedures

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    path = tmp_path / "zip.xlsx"
    path.write_bytes(buffer.getvalue())
    report = import_procedures(path)
    assert not report.ok and "XLSX" in reasons(report)


@pytest.mark.django_db
def test_fifty_megabyte_file_is_refused_before_reading(catalogue, tmp_path):
    from content.catalogue_io import import_procedures

    path = tmp_path / "big.csv"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    report = import_procedures(path)
    assert not report.ok and "tệp quá lớn (50.0 MB; tối đa 20 MB)" in reasons(report)


@pytest.mark.django_db
def test_admin_upload_preview_then_confirm(client, catalogue, tmp_path, django_user_model):
    from content.models import ProcedurePage

    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Matkhau@2026")
    admin_login(client, admin)
    page = client.get("/admin/catalogue/import/")
    assert page.status_code == 200 and "Nhập thủ tục" in page.content.decode()
    payload = json.dumps(
        {"procedures": [procedure("1.777777", "Thủ tục nhập qua quản trị")]}, ensure_ascii=False
    ).encode()
    upload = io.BytesIO(payload)
    upload.name = "moi.json"
    response = client.post("/admin/catalogue/import/", {"file": upload, "dry_run": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Xem trước: chưa ghi gì vào danh mục." in html and "1.777777" in html
    assert not ProcedurePage.objects.filter(code="1.777777").exists()
    response = client.post("/admin/catalogue/import/", {"confirm": "1"})
    assert "Đã nhập xong" in response.content.decode()
    assert ProcedurePage.objects.get(code="1.777777").live


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("fake.xlsx", b"PK\x03\x04 broken zip", "XLSX"),
        ("latin1.csv", b"code,name\n1.000001,\xe9\xe8\n", "UTF-8"),
        ("junk.json", b"[1, 2, 3]", "không phải là một đối tượng"),
        (
            "dup.json",
            json.dumps([procedure("1.888888", "A"), procedure("1.888888", "B")]).encode(),
            "mã trùng trong tệp",
        ),
    ],
)
def test_admin_upload_of_hostile_files_shows_the_report(client, catalogue, django_user_model, name, content, expected):
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Matkhau@2026")
    admin_login(client, admin)
    before = snapshot()
    upload = io.BytesIO(content)
    upload.name = name
    response = client.post("/admin/catalogue/import/", {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html and "Không nhập gì" in html
    assert snapshot() == before


@pytest.mark.django_db
def test_admin_upload_report_in_english(client, catalogue, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Matkhau@2026")
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"
    profile.save()
    admin_login(client, admin)
    upload = io.BytesIO(b"code;agency\n1.000001;stp\n")
    upload.name = "x.csv"
    html = client.post("/admin/catalogue/import/", {"file": upload}).content.decode()
    assert "required column missing: name" in html
    assert "Nothing imported" in html


@pytest.mark.django_db
def test_anonymous_and_unprivileged_users_cannot_import(client, catalogue, django_user_model):
    response = client.get("/admin/catalogue/import/")
    assert response.status_code in (302, 403)
    user = django_user_model.objects.create_user("nguoidan", password="Matkhau@2026")
    admin_login(client, user)
    assert client.get("/admin/catalogue/import/").status_code in (302, 403)


@pytest.mark.django_db
def test_control_characters_are_removed(catalogue, tmp_path):
    from content.catalogue_io import import_procedures
    from content.models import ProcedurePage

    report = import_procedures(
        write_json(tmp_path, [procedure("1.666666", "Thủ\u0000 tục\u0007 có ký tự lạ", summary="a\u0000b")])
    )
    assert report.ok, report.lines()
    page = ProcedurePage.objects.get(code="1.666666")
    assert page.title == "Thủ tục có ký tự lạ" and page.summary == "ab"


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_everything_back(catalogue, tmp_path, monkeypatch):
    from content.catalogue_io import import_procedures, importing

    original = importing.apply_record
    calls = {"n": 0}

    def flaky(page, record, lookups):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ValueError("disk on fire")
        return original(page, record, lookups)

    monkeypatch.setattr(importing, "apply_record", flaky)
    before = snapshot()
    report = import_procedures(write_json(tmp_path, [procedure("1.111111", "Một"), procedure("1.111112", "Hai")]))
    assert not report.ok and not report.written
    assert report.rejected[0].row == 2 and "không ghi được" in report.rejected[0].reason
    assert snapshot() == before


@pytest.mark.django_db
def test_admin_upload_of_a_too_large_file(client, catalogue, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Matkhau@2026")
    admin_login(client, admin)
    upload = io.BytesIO(b"code,name\n" + b"x" * (20 * 1024 * 1024 + 10))
    upload.name = "qua-lon.csv"
    response = client.post("/admin/catalogue/import/", {"file": upload})
    assert response.status_code == 200
    assert "Tệp quá lớn: tối đa 20 MB" in response.content.decode()  # the streaming limit (issue 12)


# --- issue 12: nesting, cell and field lengths, XLSX parts, who may preview ---


def deep(depth):
    return "[" * depth + "]" * depth


@pytest.mark.django_db
def test_deeply_nested_json_file_is_refused_naming_the_item(catalogue, tmp_path):
    from content.catalogue_io import import_procedures

    before = snapshot()
    text = json.dumps({"procedures": [procedure("1.222222", "Một"), {"code": "1.222223", "steps": "X"}]})
    path = tmp_path / "sau.json"
    path.write_text(text.replace('"X"', deep(100_000)))
    report = import_procedures(path)
    assert not report.ok and not report.written
    assert [r.row for r in report.rejected] == [2]
    assert "lồng nhau quá sâu (quá 20 cấp, ở dòng 1)" in reasons(report)
    assert snapshot() == before


@pytest.mark.django_db
def test_deeply_nested_json_in_a_csv_cell_is_refused_naming_the_row(catalogue, tmp_path):
    from content.catalogue_io import import_procedures

    before = snapshot()
    path = tmp_path / "sau.csv"
    path.write_text(f"code,name,steps\n1.222222,Một,\n1.222223,Hai,{deep(5_000)}\n", encoding="utf-8")
    report = import_procedures(path)
    assert not report.ok
    assert [(r.row, r.code) for r in report.rejected] == [(3, "1.222223")]
    assert "cột “steps”: dữ liệu JSON lồng nhau quá sâu" in reasons(report)
    assert snapshot() == before


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def xlsx_with_shared_strings(tmp_path, megabytes, part="xl/sharedStrings.xml"):
    """A minimal workbook: header ``code, name``, one row whose name is the
    shared string 0, ``megabytes`` of "A" (written in chunks: the zip stays
    a few hundred KB), stored at ``part`` as [Content_Types].xml declares."""
    files = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPES}.worksheet+xml"/>'
            f'<Override PartName="/{part}" ContentType="{TYPES}.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/officeDocument"'
            ' Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
            '<sheet name="thu_tuc" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="/{part}"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{MAIN}"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>name</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>1.222222</t></is></c><c r="B2" t="s"><v>0</v></c></row>'
            "</sheetData></worksheet>"
        ),
    }
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
        with archive.open(part, "w") as handle:
            handle.write(f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode())
            chunk = b"A" * (1024 * 1024)
            for _ in range(megabytes):
                handle.write(chunk)
            handle.write(b"</t></si></sst>")
    return path


def _canonical(record):
    from content.catalogue_io.schema import KEYS

    out = {key: record.get(key, "") for key in KEYS}
    out.update(coordinating_agencies=[], applicants=["citizen"], processing_days=None)
    return out


@pytest.mark.django_db
def test_xlsx_shared_string_under_the_budget_is_read_then_refused_by_length(catalogue, tmp_path):
    from content.catalogue_io import import_procedures

    report = import_procedures(xlsx_with_shared_strings(tmp_path, 1))
    assert not report.ok
    assert [(r.row, r.code) for r in report.rejected] == [(2, "1.222222")]
    assert "“name” dài 1048576 ký tự, tối đa 100000 ký tự" in reasons(report)


@pytest.mark.django_db
@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/strings.xml"])
def test_xlsx_shared_string_bomb_is_refused_before_openpyxl_reads_it(catalogue, tmp_path, monkeypatch, part):
    import openpyxl

    from content.catalogue_io import import_procedures

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a workbook over budget")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    path = xlsx_with_shared_strings(tmp_path, 64, part)
    assert path.stat().st_size < 400 * 1024
    before = snapshot()
    report = import_procedures(path)
    assert not report.ok
    assert f"bảng tính quá lớn khi giải nén: {part} bảng chuỗi dùng chung 64 MB, tối đa 16 MB" in reasons(report)
    assert snapshot() == before


@pytest.mark.django_db
def test_xlsx_under_the_budget_still_imports(catalogue, tmp_path):
    from content.catalogue_io import import_procedures
    from content.catalogue_io.formats import write_xlsx

    path = tmp_path / "ok.xlsx"
    path.write_bytes(write_xlsx([_canonical(procedure("1.232323", "Thủ tục từ bảng tính"))]))
    report = import_procedures(path)
    assert report.ok and report.created == ["1.232323"], report.lines()


@pytest.mark.django_db
def test_oversized_cell_is_refused(catalogue, tmp_path):
    from content.catalogue_io import import_procedures

    path = tmp_path / "o.csv"
    path.write_text("code,name,summary\n1.222222,Một," + "x" * 200_000 + "\n", encoding="utf-8")
    report = import_procedures(path)
    assert not report.ok
    assert [r.row for r in report.rejected] == [2]
    assert "“summary” dài 200000 ký tự, tối đa 100000 ký tự" in reasons(report)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra, expected",
    [
        ({"steps": [{"title": "B" * 5000}]}, "steps, mục thứ 1: “title” dài 5000 ký tự, tối đa 255 ký tự"),
        (
            {"methods": [{"method": "online", "processing_time": "F" * 256}]},
            "methods, mục thứ 1: “processing_time” dài 256 ký tự, tối đa 255 ký tự",
        ),
        (
            {"fees": [{"name": "Lệ phí", "unit_label": "U" * 61}]},
            "fees, mục thứ 1: “unit_label” dài 61 ký tự, tối đa 60 ký tự",
        ),
        (
            {"components": [{"name": "Tờ khai"}, {"name": "Đơn", "case_group": "C" * 256}]},
            "components, mục thứ 2: “case_group” dài 256 ký tự",
        ),
        ({"legal_bases": [{"number": "N" * 121, "title": "Luật"}]}, "“number” dài 121 ký tự, tối đa 120"),
        ({"summary": "S" * 10_001}, "“summary” dài 10001 ký tự, tối đa 10000 ký tự"),
        ({"decision_number": "Q" * 121}, "“decision_number” dài 121 ký tự, tối đa 120 ký tự"),
        ({"conditions": "<p>" + "c" * 50_001 + "</p>"}, "“conditions” dài 50008 ký tự, tối đa 50000 ký tự"),
    ],
)
def test_text_longer_than_its_field_is_refused_not_cut(catalogue, tmp_path, extra, expected):
    from content.catalogue_io import import_procedures

    before = snapshot()
    report = import_procedures(write_json(tmp_path, [procedure("1.222222", "Một", **extra)]))
    assert not report.ok and not report.written
    assert expected in reasons(report), reasons(report)
    assert snapshot() == before


@pytest.mark.django_db
def test_row_count_limit(catalogue, tmp_path, monkeypatch):
    from content.catalogue_io import formats, import_procedures

    monkeypatch.setattr(formats, "MAX_ROWS", 2)
    path = tmp_path / "nhieu.csv"
    path.write_text("code,name\n1.000001,a\n1.000002,b\n1.000003,c\n", encoding="utf-8")
    report = import_procedures(path)
    assert not report.ok and "tệp có quá nhiều dòng (tối đa 2)" in reasons(report)


@pytest.fixture
def editorial(catalogue):
    from content.editorial import setup_editorial

    return setup_editorial()


def _user(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, f"{username}@example.vn", "Matkhau@2026")
    user.groups.add(group)
    return user


def _upload(records, name="moi.json"):
    upload = io.BytesIO(json.dumps({"procedures": records}, ensure_ascii=False).encode())
    upload.name = name
    return upload


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["department", "editors"])
def test_dry_run_preview_is_refused_to_those_who_may_not_import(client, editorial, django_user_model, who):
    group = editorial["departments"]["stp"] if who == "department" else editorial["editors"]
    admin_login(client, _user(django_user_model, "bientap", group))
    before = snapshot()
    assert client.get("/admin/catalogue/import/").status_code in (302, 403)  # Wagtail: back to /admin/
    response = client.post(
        "/admin/catalogue/import/", {"file": _upload([procedure("1.777777", "Xem trước")]), "dry_run": "on"}
    )
    assert response.status_code in (302, 403)
    assert "1.777777" not in response.content.decode()
    assert "/admin/catalogue/import/" not in client.get("/admin/").content.decode()  # no menu item either
    assert snapshot() == before


@pytest.mark.django_db
def test_approvers_still_preview_and_import(client, editorial, django_user_model):
    from content.models import ProcedurePage

    admin_login(client, _user(django_user_model, "pheduyet", editorial["approvers"]))
    response = client.post(
        "/admin/catalogue/import/", {"file": _upload([procedure("1.777777", "Nhập")]), "dry_run": "on"}
    )
    assert response.status_code == 200 and "Xem trước: chưa ghi gì" in response.content.decode()
    response = client.post("/admin/catalogue/import/", {"confirm": "1"})
    assert "Đã nhập xong" in response.content.decode()
    assert ProcedurePage.objects.get(code="1.777777").live


@pytest.mark.django_db
def test_admin_upload_of_deep_json_shows_the_report(client, catalogue, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Matkhau@2026")
    admin_login(client, admin)
    upload = io.BytesIO(b'{"procedures": [' + deep(50_000).encode() + b"]}")
    upload.name = "sau.json"
    response = client.post("/admin/catalogue/import/", {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "lồng nhau quá sâu" in html and "Không nhập gì" in html


# --- issue 12: the streaming size limit of the admin upload, CSRF still checked ---

TWENTY_FIVE_MB = 25 * 1024 * 1024


@pytest.fixture
def written_to_temp(settings, tmp_path, monkeypatch):
    """Uploads go to ``tmp_path``; returns the list of bytes Django's
    temporary-file handler wrote per chunk."""
    from django.core.files import uploadhandler

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    written = []
    original = uploadhandler.TemporaryFileUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        written.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(uploadhandler.TemporaryFileUploadHandler, "receive_data_chunk", spy)
    return written


def _csrf_client(django_user_model):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Matkhau@2026")
    admin_login(client, admin)
    assert client.get("/admin/catalogue/import/").status_code == 200
    return client, client.cookies["csrftoken"].value


@pytest.mark.django_db
def test_a_25_mb_upload_is_refused_while_streaming(catalogue, django_user_model, written_to_temp, tmp_path):
    from content.catalogue_io.limits import MAX_FILE_BYTES

    client, token = _csrf_client(django_user_model)
    before = snapshot()
    rows = b"".join(b"1.%06d,Th\xe1\xbb\xa7 t\xe1\xbb\xa5c %d\n" % (i, i) for i in range(10))
    upload = io.BytesIO(b"code,name\n" + rows + b"x" * TWENTY_FIVE_MB)
    upload.name = "qua-lon.csv"
    # the token after the file: the fields behind a dropped file are still read
    response = client.post("/admin/catalogue/import/", {"file": upload, "dry_run": "", "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tệp quá lớn: tối đa 20 MB" in html
    assert "Trường này là bắt buộc" not in html and "This field is required" not in html
    assert snapshot() == before
    assert "content_catalogue_import" not in client.session
    assert 0 < sum(written_to_temp) <= MAX_FILE_BYTES
    assert list(tmp_path.iterdir()) == []  # the part written was deleted


@pytest.mark.django_db
def test_an_upload_under_the_limit_still_previews_with_csrf(catalogue, django_user_model, written_to_temp):
    client, token = _csrf_client(django_user_model)
    body = json.dumps({"procedures": [procedure("1.262626", "Thủ tục vừa cỡ")]}).encode()
    upload = io.BytesIO(body + b" " * (3 * 1024 * 1024))  # over the in-memory size: a temporary file
    upload.name = "vua.json"
    response = client.post("/admin/catalogue/import/", {"csrfmiddlewaretoken": token, "file": upload, "dry_run": "on"})
    assert response.status_code == 200
    assert "Tệp quá lớn" not in response.content.decode()
    assert sum(written_to_temp) == len(body) + 3 * 1024 * 1024
    assert "content_catalogue_import" in client.session  # previewed, ready to confirm


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, TWENTY_FIVE_MB])
def test_an_upload_without_csrf_token_is_still_refused(catalogue, django_user_model, size):
    client, _token = _csrf_client(django_user_model)
    before = snapshot()
    upload = io.BytesIO(json.dumps({"procedures": [procedure("1.272727", "Không token")]}).encode() + b" " * size)
    upload.name = "khong-token.json"
    response = client.post("/admin/catalogue/import/", {"file": upload})
    assert response.status_code == 403
    assert client.post("/admin/catalogue/import/", {"confirm": "1"}).status_code == 403
    assert snapshot() == before


def test_the_limit_counts_every_file_of_the_request():
    from django.core.files.uploadhandler import SkipFile

    from content.catalogue_io.uploads import LimitedUploadHandler

    handler = LimitedUploadHandler(limit=10)
    assert handler.receive_data_chunk(b"123456", 0) == b"123456"
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"12345", 6)
    assert handler.too_large
    with pytest.raises(SkipFile):  # a second file of the same request
        handler.receive_data_chunk(b"1", 0)
