"""Cases of dossier components ("Trường hợp của Ông/Bà"): the e-form asks
which cases apply and requires only the components of the chosen cases;
documents shown at the counter and the application form itself are never
uploads."""

import pytest

from bench.citizen_uploads import apply_as_ordinary_citizen
from content import demo_loader as demo
from content.demo_catalogue import AGENCIES_PATH, FIELDS_PATH, PROCEDURES_PATH
from content.models import ProcedureComponent, ProcedurePage
from eforms.dossiers.models import Dossier
from eforms.formdefs.cases import ORDINARY_CASE, ordinary_answers
from eforms.formdefs.models import ProcedureForm
from eforms.formdefs.schema import compile_form, condition_met, current_version, default_schema
from eforms.submission.services.submit import validate_draft

from . import helpers
from .factories import applicant_answers, first_ward, pdf_file, procedure_page

PROXY = "Trường hợp ủy quyền"
ORGANISATION = "Đối với tổ chức"
FOREIGNER = "Đối với người nước ngoài"
LOST = "Trường hợp bị mất"
DAMAGED = "Trường hợp bị rách, nát"


@pytest.fixture
def cased(wagtail_root, home_page):
    """A procedure whose components carry every kind of case."""
    procedure = procedure_page(home_page, components=(), title="Cấp bản sao trích lục hộ tịch")
    rows = [
        ("", "Tờ khai theo mẫu", {"template_name": "Mẫu số 01"}),
        ("", "Bản chụp giấy tờ tùy thân", {}),
        ("", "Căn cước còn giá trị sử dụng để xuất trình", {}),
        (PROXY, "Văn bản ủy quyền có chứng thực", {}),
        (ORGANISATION, "Giấy giới thiệu của tổ chức", {}),
        (FOREIGNER, "Bản dịch hộ chiếu", {}),
        (LOST, "Văn bản trình báo mất", {}),
        (DAMAGED, "Bản cũ bị rách, nát", {"required": False}),
    ]
    for order, (case, name, extra) in enumerate(rows):
        ProcedureComponent.objects.create(
            page=procedure,
            sort_order=order,
            case_group=case,
            name=name,
            present_only="xuất trình" in name,
            generated_from_eform=bool(extra.get("template_name")),
            **extra,
        )
    return ProcedurePage.objects.get(pk=procedure.pk)


def _steps(schema):
    return {step.get("role") or step["title"]: step for step in schema["steps"]}


def _uploads(schema):
    return {f["component_name"]: f for s in schema["steps"] for f in s["fields"] if f["type"] == "file"}


def _questions(schema):
    return {f["name"]: f for s in schema["steps"] for f in s["fields"] if f.get("role") == "case_question"}


# --- the schema ---------------------------------------------------------------


def test_one_question_per_group_of_cases_with_the_ordinary_case(cased):
    schema = default_schema(cased)
    questions = _questions(schema)
    applicant, proxy, situation = (
        questions["truong_hop_doi_tuong"],
        questions["truong_hop_uy_quyen"],
        questions["truong_hop"],
    )
    # who applies: alternatives, one answer
    assert applicant["type"] == "choice"
    assert applicant["choices"] == [ORGANISATION, FOREIGNER, ORDINARY_CASE]
    # a power of attorney is independent of who applies: its own question
    assert proxy["type"] == "choice" and proxy["choices"] == [PROXY, ORDINARY_CASE]
    # situations: several may apply, the ordinary case alone
    assert situation["type"] == "multichoice"
    assert situation["choices"] == [LOST, DAMAGED, ORDINARY_CASE]
    assert situation["exclusive_choice"] == ORDINARY_CASE
    assert all(q["required"] and q["label"].startswith("Trường hợp của Ông/Bà") for q in questions.values())
    # the case step comes right before the uploads
    titles = [s["title"] for s in schema["steps"]]
    assert titles[-2:] == ["Trường hợp của Ông/Bà", "Thành phần hồ sơ"]


