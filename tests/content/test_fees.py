"""The fee schedule and its calculator (content.fees), and the schedule
through the catalogue import/export."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType

from content.fees import FeeError, clean_units, format_vnd, quote
from content.models import ProcedureFee, ProcedureFeeExemption, ProcedurePage

LLTP_FEE = "Phí cung cấp thông tin lý lịch tư pháp"


@pytest.fixture(autouse=True)
def _content_type_known(django_db_setup, django_db_blocker):
    """An unsaved page still asks for its content type (``Page.__init__``):
    looked up once here, so these tests pass alone, not only after a test
    that filled the cache."""
    with django_db_blocker.unblock():
        ContentType.objects.get_for_model(ProcedurePage)


def page_with(fees=(), exemptions=()):
    """An unsaved procedure with its schedule: the calculator needs no database."""
    page = ProcedurePage(title="Thủ tục", code="1.000001")
    page.fees = [ProcedureFee(sort_order=i, **row) for i, row in enumerate(fees)]
    page.fee_exemptions = [ProcedureFeeExemption(sort_order=i, **row) for i, row in enumerate(exemptions)]
    return page


def residence():
    return page_with(
        [
            {"name": "Lệ phí đăng ký thường trú", "amount_vnd": 20000, "unit_label": "lần đăng ký"},
            {
                "name": "Lệ phí đăng ký thường trú",
                "amount_vnd": 10000,
                "unit_label": "lần đăng ký",
                "channel": "online",
                "legal_basis": "Thông tư số 75/2022/TT-BTC",
            },
        ],
        [{"category": "Người thuộc hộ nghèo", "percent": 100, "proof_name": "Giấy chứng nhận hộ nghèo"}],
    )


def criminal_record():
    return page_with(
        [
            {"name": LLTP_FEE, "kind": "phi", "amount_vnd": 200000, "unit_label": "lần/người"},
            {
                "name": "Phí cấp Phiếu từ Phiếu thứ 3 trở đi",
                "kind": "phi",
                "amount_vnd": 5000,
                "unit": "unit",
                "unit_label": "phiếu",
                "free_units": 2,
            },
        ],
        [
            {"category": "Sinh viên", "percent": 50, "fee_name": LLTP_FEE, "proof_name": "Thẻ sinh viên"},
            {"category": "Trẻ em", "percent": 100, "fee_name": LLTP_FEE, "proof_name": "Giấy khai sinh"},
        ],
    )


def test_money_is_written_with_dots_and_đ():
    assert format_vnd(10000) == "10.000 đ"
    assert format_vnd(1200000) == "1.200.000 đ"
    assert format_vnd(0) == "0 đ"


def test_the_online_row_is_the_online_reduction():
    page = residence()
    assert quote(page, "in_person").total == 20000
    assert quote(page, "online").total == 10000
    assert quote(page, "postal").total == 20000  # no postal row: the every-channel row
    line = quote(page, "online").lines[0]
    assert "nộp trực tuyến" in line.wording and "10.000 đ" in line.wording
    assert "Thông tư số 75/2022/TT-BTC" in line.wording


def test_an_exempted_category_pays_nothing():
    result = quote(residence(), "online", category="Người thuộc hộ nghèo")
    assert result.total == 0 and result.exempt
    assert result.lines[0].reduction_percent == 100
    assert "miễn (Người thuộc hộ nghèo)" in result.lines[0].wording
    assert result.summary() == "Miễn lệ phí"


def test_per_copy_fee_from_the_third_copy():
    page = criminal_record()
    assert quote(page, "online", units=1).total == 200000
    assert [line.name for line in quote(page, "online", units=2).lines] == [LLTP_FEE]
    three = quote(page, "online", units=3)
    assert three.total == 205000 and three.lines[1].quantity == 1
    assert "× 1 = 5.000 đ" in three.lines[1].wording
    assert quote(page, "online", units=10).total == 200000 + 8 * 5000


def test_a_reduction_applies_to_its_row_only():
    student = quote(criminal_record(), "online", category="Sinh viên", units=4)
    assert [line.amount for line in student.lines] == [100000, 10000]
    assert student.total == 110000
    assert "giảm 50% (Sinh viên), còn 100.000 đ" in student.lines[0].wording
    child = quote(criminal_record(), "online", category="Trẻ em")
    assert child.total == 0 and child.summary() == "Miễn phí"


def test_pages_with_a_capped_first_rate():
    page = page_with(
        [
            {
                "name": "Trang 1–2",
                "kind": "phi",
                "amount_vnd": 2000,
                "unit": "unit",
                "unit_label": "trang",
                "max_units": 2,
            },
            {
                "name": "Từ trang 3",
                "kind": "phi",
                "amount_vnd": 1000,
                "unit": "unit",
                "unit_label": "trang",
                "free_units": 2,
            },
        ]
    )
    assert quote(page, "in_person", units=1).total == 2000
    assert quote(page, "in_person", units=5).total == 2 * 2000 + 3 * 1000


def test_no_schedule_no_fee():
    result = quote(page_with(), "online")
    assert result.total == 0 and result.lines == [] and result.summary() == "Không thu phí, lệ phí"


def test_a_free_procedure_says_miễn_lệ_phí():
    page = page_with([{"name": "Lệ phí đăng ký khai sinh đúng hạn", "amount_vnd": 0}])
    assert quote(page, "online").summary() == "Miễn lệ phí"


@pytest.mark.parametrize(
    ("units", "message"),
    [
        (-1, "Số lượng phải từ 1 trở lên."),
        (0, "Số lượng phải từ 1 trở lên."),
        (10**9, "Số lượng tối đa là 1000."),
        ("abc", "Số lượng phải là một số nguyên."),
        ("2.5", "Số lượng phải là một số nguyên."),
        ("NaN", "Số lượng phải là một số nguyên."),
        ("1e400", "Số lượng tối đa là 1000."),
        (True, "Số lượng phải là một số nguyên."),
        ("3\x00", "Số lượng phải là một số nguyên."),
    ],
)
def test_bad_units_are_refused_in_vietnamese(units, message):
    with pytest.raises(FeeError) as error:
        quote(criminal_record(), "online", units=units)
    assert str(error.value) == message


def test_units_as_the_e_form_stores_them():
    assert clean_units("3") == 3 and clean_units("3.0") == 3 and clean_units(None) == 1 and clean_units("") == 1


@pytest.mark.parametrize("category", ["Người giàu", "<script>alert(1)</script>", ["Trẻ em"], "Trẻ em\x00"])
def test_a_category_not_in_the_schedule_is_refused(category):
    with pytest.raises(FeeError) as error:
        quote(criminal_record(), "online", category=category)
    assert "không có trong danh sách" in str(error.value)


def test_a_bad_channel_is_refused():
    with pytest.raises(FeeError):
        quote(residence(), "all")


def test_the_sheet_summary_lists_every_row_and_exemption():
    text = residence().fee_summary
    assert "Lệ phí đăng ký thường trú: 20.000 đ/lần đăng ký" in text
    assert "Lệ phí đăng ký thường trú (trực tuyến): 10.000 đ/lần đăng ký" in text
    assert "Người thuộc hộ nghèo: miễn" in text


# --- through the catalogue import/export -----------------------------------

SCHEDULE = {
    "fees": [
        {"name": LLTP_FEE, "kind": "phi", "amount_vnd": 200000, "unit_label": "lần/người"},
        {
            "name": "Phí cấp Phiếu từ Phiếu thứ 3 trở đi",
            "kind": "phí",
            "amount_vnd": "5.000",
            "unit": "unit",
            "unit_label": "phiếu",
            "free_units": 2,
            "legal_basis": "Thông tư số 244/2016/TT-BTC",
        },
    ],
    "fee_exemptions": [{"category": "Trẻ em", "percent": 100, "fee_name": LLTP_FEE, "proof_name": "Giấy khai sinh"}],
    "payment_pauses_clock": "có",
}


@pytest.mark.django_db
def test_import_reads_the_schedule_and_the_pause_flag(catalogue, tmp_path):
    from content.catalogue_io import import_procedures

    from .conftest import write_json

    report = import_procedures(
        write_json(tmp_path, [{"code": "3.000333", "name": "Cấp Phiếu lý lịch tư pháp", **SCHEDULE}])
    )
    assert report.updated == ["3.000333"], report.lines()
    page = ProcedurePage.objects.get(code="3.000333")
    assert [(f.name, f.amount_vnd, f.kind) for f in page.fees.all()] == [
        (LLTP_FEE, 200000, "phi"),
        ("Phí cấp Phiếu từ Phiếu thứ 3 trở đi", 5000, "phi"),
    ]
    assert page.fee_exemptions.get().category == "Trẻ em"
    assert page.payment_pauses_clock is True
    assert page.fee_quote("online", units=3).total == 205000


@pytest.mark.django_db
@pytest.mark.parametrize("extension", ["json", "csv", "xlsx"])
def test_the_schedule_survives_export_and_import(catalogue, tmp_path, extension):
    from content.catalogue_io import export_procedures, import_procedures

    from .conftest import write_json

    import_procedures(write_json(tmp_path, [{"code": "3.000333", "name": "Cấp Phiếu lý lịch tư pháp", **SCHEDULE}]))
    exported = tmp_path / f"all.{extension}"
    export_procedures(exported)
    ProcedurePage.objects.get(code="3.000333").fees.all().delete()
    report = import_procedures(exported)
    assert report.ok and report.updated == ["3.000333"], report.lines()
    page = ProcedurePage.objects.get(code="3.000333")
    assert page.fees.count() == 2 and page.fee_exemptions.count() == 1
    assert page.fee_quote("online", category="Trẻ em", units=3).total == 5000
    again = import_procedures(exported)
    assert len(again.unchanged) == 5 and not again.updated


@pytest.mark.django_db
def test_an_old_file_with_fee_vnd_still_imports(catalogue, tmp_path):
    from content.catalogue_io import import_procedures

    from .conftest import write_json

    old = {
        "code": "1.000656",
        "name": "Đăng ký khai tử",
        "fee_vnd": "8.000",
        "methods": [{"method": "trực tiếp", "processing_time": "1 ngày", "fee": "8.000 đồng/trường hợp"}],
    }
    report = import_procedures(write_json(tmp_path, [old]))
    assert report.ok, report.lines()
    page = ProcedurePage.objects.get(code="1.000656")
    row = page.fees.get()
    assert (row.amount_vnd, row.channel, row.note) == (8000, "all", "8.000 đồng/trường hợp")
    assert page.fee_vnd == 8000 and page.methods.get().fee.startswith("Phí, lệ phí: 8.000 đ")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fees", "reason"),
    [
        ([{"name": "X", "amount_vnd": -5}], "mức thu nằm ngoài giới hạn"),
        ([{"name": "X", "amount_vnd": 10**12}], "mức thu nằm ngoài giới hạn"),
        ([{"name": "X", "amount_vnd": "hai trăm"}], "không phải là số"),
        ([{"name": "", "amount_vnd": 1}], "thiếu tên khoản thu"),
        ([{"name": "X", "channel": "bồ câu"}], "hình thức nộp của khoản thu"),
        (["<script>"], "không hợp lệ"),
        ([{"name": "X" * 300}], "tối đa 255 ký tự"),
        ([{"name": "Lệ phí", "amount_vnd": 1}, {"name": "Lệ phí", "amount_vnd": 2}], "có hai dòng “Lệ phí”"),
    ],
)
def test_a_bad_schedule_is_refused_with_a_reason(catalogue, tmp_path, fees, reason):
    from content.catalogue_io import import_procedures

    from .conftest import write_json

    before = list(ProcedurePage.objects.get(code="3.000333").fees.values_list("amount_vnd", flat=True))
    report = import_procedures(write_json(tmp_path, [{"code": "3.000333", "name": "LLTP", "fees": fees}]))
    assert not report.ok
    assert reason in " ".join(report.lines())
    assert list(ProcedurePage.objects.get(code="3.000333").fees.values_list("amount_vnd", flat=True)) == before


def test_demo_fee_schedules_are_keyed_by_codes_of_the_demo_catalogue():
    from content.demo_catalogue import FEES_PATH, PROCEDURES_PATH

    fees = json.loads(FEES_PATH.read_text(encoding="utf-8"))["procedures"]
    codes = {row["code"] for row in json.loads(PROCEDURES_PATH.read_text(encoding="utf-8"))["procedures"]}
    assert set(fees) <= codes
    assert fees["1.004222"]["fees"][1] == {**fees["1.004222"]["fees"][1], "channel": "online", "amount_vnd": 10000}


@pytest.mark.django_db
def test_the_sheet_shows_the_schedule_and_the_exemptions(catalogue, tmp_path, client):
    from content.catalogue_io import import_procedures

    from .conftest import write_json

    import_procedures(write_json(tmp_path, [{"code": "3.000333", "name": "Cấp Phiếu lý lịch tư pháp", **SCHEDULE}]))
    page = ProcedurePage.objects.get(code="3.000333")
    text = client.get(page.url).content.decode()
    assert "Phí cấp Phiếu từ Phiếu thứ 3 trở đi" in text and "(từ phiếu thứ 3 trở đi)" in text
    assert "<strong>200.000 đồng</strong>/lần/người" in text
    assert "Trẻ em: miễn" in text and "Giấy khai sinh" in text
    assert client.get(page.url + "pdf/").status_code == 200


@pytest.mark.django_db
def test_the_demo_loader_merges_the_fee_schedules():
    from content import demo_loader as demo
    from content.demo_catalogue import AGENCIES_PATH, FIELDS_PATH, PROCEDURES_PATH

    sections = demo.ensure_site_tree()
    demo.load_agencies(sections["co-quan"], demo._read_json(AGENCIES_PATH, "agencies"))
    demo.load_fields(sections["linh-vuc"], demo._read_json(FIELDS_PATH, "fields"))
    codes = ["1.004222", "3.000333", "1.001193", "2.000815", "1.012788"]
    report = demo.import_demo_procedures(PROCEDURES_PATH, codes=codes)
    assert report.ok, report.lines()
    pages = {p.code: p for p in ProcedurePage.objects.filter(code__in=codes)}
    residence, lltp, birth, copy, land = (pages[c] for c in codes)
    assert residence.fee_quote("online").total == 10000 and residence.fee_quote("in_person").total == 20000
    assert residence.fee_quote("online", category="Người thuộc hộ nghèo").total == 0
    assert lltp.fee_quote("online", units=3).total == 205000
    assert lltp.fee_quote("online", category="Sinh viên").total == 100000
    assert lltp.fee_quote("online", category="Trẻ em").total == 0
    assert birth.fee_quote("online").summary() == "Miễn lệ phí"
    assert copy.fee_quote("in_person", units=4).total == 2 * 2000 + 2 * 1000
    assert land.payment_pauses_clock and not residence.payment_pauses_clock


@pytest.mark.django_db
def test_an_exemption_of_a_charge_not_in_the_schedule_is_refused(catalogue, tmp_path):
    from content.catalogue_io import import_procedures

    from .conftest import write_json

    record = {**SCHEDULE, "fee_exemptions": [{"category": "Trẻ em", "fee_name": "Lệ phí không có"}]}
    report = import_procedures(write_json(tmp_path, [{"code": "3.000333", "name": "LLTP", **record}]))
    assert not report.ok
    assert "áp dụng cho khoản thu “Lệ phí không có” không có trong biểu phí" in " ".join(report.lines())


def test_schedule_problems_in_english():
    from django.utils import translation

    from content.fees import schedule_problems

    with translation.override("en"):
        (problem,) = schedule_problems([{"name": "A"}, {"name": "A"}], [])
    assert "two rows" in problem


def _fee_row(name, amount, channel="all"):
    return {
        "name": name,
        "kind": "le_phi",
        "channel": channel,
        "amount_vnd": str(amount),
        "unit": "dossier",
        "unit_label": "lần đăng ký",
        "free_units": "0",
        "max_units": "",
        "legal_basis": "",
        "note": "",
    }


@pytest.mark.django_db
def test_the_editor_keeps_the_schedule_in_the_admin(client, django_user_model, catalogue):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset

    from content.editorial import setup_editorial
    from content.models import AgencyPage, FieldPage

    from .conftest import admin_login
    from .test_editorial import make_user, procedure_form

    groups = setup_editorial()
    editor = make_user(django_user_model, "bientap", groups["editors"])
    admin_login(client, editor)
    agency, field = AgencyPage.objects.get(code="ubnd-xuan-huong"), FieldPage.objects.get(code="ho-tich")
    add_url = reverse("wagtailadmin_pages:add", args=("content", "procedurepage", catalogue["thu-tuc"].pk))
    twice = inline_formset([_fee_row("Lệ phí", 20000), _fee_row("Lệ phí", 10000)])
    response = client.post(add_url, procedure_form(agency, field, fees=twice, **{"action-submit": "Gửi duyệt"}))
    assert response.status_code == 200
    assert "có hai dòng “Lệ phí”" in response.content.decode()
    assert not ProcedurePage.objects.filter(code="1.000775").exists()

    rows = inline_formset([_fee_row("Lệ phí", 20000), _fee_row("Lệ phí", 10000, channel="online")])
    response = client.post(add_url, procedure_form(agency, field, fees=rows, **{"action-submit": "Gửi duyệt"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ProcedurePage.objects.get(code="1.000775")
    assert (page.fee_quote("in_person").total, page.fee_quote("online").total) == (20000, 10000)
