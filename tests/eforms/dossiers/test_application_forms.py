"""The procedure's own application form (tờ khai, đơn theo mẫu) is made
from the e-form's answers at submission and attached as that dossier
component: the private file row, the officer's detail page, the hand-off
payload, the ZIP, the PDF's text; the citizen's review page announces it
and previews it; hostile answers still print."""

import hashlib
import io
import json
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from bench.citizen_uploads import apply_as_ordinary_citizen
from content import demo_loader as demo
from content.demo_catalogue import AGENCIES_PATH, FIELDS_PATH, PROCEDURES_PATH
from content.models import ProcedureComponent, ProcedureIndexPage, ProcedurePage
from eforms.dossiers.documents.applications import (
    LAYOUTS,
    ApplicationSource,
    application_component,
    application_pdf,
    layout_for,
)
from eforms.dossiers.documents.applications.attach import attach_application_form
from eforms.dossiers.documents.applications.source import Answer
from eforms.dossiers.documents.applications.words import date_in_words
from eforms.dossiers.documents.archive import build_dossier_zip
from eforms.dossiers.models import Dossier, DossierAttachment
from eforms.formdefs.models import ProcedureForm
from eforms.handoff.models import HandOff
from eforms.handoff.payload import build_payload
from tests.eforms import helpers
from tests.eforms.factories import (
    OfficerFactory,
    ProcedurePageFactory,
    agency_page,
    applicant_answers,
    first_ward,
    login,
    pdf_file,
    section,
)

pytestmark = pytest.mark.django_db

APPLICANT = "Nguyễn Thị Hồng Nhung"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def pdf_text(data):
    document = pdfium.PdfDocument(data)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def field(kind, label, name, **extra):
    value = {"label": label, "name": name, "help_text": "", "required": False, "show_if_field": "", "show_if_value": ""}
    value.update(extra)
    return {"type": kind, "value": value}


def make_procedure(home, *, code, title, application=None, others=("Giấy chứng sinh",), online_level="partial"):
    """A procedure whose components are its application form (``(name,
    template)``, generated from the e-form) and uploads ``others``."""
    page = ProcedurePageFactory(
        parent=section(ProcedureIndexPage, "Thủ tục hành chính", "thu-tuc", home),
        agency=agency_page(home),
        code=code,
        title=title,
        online_level=online_level,
        processing_days=Decimal("3"),
        receiving_address="Bộ phận Một cửa, Số 36 Trần Phú, Phường Xuân Hương - Đà Lạt",
    )
    position = 0
    if application:
        name, template = application
        ProcedureComponent.objects.create(
            page=page, name=name, template_name=template, generated_from_eform=True, sort_order=position
        )
        position += 1
    for name in others:
        ProcedureComponent.objects.create(page=page, name=name, sort_order=position)
        position += 1
    return page


def editor_form(procedure, fields):
    """An editor's e-form: the applicant block, then ``fields`` on one step."""
    steps = [
        {
            "type": "step",
            "value": {"title": "Người yêu cầu", "intro": "", "fields": [{"type": "applicant", "value": None}]},
        },
        {"type": "step", "value": {"title": "Nội dung tờ khai", "intro": "", "fields": fields}},
    ]
    form = ProcedureForm.objects.create(
        procedure=procedure, title=f"Tờ khai {procedure.title}", steps=steps, live=False
    )
    form.save_revision().publish()
    return form


def submit_through_views(client, procedure, answers=None):
    """Start, answer every step (applicant, ``answers``, uploads), review and
    submit through the real views; returns the dossier."""
    draft = helpers.start(client, procedure)
    draft.refresh_from_db()
    for number, step in enumerate(draft.form_version.schema["steps"], start=1):
        data = {"action": "next"}
        names = {f.get("name") for f in step["fields"]}
        if "applicant_name" in names:
            data.update(applicant_answers())
            data["applicant_address_ward"] = first_ward()
        for spec in step["fields"]:
            name = spec.get("name")
            if spec["type"] == "file":
                data[name] = pdf_file(f"{name}.pdf")
            elif name in (answers or {}):
                data[name] = answers[name]
        response = client.post(helpers.step_url(procedure, draft, number), data)
        assert response.status_code == 302, helpers._errors(response)
    review = client.get(helpers.review_url(procedure, draft))
    assert review.status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):  # the hand-off as after a real commit
        response = helpers.submit(client, procedure, draft)
    assert response.status_code == 302, response.content[:500]
    draft.refresh_from_db()
    return Dossier.objects.get(pk=draft.dossier_id), draft