def test_case_uploads_carry_the_condition_of_their_case(cased):
    uploads = _uploads(default_schema(cased))
    assert "condition" not in uploads["Bản chụp giấy tờ tùy thân"]
    assert uploads["Văn bản ủy quyền có chứng thực"]["condition"] == {"field": "truong_hop_uy_quyen", "equals": PROXY}
    assert uploads["Giấy giới thiệu của tổ chức"]["condition"] == {
        "field": "truong_hop_doi_tuong",
        "equals": ORGANISATION,
    }
    ordinary = ordinary_answers(default_schema(cased))
    assert [n for n, f in uploads.items() if condition_met(f, ordinary) and f["required"]] == [
        "Bản chụp giấy tờ tùy thân"
    ]
    chosen = {**ordinary, "truong_hop": [LOST, DAMAGED], "truong_hop_uy_quyen": PROXY}
    shown = [n for n, f in uploads.items() if condition_met(f, chosen)]
    assert shown == [
        "Bản chụp giấy tờ tùy thân",
        "Văn bản ủy quyền có chứng thực",
        "Văn bản trình báo mất",
        "Bản cũ bị rách, nát",
    ]


def test_presented_and_generated_components_are_notes_not_uploads(cased):
    schema = default_schema(cased)
    uploads = _uploads(schema)
    assert "Tờ khai theo mẫu" not in uploads
    assert "Căn cước còn giá trị sử dụng để xuất trình" not in uploads
    notes = [f["label"] for f in schema["steps"][-1]["fields"] if f["type"] == "help"]
    assert any("Tờ khai theo mẫu" in n and "không phải tải lên" in n for n in notes)
    assert any("xuất trình" in n and "không phải tải lên" in n for n in notes)


def test_procedure_without_cases_has_no_case_step(procedure):
    schema = default_schema(procedure)
    assert not _questions(schema)
    assert "Trường hợp của Ông/Bà" not in [s["title"] for s in schema["steps"]]


def test_editor_form_binds_a_case_component_with_its_condition(cased):
    proxy_number = 4  # "Văn bản ủy quyền có chứng thực", in the public order
    value = {"label": "Giấy ủy quyền", "name": "giay_uy_quyen", "help_text": "", "required": True}
    value.update({"show_if_field": "", "show_if_value": "", "component_number": proxy_number})
    steps = [
        {
            "type": "step",
            "value": {"title": "Người nộp", "intro": "", "fields": [{"type": "applicant", "value": None}]},
        },
        {"type": "step", "value": {"title": "Giấy tờ", "intro": "", "fields": [{"type": "file", "value": value}]}},
    ]
    form = ProcedureForm.objects.create(procedure=cased, title="Tờ khai", steps=steps, live=False)
    schema = compile_form(ProcedureForm.objects.get(pk=form.pk))
    titles = [s["title"] for s in schema["steps"]]
    # the case question comes before the editor's step that depends on it
    assert titles.index("Trường hợp của Ông/Bà") < titles.index("Giấy tờ")
    bound = _uploads(schema)["Văn bản ủy quyền có chứng thực"]
    assert bound["name"] == "giay_uy_quyen"
    assert bound["condition"] == {"field": "truong_hop_uy_quyen", "equals": PROXY}


# --- through the views ----------------------------------------------------------


def _answer_until_cases(client, procedure, draft):
    draft.refresh_from_db()
    steps = draft.form_version.schema["steps"]
    data = applicant_answers()
    data["applicant_address_ward"] = first_ward()
    assert client.post(helpers.step_url(procedure, draft, 1), data).status_code == 302
    assert client.post(helpers.step_url(procedure, draft, 2), {"action": "next"}).status_code == 302
    return len(steps) - 1  # number of the case step


def _cases(client, procedure, draft, number, **answers):
    data = {"action": "next", "truong_hop_doi_tuong": ORDINARY_CASE, "truong_hop_uy_quyen": ORDINARY_CASE}
    data["truong_hop"] = [ORDINARY_CASE]
    data.update(answers)
    return client.post(helpers.step_url(procedure, draft, number), data)


