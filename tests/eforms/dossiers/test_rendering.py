"""The one answer renderer: the same answer reads the same on the citizen's
review page, the officer's detail page, the submission PDF and the CSV;
labels and Có/Không follow the language."""

import csv
import datetime
import io
import re

import pypdfium2 as pdfium
import pytest
from django.utils import translation

from eforms.dossiers.documents.submission import submission_pdf
from eforms.dossiers.models import Dossier
from eforms.dossiers.rendering import AnswerRenderer, Mode, answer_text, form_data_rows
from eforms.workspace.exports import answers_csv

from .. import helpers
from ..workspace.conftest import login, make_officer

SCHEMA = {
    "steps": [
        {
            "key": "step1",
            "title": "Người nộp hồ sơ",
            "fields": [
                {"type": "heading", "name": "", "label": "Thông tin"},
                {"type": "text", "name": "applicant_name", "label": "Họ, chữ đệm và tên"},
                {"type": "date", "name": "applicant_birth_date", "label": "Ngày sinh"},
                {"type": "checkbox", "name": "dong_y", "label": "Đồng ý"},
                {"type": "choice", "name": "gioi_tinh", "label": "Giới tính", "choices": ["Nữ", "Nam"]},
                {"type": "multichoice", "name": "ban_sao", "label": "Bản sao", "choices": ["Một", "Hai"]},
                {"type": "address", "name": "dia_chi", "label": "Địa chỉ"},
                {
                    "type": "text",
                    "name": "ghi_chu",
                    "label": "Ghi chú",
                    "condition": {"field": "dong_y", "equals": "có"},
                },
                {"type": "file", "name": "tep_1", "label": "Tờ khai", "component_name": "Tờ khai"},
            ],
        }
    ]
}
ANSWERS = {
    "applicant_name": "=Nguyễn Thị Hồng Nhung",
    "applicant_birth_date": "1990-05-17",
    "dong_y": True,
    "gioi_tinh": "Nữ",
    "ban_sao": ["Một", "Hai"],
    "dia_chi": "12 Phan Đình Phùng, Phường 1 Bảo Lộc, Lâm Đồng",
    "dia_chi_province": "68",
    "ghi_chu": "Dòng một\nDòng <hai>",
    "ly_do": "2026-11-20",
}


def renderer(mode):
    return AnswerRenderer(SCHEMA, ANSWERS, files={"tep_1": ["to-khai.pdf"]}, mode=mode)


def test_text_rules():
    rows = {row.name: row.text for row in renderer(Mode.TEXT)}
    assert rows["applicant_birth_date"] == "17/05/1990"
    assert rows["dong_y"] == "Có"
    assert rows["gioi_tinh"] == "Nữ"
    assert rows["ban_sao"] == "Một, Hai"
    assert rows["dia_chi"] == "12 Phan Đình Phùng, Phường 1 Bảo Lộc, Lâm Đồng"
    assert rows["tep_1"] == "to-khai.pdf"
    assert rows["ly_do"] == "20/11/2026"  # an answer the form does not name, still a date
    assert "dia_chi_province" not in rows  # a part of the composed address
    assert answer_text(False, "checkbox") == "Không" and answer_text(None) == "—"


def test_modes_carry_the_same_text():
    text = {row.name: row.text for row in renderer(Mode.TEXT)}
    html = {row.name: row.value for row in renderer(Mode.OFFICER_HTML)}
    cells = {row.name: row.value for row in renderer(Mode.CELL)}
    data = {row.name: row.value for row in renderer(Mode.JSON)}
    assert html["ghi_chu"] == "Dòng một<br>Dòng &lt;hai&gt;"
    assert cells["applicant_name"] == "'=Nguyễn Thị Hồng Nhung"  # never a formula
    assert cells["applicant_birth_date"] == text["applicant_birth_date"] == html["applicant_birth_date"]
    assert data["applicant_birth_date"] == "1990-05-17" and data["dong_y"] is True
    assert data["ban_sao"] == ["Một", "Hai"]


def test_citizen_mode_shows_the_form_only_and_hides_unmet_conditions():
    citizen = [row.name for row in renderer(Mode.CITIZEN_HTML)]
    officer = [row.name for row in renderer(Mode.OFFICER_HTML)]
    assert "ly_do" not in citizen and officer[-1] == "ly_do"
    hidden = AnswerRenderer(SCHEMA, {**ANSWERS, "dong_y": False}, mode=Mode.CITIZEN_HTML)
    assert "ghi_chu" not in [row.name for row in hidden]
    (section,) = hidden.sections()
    assert (section.key, section.number, section.title) == ("step1", 1, "Người nộp hồ sơ")


def test_english_labels_and_booleans():
    with translation.override("en"):
        rows = {row.name: row for row in renderer(Mode.TEXT)}
        assert rows["applicant_birth_date"].label == "Date of birth"
        assert rows["applicant_name"].label == "Full name"
        assert rows["dong_y"].text == "Yes"
        assert answer_text(False, "checkbox") == "No"
        assert renderer(Mode.TEXT).sections()[0].title == "Applicant"


def test_counter_data_and_data_without_a_schema():
    data = {"ghi_chu": {"label": "Ghi chú tiếp nhận", "value": "Đủ"}, "ngay_dang_ky": datetime.date(2026, 11, 20)}
    rows = list(AnswerRenderer(None, data))
    assert [tuple(row) for row in rows] == [("Ghi chú tiếp nhận", "Đủ"), ("Ngay dang ky", "20/11/2026")]
    assert list(AnswerRenderer(None, ["x"]).rows()[0]) == ["Dữ liệu", "x"]


def _pdf_text(data):
    document = pdfium.PdfDocument(data)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def _dl(html):
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.S)
    return {label.strip(): value.strip() for label, value in pairs}


@pytest.mark.django_db
def test_same_answer_everywhere(client, procedure, django_capture_on_commit_callbacks):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    review = _dl(client.get(helpers.review_url(procedure, draft)).content.decode())
    with django_capture_on_commit_callbacks(execute=True):  # the hand-off delivers to the workspace
        helpers.submit(client, procedure, draft)
    dossier = Dossier.objects.get()
    officer = login(client, make_officer("canbo", dossier.agency))
    page = client.get(f"/can-bo/ho-so/{dossier.uuid}/")
    assert page.status_code == 200, officer
    detail = _dl(page.content.decode())
    pdf = _pdf_text(submission_pdf(dossier)).replace("\r", "")
    cells = dict(csv.reader(io.StringIO(answers_csv(dossier).decode("utf-8-sig"))))
    expected = {
        "Ngày sinh": "17/05/1990",
        "Địa chỉ thường trú": review["Địa chỉ thường trú"],
        "Họ, chữ đệm và tên": "Nguyễn Thị Hồng Nhung",
    }
    assert "Bảo Lộc" in expected["Địa chỉ thường trú"]
    for label, value in expected.items():
        assert review[label] == detail[label] == cells[label] == value, label
        assert value in pdf, label
    assert "1990-05-17" not in pdf and "1990-05-17" not in page.content.decode()
    assert form_data_rows(dossier)[2] == ("Ngày sinh", "17/05/1990")


@pytest.mark.django_db
def test_review_page_in_english(client, procedure):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    rows = _dl(client.get(helpers.review_url(procedure, draft) + "?lang=en").content.decode())
    assert rows["Date of birth"] == "17/05/1990"
    assert rows["Full name"] == "Nguyễn Thị Hồng Nhung"
