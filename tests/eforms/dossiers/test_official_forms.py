"""The official forms of Circular 03/2025/TT-VPCP (Mẫu 01–07; Mẫu 05 in
test_stop_notice.py): headers by
Decree 30/2020 (parent body, issuing body, place name of the dateline),
the register book and number, dates in the forms' wording, the register
as PDF and XLSX, and the officers' views (same access check as the
detail page, audited; bad periods answered clearly).

``FORMS_PNG_DIR=/tmp/forms`` keeps a PNG of each rendered form."""

import datetime as dt
import io
import os
from decimal import Decimal

import openpyxl
import pypdfium2 as pdfium
import pytest
from django.urls import reverse
from django.utils import timezone

from content.constants import AgencyKind, GovernmentLevel
from eforms.dossiers.constants import Channel, DossierStatus
from eforms.dossiers.documents.apology import apology_pdf
from eforms.dossiers.documents.control import control_pdf, steps
from eforms.dossiers.documents.issuer import issuer_of
from eforms.dossiers.documents.receipt import render_receipt_pdf
from eforms.dossiers.documents.refusal import NotRefused, refusal_pdf
from eforms.dossiers.documents.register import PeriodError, entry_of, parse_period
from eforms.dossiers.documents.register_sheet import register_pdf, register_xlsx
from eforms.dossiers.documents.supplement import supplement_pdf
from eforms.dossiers.models import ApologyLetter, AuditEvent, DossierStatusChange, SupplementRequest
from portal.pdf import fitted_lines
from tests.eforms.factories import (
    AgencyPageFactory,
    DossierFactory,
    OfficerFactory,
    ProcedurePageFactory,
    deliver,
    login,
)

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


def at(day, hour, minute=0):
    return dt.datetime(2026, 7, day, hour, minute, tzinfo=TZ)


def pdf_text(data, name=None):
    """All pages' text; with ``FORMS_PNG_DIR`` the first page as a PNG."""
    pdf = pdfium.PdfDocument(data)
    texts = [page.get_textpage().get_text_range() for page in pdf]
    out = os.environ.get("FORMS_PNG_DIR")
    if out and name:
        os.makedirs(out, exist_ok=True)
        for index, page in enumerate(pdf):
            suffix = "" if index == 0 else f"-{index + 1}"
            page.render(scale=2).to_pil().save(os.path.join(out, f"{name}{suffix}.png"))
    return "\n".join(texts).replace("\r\n", "\n").replace("\ufffe", "").replace("\x02", "")


def flat(text):
    """Text with line breaks folded to spaces (a long line may wrap)."""
    return " ".join(text.split())


@pytest.fixture
def stp(home_page):
    return AgencyPageFactory(
        title="Sở Tư pháp tỉnh Lâm Đồng",
        code="stp",
        kind=AgencyKind.DEPARTMENT,
        level=GovernmentLevel.PROVINCE,
        address="Số 36 Trần Phú, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
        phone="0263 3822 123",
        head_title="Giám đốc Sở",
        head_name="Trần Văn Minh",
        receiving_unit_code="000.00.05.H41",
    )


@pytest.fixture
def ward(home_page):
    return AgencyPageFactory(
        title="UBND phường Xuân Hương - Đà Lạt",
        code="ubnd-xuan-huong",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        level=GovernmentLevel.COMMUNE,
        address="Số 2 Nguyễn Thị Minh Khai, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
        head_title="Chủ tịch UBND phường",
        receiving_unit_code="000.21.31.H41",
    )


@pytest.fixture
def officer(stp):
    return OfficerFactory(username="canbo-stp", first_name="Lê Thị", last_name="Hoa", agency=stp)