def test_ordinary_case_submits_with_only_the_common_upload(client, cased):
    draft = helpers.start(client, cased)
    number = _answer_until_cases(client, cased, draft)
    assert _cases(client, cased, draft, number).status_code == 302
    page = client.get(helpers.step_url(cased, draft, number + 1)).content.decode()
    assert "Văn bản ủy quyền" not in page and "Giấy giới thiệu" not in page
    assert "Bản chụp giấy tờ tùy thân" in page and "không phải tải lên" in page
    identity = _uploads(draft.form_version.schema)["Bản chụp giấy tờ tùy thân"]["name"]
    response = client.post(helpers.step_url(cased, draft, number + 1), {"action": "next", identity: pdf_file()})
    assert response.status_code == 302
    draft.refresh_from_db()
    # the final validation (submit.py) skips the uploads of cases not chosen
    assert validate_draft(draft)[1] == {}
    review = client.get(helpers.review_url(cased, draft)).content.decode()
    assert "Bản chụp giấy tờ tùy thân" in review and "Văn bản ủy quyền" not in review
    assert helpers.submit(client, cased, draft).status_code == 302
    dossier = Dossier.objects.get(procedure=cased)
    assert dossier.attachments.filter(generated=False).count() == 1


def test_chosen_case_requires_its_components_at_submit(client, cased):
    draft = helpers.start(client, cased)
    number = _answer_until_cases(client, cased, draft)
    assert _cases(client, cased, draft, number, truong_hop_uy_quyen=PROXY).status_code == 302
    uploads = _uploads(draft.form_version.schema)
    identity = uploads["Bản chụp giấy tờ tùy thân"]["name"]
    proxy = uploads["Văn bản ủy quyền có chứng thực"]["name"]
    response = client.post(helpers.step_url(cased, draft, number + 1), {"action": "next", identity: pdf_file()})
    assert response.status_code == 200
    assert "Văn bản ủy quyền có chứng thực" in response.content.decode()
    draft.refresh_from_db()
    assert any("Văn bản ủy quyền" in m for ms in validate_draft(draft)[1].values() for m in ms)
    response = client.post(helpers.step_url(cased, draft, number + 1), {"action": "next", proxy: pdf_file()})
    assert response.status_code == 302
    assert helpers.submit(client, cased, draft).status_code == 302


def test_changing_the_case_keeps_uploads_and_requires_only_what_applies(client, cased):
    draft = helpers.start(client, cased)
    number = _answer_until_cases(client, cased, draft)
    _cases(client, cased, draft, number, truong_hop_uy_quyen=PROXY)
    uploads = _uploads(draft.form_version.schema)
    data = {
        "action": "next",
        uploads["Bản chụp giấy tờ tùy thân"]["name"]: pdf_file(),
        uploads["Văn bản ủy quyền có chứng thực"]["name"]: pdf_file("uy-quyen.pdf"),
    }
    assert client.post(helpers.step_url(cased, draft, number + 1), data).status_code == 302
    # back to the ordinary case: the power of attorney is no longer asked
    assert _cases(client, cased, draft, number).status_code == 302
    draft.refresh_from_db()
    assert draft.uploads.count() == 2  # nothing already saved is lost
    assert validate_draft(draft)[1] == {}
    page = client.get(helpers.step_url(cased, draft, number + 1)).content.decode()
    assert "uy-quyen.pdf" not in page
    # and back again: the upload is still there
    _cases(client, cased, draft, number, truong_hop_uy_quyen=PROXY)
    assert "uy-quyen.pdf" in client.get(helpers.step_url(cased, draft, number + 1)).content.decode()