def generated(dossier):
    rows = list(DossierAttachment.objects.filter(dossier=dossier, generated=True))
    assert len(rows) == 1
    return rows[0]


def assert_attached(dossier, component_name, *, component=None):
    """The generated form is a private PDF row of the component, named after
    it in the ZIP and the hand-off payload; returns its text."""
    row = generated(dossier)
    assert row.component_name == component_name
    assert row.component_id == (component.pk if component else None)
    assert row.kind == "submission" and row.content_type == "application/pdf"
    with row.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert row.size == len(content) and row.sha256 == hashlib.sha256(content).hexdigest()
    with pytest.raises(ValueError):
        _ = row.file.url  # private storage: no public URL
    archive = zipfile.ZipFile(io.BytesIO(build_dossier_zip(dossier)))
    names = archive.namelist()
    assert "to-khai.pdf" in names
    entry = next(name for name in names if name.endswith(f"{component_name}.pdf"))
    assert archive.read(entry) == content
    listed = json.loads(archive.read("ho-so.json"))["attachments"]
    assert [a["component"] for a in listed if a["generated"]] == [component_name]
    handoff = HandOff.objects.filter(dossier=dossier).first()
    if handoff is not None:
        attachments = build_payload(handoff)["dossier"]["attachments"]
        mine = [a for a in attachments if a["generated"]]
        assert [a["component"] for a in mine] == [component_name]
        assert mine[0]["sha256"] == row.sha256
    return pdf_text(content)