def make_dossier(agency, officer=None, **extra):
    procedure = ProcedurePageFactory(
        agency=agency,
        title="Cấp phiếu lý lịch tư pháp cho công dân Việt Nam",
        processing_days=Decimal("10"),
        components=[("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", 1, 0, True), ("Bản chụp CCCD", 0, 1, True)],
    )
    values = {
        "procedure": procedure,
        "applicant_name": "Nguyễn Thị Hồng Nhung",
        "applicant_id_number": "068190001234",
        "received_at": at(6, 9, 15),
        "due_at": at(20, 14, 0),
        "processing_days": Decimal("10"),
        "status": DossierStatus.PROCESSING,
        "channel": Channel.IN_PERSON,
        "result_place": "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng",
    }
    values.update(extra)
    dossier = DossierFactory(with_attachment=True, **values)
    deliver(dossier)
    rows = [
        (None, DossierStatus.NEW, at(6, 9, 15), None, "Công dân", "Nộp hồ sơ tại quầy"),
        (DossierStatus.NEW, DossierStatus.ACCEPTED, at(6, 9, 20), officer, "", "Hồ sơ đầy đủ, hợp lệ"),
        (DossierStatus.ACCEPTED, DossierStatus.PROCESSING, at(7, 8, 5), officer, "", "Chuyển phòng chuyên môn"),
    ]
    for from_status, to_status, when, actor, label, note in rows:
        DossierStatusChange.objects.create(
            dossier=dossier,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            actor_label=label or (actor.get_full_name() if actor else "Hệ thống"),
            note=note,
            created_at=when,
        )
    return dossier


@pytest.fixture
def dossier(stp, officer):
    return make_dossier(stp, officer)


# --- headers ---------------------------------------------------------------------


def test_department_header_is_the_department_under_the_province(stp):
    who = issuer_of(stp)
    assert who.parent == "UBND TỈNH LÂM ĐỒNG"
    assert who.name == "SỞ TƯ PHÁP"
    assert who.place == "Lâm Đồng"


def test_commune_header_and_place_name(ward):
    who = issuer_of(ward)
    assert who.parent == ""
    assert who.name == "ỦY BAN NHÂN DÂN\nPHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT"
    assert who.place == "Xuân Hương - Đà Lạt"


def test_place_names_derived_safely(home_page, settings):
    numbered = AgencyPageFactory(title="UBND Phường 1", kind=AgencyKind.PEOPLES_COMMITTEE, level="commune")
    assert issuer_of(numbered).place == "Phường 1"
    by_address = AgencyPageFactory(
        title="Trung tâm Phục vụ hành chính công",
        kind=AgencyKind.SERVICE_CENTER,
        level="commune",
        address="Thôn 1, xã Lạc Dương, tỉnh Lâm Đồng",
    )
    who = issuer_of(by_address)
    assert (who.parent, who.name, who.place) == ("UBND XÃ LẠC DƯƠNG", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "Lạc Dương")
    nothing = AgencyPageFactory(title="Tổ công tác", kind=AgencyKind.SERVICE_CENTER, level="commune", address="")
    assert issuer_of(nothing).place == "Lâm Đồng"  # nothing names a commune: the province
    settings.DOCUMENT_PLACE_NAMES = {nothing.code: "Đà Lạt"}
    settings.DOCUMENT_PARENT_BODIES = {nothing.code: "UBND phường Lâm Viên - Đà Lạt"}
    who = issuer_of(nothing)
    assert (who.place, who.parent) == ("Đà Lạt", "UBND PHƯỜNG LÂM VIÊN - ĐÀ LẠT")
    police = AgencyPageFactory(title="Công an tỉnh Lâm Đồng", kind=AgencyKind.CENTRAL_BRANCH)
    assert (issuer_of(police).parent, issuer_of(police).name) == ("BỘ CÔNG AN", "CÔNG AN TỈNH LÂM ĐỒNG")


def test_header_lines_shrink_then_cut_between_words_only():
    lines, size = fitted_lines("PHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT", 200, size=11)
    assert lines == ["PHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT"] and size <= 11
    lines, size = fitted_lines("VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI TỈNH LÂM ĐỒNG CHI NHÁNH ĐÀ LẠT", 150, size=11)
    assert len(lines) >= 2 and size >= 8.5
    assert " ".join(lines) == "VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI TỈNH LÂM ĐỒNG CHI NHÁNH ĐÀ LẠT"
    assert not any(line.endswith("ĐÀ") for line in lines)


# --- Mẫu 01 ----------------------------------------------------------------------