def test_an_unchosen_case_leaves_its_upload_out_of_the_dossier(client, cased):
    draft = helpers.start(client, cased)
    number = _answer_until_cases(client, cased, draft)
    _cases(client, cased, draft, number, truong_hop_uy_quyen=PROXY)
    uploads = _uploads(draft.form_version.schema)
    data = {
        "action": "next",
        uploads["Bản chụp giấy tờ tùy thân"]["name"]: pdf_file(),
        uploads["Văn bản ủy quyền có chứng thực"]["name"]: pdf_file("uy-quyen.pdf"),
    }
    assert client.post(helpers.step_url(cased, draft, number + 1), data).status_code == 302
    assert _cases(client, cased, draft, number).status_code == 302  # back to the ordinary case
    assert helpers.submit(client, cased, draft).status_code == 302
    dossier = Dossier.objects.get(procedure=cased)
    assert [a.original_name for a in dossier.attachments.all()] != [] and not dossier.attachments.filter(
        original_name__startswith="uy-quyen"
    ).exists()
    assert dossier.attachments.filter(generated=False).count() == 1


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"truong_hop_doi_tuong": "Đối với người ngoài hành tinh"}, "Lựa chọn không hợp lệ."),
        ({"truong_hop": [LOST, "<script>alert(1)</script>"]}, "Lựa chọn không hợp lệ."),
        ({"truong_hop": [LOST, ORDINARY_CASE]}, "Không chọn “Không thuộc trường hợp nào ở trên” cùng"),
        ({"truong_hop_uy_quyen": ""}, "Vui lòng chọn"),
        ({"truong_hop_doi_tuong": "x" * 100_000}, "Lựa chọn không hợp lệ."),
    ],
)
def test_tampered_or_missing_case_answers_get_a_clear_error(client, cased, answers, message):
    draft = helpers.start(client, cased)
    number = _answer_until_cases(client, cased, draft)
    before = _data(draft)
    response = _cases(client, cased, draft, number, **answers)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "<script>alert(1)</script>" not in text
    after = _data(draft)
    assert {k: after[k] for k in before} == before  # nothing saved is lost
    for key, value in answers.items():
        assert after.get(key) != value or value == ""  # the refused value is not kept


def test_tampered_case_in_english(client, cased):
    draft = helpers.start(client, cased)
    number = _answer_until_cases(client, cased, draft)
    response = _cases(client, cased, draft, number, truong_hop_doi_tuong="khác", lang="en")
    assert response.status_code == 200
    assert "Invalid choice." in response.content.decode() or "Lựa chọn không hợp lệ." in response.content.decode()


def _data(draft):
    draft.refresh_from_db()
    return dict(draft.data)


def test_frozen_version_asks_the_cases(cased):
    assert _questions(current_version(cased).schema)


# --- the demo catalogue -----------------------------------------------------------


@pytest.fixture
def demo_two(db):
    """Đăng ký khai sinh and Cấp phiếu lý lịch tư pháp from the demo data."""
    sections = demo.ensure_site_tree()
    demo.load_agencies(sections["co-quan"], demo._read_json(AGENCIES_PATH, "agencies"))
    demo.load_fields(sections["linh-vuc"], demo._read_json(FIELDS_PATH, "fields"))
    report = demo.import_demo_procedures(PROCEDURES_PATH, codes=["1.001193", "3.000333"])
    assert report.ok, report.lines()
    return {p.code: p for p in ProcedurePage.objects.filter(code__in=["1.001193", "3.000333"])}


@pytest.mark.parametrize("code", ["1.001193", "3.000333"])
def test_ordinary_citizen_uploads_at_most_two_documents(client, demo_two, code):
    assert apply_as_ordinary_citizen(client, demo_two[code]) <= 2


def test_demo_cases_of_khai_sinh_and_ly_lich_tu_phap(demo_two):
    def case_of(components, start):
        return next(c.case_group for c in components if c.name.startswith(start))

    khai_sinh = list(demo_two["1.001193"].components.all())
    assert case_of(khai_sinh, "Biên bản xác nhận việc trẻ bị bỏ rơi") == "Trường hợp trẻ em bị bỏ rơi"
    assert case_of(khai_sinh, "Văn bản chứng minh việc mang thai hộ") == "Trường hợp trẻ sinh ra do mang thai hộ"
    assert case_of(khai_sinh, "Văn bản ủy quyền") == "Trường hợp ủy quyền"
    assert [c.name.startswith("Tờ khai") for c in khai_sinh if c.generated_from_eform] == [True]
    assert [c.name.startswith("Giấy tờ tùy thân") for c in khai_sinh if c.present_only] == [True]
    ly_lich = list(demo_two["3.000333"].components.all())
    assert case_of(ly_lich, "Văn bản ủy quyền") == "Trường hợp ủy quyền (chỉ áp dụng với Phiếu số 1)"