def test_birth_registration_is_printed_on_the_official_form(client, wagtail_root, home_page):
    procedure = make_procedure(
        home_page,
        code="1.001193",
        title="Đăng ký khai sinh",
        application=(
            "Tờ khai đăng ký khai sinh theo mẫu",
            "Tờ khai đăng ký khai sinh (Mẫu ban hành kèm Thông tư số 04/2020/TT-BTP)",
        ),
    )
    editor_form(
        procedure,
        [
            field("text", "Họ, chữ đệm, tên của trẻ", "ten_tre"),
            field("date", "Ngày sinh của trẻ", "ngay_sinh_tre"),
            field("choice", "Giới tính", "gioi_tinh", choices=["Nam", "Nữ"]),
            field("text", "Nơi sinh", "noi_sinh"),
            field("text", "Quan hệ với người được khai sinh", "quan_he"),
            field("text", "Họ, chữ đệm, tên người mẹ", "ho_ten_me"),
        ],
    )
    dossier, draft = submit_through_views(
        client,
        procedure,
        {
            "ten_tre": "Trần Minh Khôi",
            "ngay_sinh_tre": "2026-11-20",
            "gioi_tinh": "Nam",
            "noi_sinh": "Bệnh viện Đa khoa Lâm Đồng",
            "quan_he": "Mẹ",
            "ho_ten_me": APPLICANT,
        },
    )
    component = procedure.components.get(generated_from_eform=True)
    text = assert_attached(dossier, "Tờ khai đăng ký khai sinh theo mẫu", component=component)
    for expected in (
        MOTTO,
        "Độc lập - Tự do - Hạnh phúc",
        "TỜ KHAI ĐĂNG KÝ KHAI SINH",
        "Thông tư số 04/2020/TT-BTP",
        "Họ, chữ đệm, tên người yêu cầu",
        APPLICANT,
        "Trần Minh Khôi",
        "Bệnh viện Đa khoa Lâm Đồng",
        "20/11/2026",
        "Ngày hai mươi tháng mười một năm hai nghìn không trăm hai mươi sáu",
        "Quê quán",  # not asked: a dotted blank, not "None"
        "NGƯỜI YÊU CẦU",
        "(Ký, ghi rõ họ, chữ đệm, tên)",
        "Làm tại:",
        dossier.code,
    ):
        assert expected in " ".join(text.split()), expected
    assert "None" not in text and "...." in text

    # a replayed submission and a second call make no second form
    assert helpers.submit(client, procedure, draft).status_code == 302
    assert attach_application_form(dossier).pk == generated(dossier).pk
    assert DossierAttachment.objects.filter(dossier=dossier, generated=True).count() == 1

    # the officer sees it among the components, marked as made from the e-form
    officer = OfficerFactory(agency=procedure.agency, two_factor=True)
    page = login(Client(), officer).get(reverse("workspace:detail", kwargs={"uuid": dossier.uuid}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tờ khai đăng ký khai sinh theo mẫu" in html and "Tạo từ biểu mẫu điện tử" in html


def test_marriage_puts_the_applicant_in_her_column(client, wagtail_root, home_page):
    procedure = make_procedure(
        home_page,
        code="1.000894",
        title="Đăng ký kết hôn",
        application=(
            "Tờ khai đăng ký kết hôn theo mẫu (hai bên nam, nữ có thể khai chung một Tờ khai)",
            "Tờ khai đăng ký kết hôn (Mẫu ban hành kèm Thông tư số 04/2020/TT-BTP)",
        ),
        others=("Giấy xác nhận tình trạng hôn nhân",),
    )
    editor_form(
        procedure,
        [
            field("text", "Họ, chữ đệm, tên bên nam", "ben_nam_ho_ten"),
            field("text", "Dân tộc bên nam", "ben_nam_dan_toc"),
        ],
    )
    dossier, _draft = submit_through_views(
        client, procedure, {"ben_nam_ho_ten": "Lê Văn Đức", "ben_nam_dan_toc": "Kinh"}
    )
    name = "Tờ khai đăng ký kết hôn theo mẫu (hai bên nam, nữ có thể khai chung một Tờ khai)"
    text = assert_attached(dossier, name, component=procedure.components.get(generated_from_eform=True))
    for expected in (
        MOTTO,
        "TỜ KHAI ĐĂNG KÝ KẾT HÔN",
        "Bên nữ",
        "Bên nam",
        APPLICANT,
        "Lê Văn Đức",
        "Kinh",
        "Kết hôn lần thứ mấy",
        "Chúng tôi cam đoan",
        "BÊN NỮ",
        "BÊN NAM",
        "Làm tại:",
    ):
        assert expected in text, expected
    # the applicant's name is in the woman's column, before the man's
    assert text.index(APPLICANT) < text.index("Lê Văn Đức")


def test_residence_form_ct01(client, wagtail_root, home_page):
    procedure = make_procedure(
        home_page,
        code="1.004222",
        title="Đăng ký thường trú",
        application=(
            "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)",
            "Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm Thông tư số 53/2025/TT-BCA)",
        ),
        others=("Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp",),
        online_level="full",
    )
    dossier, _draft = submit_through_views(client, procedure)
    text = assert_attached(
        dossier,
        "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)",
        component=procedure.components.get(generated_from_eform=True),
    )
    for expected in (
        MOTTO,
        "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ",
        "Mẫu CT01 ban hành kèm Thông tư số 53/2025/TT-BCA",
        "1. Họ, chữ đệm và tên",
        APPLICANT,
        "4. Số định danh cá nhân",
        "068190001234",
        "10. Nội dung đề nghị",
        "Đăng ký thường trú",
        "NGƯỜI KÊ KHAI",
        "Ý KIẾN CỦA CHỦ HỘ",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("code", ["2.000488", "3.000333"])
def test_criminal_record_form_under_either_code(client, wagtail_root, home_page, code):
    procedure = make_procedure(
        home_page,
        code=code,
        title="Cấp phiếu lý lịch tư pháp",
        application=(
            "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp theo mẫu",
            "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2024/TK-LLTP)",
        ),
        others=("Bản chụp giấy tờ tùy thân",),
        online_level="full",
    )
    editor_form(
        procedure,
        [
            field("choice", "Loại Phiếu", "loai_phieu", choices=["Số 1", "Số 2"]),
            field("text", "Mục đích sử dụng", "muc_dich"),
        ],
    )
    dossier, _draft = submit_through_views(
        client, procedure, {"loai_phieu": "Số 2", "muc_dich": "Bổ sung hồ sơ xin việc"}
    )
    text = assert_attached(
        dossier,
        "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp theo mẫu",
        component=procedure.components.get(generated_from_eform=True),
    )
    for expected in (
        MOTTO,
        "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP",
        "Mẫu số 03/2024/TK-LLTP",
        APPLICANT,
        "17/05/1990",
        "Quá trình cư trú",
        "Bổ sung hồ sơ xin việc",
        "NGƯỜI KHAI",
        "(Ký, ghi rõ họ tên)",
    ):
        assert expected in text, expected


def test_generic_procedure_without_an_application_component(client, wagtail_root, home_page):
    procedure = make_procedure(
        home_page, code="1.009999", title="Cấp bản sao trích lục hộ tịch", others=("Giấy ủy quyền",)
    )
    dossier, _draft = submit_through_views(client, procedure, {"request_content": "Đề nghị cấp bản chính."})
    text = assert_attached(dossier, "Tờ khai (tạo từ biểu mẫu điện tử)")
    for expected in (
        MOTTO,
        "ĐƠN ĐỀ NGHỊ",
        "Cấp bản sao trích lục hộ tịch",
        APPLICANT,
        "Nội dung đề nghị",
        "Đề nghị cấp bản chính.",
        "Tôi xin cam đoan",
        "NGƯỜI YÊU CẦU",
        "(Ký, ghi rõ họ tên)",
    ):
        assert expected in text, expected


def test_review_page_announces_the_form_and_previews_it(client, wagtail_root, home_page):
    procedure = make_procedure(
        home_page,
        code="1.001193",
        title="Đăng ký khai sinh",
        application=(
            "Tờ khai đăng ký khai sinh theo mẫu",
            "Tờ khai đăng ký khai sinh (Mẫu ban hành kèm Thông tư số 04/2020/TT-BTP)",
        ),
    )
    draft = helpers.start(client, procedure)
    preview_url = reverse("eforms:application_preview", args=[procedure.code, draft.uuid])
    blank = client.get(preview_url)  # nothing answered yet: the empty paper form
    assert blank.status_code == 200 and "TỜ KHAI ĐĂNG KÝ KHAI SINH" in pdf_text(blank.content)
    helpers.fill_all(client, procedure, draft)
    page = client.get(helpers.review_url(procedure, draft)).content.decode()
    assert "“Tờ khai đăng ký khai sinh theo mẫu” sẽ được tạo tự động" in page
    assert preview_url in page and "Xem trước tờ khai (PDF)" in page
    english = client.get(helpers.review_url(procedure, draft) + "?lang=en").content.decode()
    assert "will be generated from the answers you gave above" in english and "Preview the application form" in english
    response = client.get(preview_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "BẢN XEM TRƯỚC" in text and "TỜ KHAI ĐĂNG KÝ KHAI SINH" in text and APPLICANT in text
    # another browser (not the draft's session) gets nothing
    assert Client().get(preview_url).status_code in (403, 404)
    assert client.post(preview_url).status_code == 405
    assert not DossierAttachment.objects.exists()


HOSTILE = [
    Answer("applicant_name", "Họ và tên", "<script>alert('x')</script> Ngô\x00 Bảo Châu"),
    Answer("applicant_address", "Địa chỉ", "A" * 10_000),
    Answer("ten_tre", "Tên trẻ", "</para><b>đậm</b>" + " dài" * 3000),
    Answer("ben_nam_ho_ten", "Bên nam", "x" * 10_000),
    Answer("thanh_vien", "Thành viên", "\n".join(["Tên; 01/01/2000; Nam; 0; Con"] * 60)),
    Answer("qua_trinh_cu_tru", "Quá trình", "x" * 10_000),
    Answer("ghi_chu", "Ghi chú <i>", "\x00\x01\x02 &amp; &lt;"),
]


@pytest.mark.parametrize("key", [*sorted(LAYOUTS), "generic"])
def test_hostile_answers_render_without_error(wagtail_root, key):
    codes = {"khai_sinh": "1.001193", "ket_hon": "1.000894", "ct01": "1.004222", "ly_lich_tu_phap": "2.000488"}
    source = ApplicationSource(
        procedure_code=codes.get(key, "9.999999"),
        procedure_name="Thủ tục <b>thử</b>",
        recipient="Ủy ban nhân dân <phường>",
        place="Xuân Hương - Đà Lạt",
        answers=list(HOSTILE),
        component=SimpleNamespace(name="Đơn <đề nghị>\x00", template_name="", case_group=""),
        made_at=timezone.now(),
    )
    assert layout_for(source).key == key
    text = pdf_text(application_pdf(source))
    assert "<script>alert('x')</script> Ngô Bảo Châu" in text or "<script>" in text
    assert "\x00" not in text and "None" not in text


# --- the demo catalogue, as ``load_demo_catalogue`` builds it -----------------------

DEMO_FORMS = {
    "1.001193": "TỜ KHAI ĐĂNG KÝ KHAI SINH",
    "1.000894": "TỜ KHAI ĐĂNG KÝ KẾT HÔN",
    "1.004222": "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ",
    "2.000488": "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP",
    "3.000333": "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP",
}


@pytest.fixture
def demo_procedures(db):
    sections = demo.ensure_site_tree()
    demo.load_agencies(sections["co-quan"], demo._read_json(AGENCIES_PATH, "agencies"))
    demo.load_fields(sections["linh-vuc"], demo._read_json(FIELDS_PATH, "fields"))
    report = demo.import_demo_procedures(PROCEDURES_PATH, codes=list(DEMO_FORMS))
    assert report.ok, report.lines()
    return list(ProcedurePage.objects.filter(code__in=list(DEMO_FORMS)).order_by("code"))


def test_demo_procedures_carry_their_official_form(demo_procedures):
    assert len(demo_procedures) == 4  # lý lịch tư pháp under one of its two codes
    for procedure in demo_procedures:
        client = Client()
        with TestCase.captureOnCommitCallbacks(execute=True):
            apply_as_ordinary_citizen(client, procedure)
        dossier = Dossier.objects.get(procedure=procedure)
        component = application_component(procedure)
        assert component is not None and component.generated_from_eform
        text = assert_attached(dossier, component.name, component=component)
        assert DEMO_FORMS[procedure.code] in text and APPLICANT in text, procedure.code


def test_hostile_answer_through_the_views_prints_as_text(client, wagtail_root, home_page):
    procedure = make_procedure(home_page, code="1.009998", title="Cấp bản sao trích lục hộ tịch", others=())
    hostile = "<script>alert('x')</script><b>đậm</b> & " + "Đề nghị cấp lại " * 300  # about 4,900 characters
    dossier, _draft = submit_through_views(client, procedure, {"request_content": hostile[:5000]})
    text = assert_attached(dossier, "Tờ khai (tạo từ biểu mẫu điện tử)")
    flat = " ".join(text.split())
    assert "<script>alert('x')</script><b>đậm</b> &" in flat and "Đề nghị cấp lại Đề nghị cấp lại" in flat


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("01/01/2000", "Ngày một tháng một năm hai nghìn"),
        ("15/05/2005", "Ngày mười lăm tháng năm năm hai nghìn không trăm linh năm"),
        ("21/12/1990", "Ngày hai mươi mốt tháng mười hai năm một nghìn chín trăm chín mươi"),
        ("25/10/2024", "Ngày hai mươi lăm tháng mười năm hai nghìn không trăm hai mươi bốn"),
        ("31/03/2110", "Ngày ba mươi mốt tháng ba năm hai nghìn một trăm mười"),
    ],
)
def test_birth_date_in_words(date, words):
    assert date_in_words(date) == words


@pytest.mark.parametrize("bad", ["", None, "2024-05-17", "32/01/2024", "17/13/2024", "<b>1/1/2000</b>", "1/1/99999"])
def test_no_words_for_what_is_not_a_date(bad):
    assert date_in_words(bad) is None