def test_receipt_department_header_register_entry_and_dates(dossier):
    text = pdf_text(render_receipt_pdf(dossier), "mau-01-so-tu-phap")
    lines = [line.strip() for line in text.splitlines()]
    assert "UBND TỈNH LÂM ĐỒNG" in lines
    assert lines.index("SỞ TƯ PHÁP") == lines.index("UBND TỈNH LÂM ĐỒNG") + 1
    assert "SỞ TƯ PHÁP TỈNH LÂM ĐỒNG" not in text
    assert "Lâm Đồng, ngày 06 tháng 07 năm 2026" in text
    for expected in (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        dossier.code,
        "09 giờ 15 phút, ngày 06 tháng 07 năm 2026",
        "14 giờ 00 phút, ngày 20 tháng 07 năm 2026",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 2026, Số thứ tự: 1",
        "Lê Thị Hoa",  # the officer who accepted it signs as receiver
    ):
        assert expected in flat(text), expected


def test_commune_receipt_is_dated_with_the_ward_and_keeps_its_name_whole(ward):
    dossier = make_dossier(ward)
    text = pdf_text(render_receipt_pdf(dossier), "mau-01-phuong")
    lines = [line.strip() for line in text.splitlines()]
    assert "PHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT" in lines
    assert "ĐÀ" not in lines and "LẠT" not in lines
    assert "Xuân Hương - Đà Lạt, ngày 06 tháng 07 năm 2026" in flat(text)
    assert "Lâm Đồng, ngày" not in text


def test_register_number_is_the_agency_yearly_sequence(stp, officer, settings):
    first = make_dossier(stp, officer, received_at=at(1, 8, 0))
    second = make_dossier(stp, officer, received_at=at(2, 8, 0))
    assert (entry_of(first).number, entry_of(second).number) == (1, 2)
    settings.DOSSIER_REGISTER_BOOKS = {"stp": "02/{year}"}
    assert entry_of(second).book == "02/2026"
    assert "Quyển số: 02/2026, Số thứ tự: 2" in flat(pdf_text(render_receipt_pdf(second)))


# --- Mẫu 02 / 03 / 04 / 06 -------------------------------------------------------


def test_supplement_request_form(dossier, officer):
    request = SupplementRequest.objects.create(
        dossier=dossier,
        items="Bản chụp CCCD còn hạn\nGiấy ủy quyền có chứng thực",
        requested_by=officer,
        deadline_at=at(13, 17, 0),
    )
    SupplementRequest.objects.filter(pk=request.pk).update(requested_at=at(8, 10, 30))
    request.refresh_from_db()
    text = flat(pdf_text(supplement_pdf(request), "mau-02"))
    for expected in (
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "UBND TỈNH LÂM ĐỒNG",
        "SỞ TƯ PHÁP",
        f"Số: {dossier.code}/HDHS",
        "Lâm Đồng, ngày 08 tháng 07 năm 2026",
        "tiếp nhận ngày 06/07/2026",
        "- Bản chụp CCCD còn hạn",
        "- Giấy ủy quyền có chứng thực",
        "trước 17 giờ 00 phút, ngày 13/07/2026",
        "NGƯỜI HƯỚNG DẪN",
        "Lê Thị Hoa",
        "0263 3822 123",
    ):
        assert expected in text, expected


def test_refusal_form_with_the_reason_from_history(stp, officer):
    dossier = make_dossier(stp, officer, status=DossierStatus.NOT_ACCEPTED)
    DossierStatusChange.objects.create(
        dossier=dossier,
        from_status=DossierStatus.PROCESSING,
        to_status=DossierStatus.NOT_ACCEPTED,
        actor=officer,
        actor_label="Lê Thị Hoa",
        note="Quá hạn bổ sung hồ sơ theo phiếu yêu cầu ngày 08/07/2026.",
        created_at=at(15, 16, 45),
    )
    text = flat(pdf_text(refusal_pdf(dossier), "mau-03"))
    for expected in (
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "SỞ TƯ PHÁP",
        f"Số: {dossier.code}/TCHS",
        "Lâm Đồng, ngày 15 tháng 07 năm 2026",
        "nộp ngày 06/07/2026",
        "Quá hạn bổ sung hồ sơ theo phiếu yêu cầu ngày 08/07/2026.",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
    ):
        assert expected in text, expected


def test_refusal_needs_a_refused_dossier(dossier):
    with pytest.raises(NotRefused):
        refusal_pdf(dossier)


def test_apology_writes_hours_and_minutes(dossier, officer):
    letter = ApologyLetter.objects.create(
        dossier=dossier,
        officer=officer,
        previous_due_at=at(20, 14, 0),
        new_due_at=at(24, 16, 0),
        reason="Cần xác minh thông tin tại cơ quan khác.",
    )
    text = flat(pdf_text(apology_pdf(letter), "mau-04"))
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert "đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ" in text
    assert "14 giờ 00 phút, ngày 20/07/2026" in text
    assert "SỞ TƯ PHÁP" in text and "UBND TỈNH LÂM ĐỒNG" in text
    assert "24/07/2026" in text


def test_control_sheet_every_step(dossier, officer):
    DossierStatusChange.objects.create(
        dossier=dossier,
        from_status=DossierStatus.PROCESSING,
        to_status=DossierStatus.COMPLETED,
        actor=officer,
        actor_label="Lê Thị Hoa",
        note="Trình ký",
        created_at=at(21, 9, 0),
    )
    found = steps(dossier)
    assert [s.result for s in found] == ["—", "Trước hạn", "Trước hạn", "Quá hạn"]
    assert found[1].giver == "Hệ thống thông tin giải quyết TTHC" and found[1].receiver == "Lê Thị Hoa"
    text = flat(pdf_text(control_pdf(dossier), "mau-06"))
    for expected in (
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "SỞ TƯ PHÁP",
        f"Mã hồ sơ: {dossier.code}",
        "09 giờ 20 phút, ngày 06/07/2026",
        "09 giờ 00 phút, ngày 21/07/2026",
        "Người giao: Lê Thị Hoa",
        "Quá hạn",
        "Trước hạn",
    ):
        assert expected in text, expected


# --- Mẫu 07 ----------------------------------------------------------------------


def test_register_pdf_and_xlsx(dossier, stp, officer):
    make_dossier(stp, officer, received_at=at(9, 14, 30), applicant_name='=HYPERLINK("http://x")')
    text = flat(pdf_text(register_pdf([stp], dt.date(2026, 7, 1), dt.date(2026, 7, 31)), "mau-07"))
    for expected in ("SỔ THEO DÕI HỒ SƠ", "SỞ TƯ PHÁP", "Quyển số: 2026", "Từ ngày 01/07/2026 đến ngày 31/07/2026"):
        assert expected in text, expected
    assert "06/07/2026" in text and "20/07/2026" in text
    book = openpyxl.load_workbook(io.BytesIO(register_xlsx([stp], dt.date(2026, 7, 1), dt.date(2026, 7, 31))))
    sheet = book["stp"]
    header = [c.value for c in sheet[7]]
    assert "Nhận hồ sơ" in header and "Hẹn trả kết quả" in header
    assert sheet.cell(row=6, column=8).value == "Ngày, tháng, năm"
    first, second = list(sheet.iter_rows(min_row=8, values_only=True))
    assert first[0] == 1 and first[1] == dossier.code
    assert first[7] == at(6, 9, 15).replace(tzinfo=None) and first[8] == at(20, 14).replace(tzinfo=None)
    assert sheet.cell(row=8, column=8).number_format == "dd/mm/yyyy hh:mm"
    assert second[4] == '=HYPERLINK("http://x")' and sheet.cell(row=9, column=5).data_type == "s"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("", "31/07/2026", "Vui lòng nhập ngày bắt đầu"),
        ("32/07/2026", "31/07/2026", "không đúng dạng ngày/tháng/năm"),
        ("01/08/2026", "31/07/2026", "Ngày kết thúc phải sau"),
        ("01/01/2024", "31/12/2025", "tối đa 366 ngày"),
        ("x" * 5000, "31/07/2026", "không đúng dạng"),
        ("01/01/1900", "02/01/1900", "ngoài phạm vi"),
    ],
)
def test_bad_periods(start, end, message):
    with pytest.raises(PeriodError) as caught:
        parse_period(start, end)
    assert message in caught.value.message


def test_good_period_forms():
    assert parse_period("01/07/2026", "2026-07-31") == (dt.date(2026, 7, 1), dt.date(2026, 7, 31))


# --- officers' views -------------------------------------------------------------


@pytest.fixture
def officer_client(client, officer):
    return login(client, officer)


def _urls(dossier):
    return [
        reverse("workspace:form_supplement", args=[dossier.uuid]),
        reverse("workspace:form_refusal", args=[dossier.uuid]),
        reverse("workspace:form_control", args=[dossier.uuid]),
    ]


def test_views_serve_the_forms_audited(officer_client, dossier, officer):
    SupplementRequest.objects.create(dossier=dossier, items="Bản chụp CCCD", requested_by=officer)
    supplement, refusal, control = _urls(dossier)
    for url in (supplement, control):
        response = officer_client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url
        assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(dossier=dossier, allowed=True, target__startswith="Mẫu").count() == 2
    missing = officer_client.get(refusal)  # not refused: a clear page, no PDF
    assert missing.status_code == 404
    assert "chưa bị từ chối" in missing.content.decode()


def test_supplement_form_without_a_request(officer_client, dossier):
    response = officer_client.get(reverse("workspace:form_supplement", args=[dossier.uuid]))
    assert response.status_code == 404
    assert "chưa có yêu cầu bổ sung" in response.content.decode()


def test_officer_of_another_agency_cannot_open_the_forms(client, dossier, home_page):
    other = AgencyPageFactory(title="Sở Xây dựng tỉnh Lâm Đồng", code="sxd")
    login(client, OfficerFactory(username="canbo-sxd", agency=other))
    for url in _urls(dossier):
        assert client.get(url).status_code in (403, 404), url
    assert AuditEvent.objects.filter(dossier=dossier, allowed=False).count() == 3


def test_register_view(officer_client, dossier, stp):
    url = reverse("workspace:form_register")
    page = officer_client.get(url)
    assert page.status_code == 200 and "Sổ theo dõi hồ sơ" in page.content.decode()
    xlsx = officer_client.get(url, {"tu": "01/07/2026", "den": "31/07/2026", "dinh_dang": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = officer_client.get(url, {"tu": "01/07/2026", "den": "31/07/2026", "co_quan": stp.pk})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    unit, day_number = dossier.code.split("-", 1)
    assert f"{unit}- {day_number}" in flat(pdf_text(pdf.content))  # the code's two lines
    assert AuditEvent.objects.filter(target__contains=dossier.code).exists()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"tu": "31/07/2026", "den": "01/07/2026"}, "Ngày kết thúc phải sau"),
        ({"tu": "hôm qua", "den": "01/07/2026"}, "không đúng dạng"),
        ({"tu": "01/07/2026", "den": "31/07/2026", "co_quan": "999999"}, "không thuộc cơ quan"),
        ({"tu": "01/07/2026", "den": "31/07/2026", "co_quan": "abc"}, "không thuộc cơ quan"),
        ({"tu": "01/07/2026", "den": "31/07/2026", "dinh_dang": "docx"}, "Định dạng"),
    ],
)
def test_register_view_bad_input(officer_client, query, message):
    response = officer_client.get(reverse("workspace:form_register"), query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_register_view_needs_an_officer(client, home_page):
    login(client, OfficerFactory(username="khong-co-quan"))
    assert client.get(reverse("workspace:form_register")).status_code == 403


def test_detail_page_links_the_forms(officer_client, dossier, officer):
    SupplementRequest.objects.create(dossier=dossier, items="Bản chụp CCCD", requested_by=officer)
    page = officer_client.get(reverse("workspace:detail", args=[dossier.uuid])).content.decode()
    assert 'id="bieu-mau"' in page
    for name in ("form_supplement", "form_control"):
        assert reverse(f"workspace:{name}", args=[dossier.uuid]) in page
    assert reverse("workspace:form_refusal", args=[dossier.uuid]) not in page  # not refused
    assert reverse("workspace:form_register") in page
