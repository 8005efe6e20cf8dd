"""Fees through the e-form: the applicant category is asked only when the
procedure has exemptions, the number of copies only when a per-copy fee
exists; the proof of a claimed category is a required upload; the amount is
computed on the server and is the same on the review page, at the payment
gateway and on the receipt (Mẫu 01)."""

import os
from urllib.parse import parse_qs, urlparse

import pypdfium2 as pdfium
import pytest
from django.urls import reverse

from eforms.dossiers.constants import PaymentStatus
from eforms.dossiers.models import Dossier, DossierFee
from eforms.formdefs.schema import current_version
from eforms.handoff.models import HandOff
from eforms.handoff.payload import build_payload
from eforms.submission.models import SubmissionDraft

from . import helpers
from .factories import applicant_answers, first_ward, pdf_file, procedure_page

pytestmark = pytest.mark.django_db

LLTP_FEE = "Phí cung cấp thông tin lý lịch tư pháp"
QUESTION = "Ông/Bà thuộc đối tượng được miễn, giảm phí/lệ phí?"
NONE = "Không thuộc đối tượng được miễn, giảm"


@pytest.fixture(autouse=True)
def _outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.OUTBOX_DIR = tmp_path / "outbox"


@pytest.fixture
def lltp(wagtail_root, home_page):
    return procedure_page(
        home_page,
        online_level="full",
        title="Cấp phiếu lý lịch tư pháp",
        code="3.000333",
        components=(("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", 1, 0, True),),
        fees=[
            {"name": LLTP_FEE, "kind": "phi", "amount_vnd": 200000, "unit_label": "lần/người"},
            {
                "name": "Phí cấp Phiếu từ Phiếu thứ 3 trở đi",
                "kind": "phi",
                "amount_vnd": 5000,
                "unit": "unit",
                "unit_label": "phiếu",
                "free_units": 2,
                "legal_basis": "Thông tư số 244/2016/TT-BTC",
            },
        ],
        fee_exemptions=[
            {"category": "Trẻ em", "percent": 100, "fee_name": LLTP_FEE, "proof_name": "Giấy khai sinh của trẻ em"},
            {"category": "Sinh viên", "percent": 50, "fee_name": LLTP_FEE, "proof_name": "Thẻ sinh viên"},
        ],
    )


@pytest.fixture
def residence(wagtail_root, home_page):
    return procedure_page(
        home_page,
        online_level="full",
        title="Đăng ký thường trú",
        code="1.004222",
        fees=[
            {"name": "Lệ phí đăng ký thường trú", "amount_vnd": 20000, "unit_label": "lần đăng ký"},
            {
                "name": "Lệ phí đăng ký thường trú",
                "amount_vnd": 10000,
                "unit_label": "lần đăng ký",
                "channel": "online",
            },
        ],
    )


def fee_step(draft):
    steps = draft.form_version.schema["steps"]
    for number, step in enumerate(steps, start=1):
        if step.get("role") == "fees":
            return number, step
    return None, None


def fill(client, procedure, draft, fee_answers, proof=True):
    """Every step answered; the fee step with ``fee_answers`` and the proof
    step with the upload of the claimed category (unless ``proof`` is
    False). Returns the first refused fee response, else the last one."""
    draft.refresh_from_db()
    result = None
    for number, step in enumerate(draft.form_version.schema["steps"], start=1):
        data = {"action": "next"}
        names = {f.get("name") for f in step["fields"]}
        role = step.get("role")
        if "applicant_name" in names:
            data.update(applicant_answers())
            data["applicant_address_ward"] = first_ward()
        for field in step["fields"]:
            if field["type"] == "file" and field.get("role") != "fee_proof":
                data[field["name"]] = pdf_file(f"{field['name']}.pdf")
            elif field["type"] == "textarea":
                data[field["name"]] = "Đề nghị cấp."
            elif proof and field.get("role") == "fee_proof":
                if field["condition"]["equals"] == fee_answers.get("fee_category"):
                    data[field["name"]] = pdf_file("giay-to-chung-minh.pdf")
        if role == "fees":
            data.update(fee_answers)
        response = client.post(helpers.step_url(procedure, draft, number), data)
        if role in ("fees", "fee_proofs"):
            result = response
            if response.status_code != 302:
                return response
            continue
        assert response.status_code == 302, helpers._errors(response)
    return result


def submit(client, procedure, draft, capture):
    with capture(execute=True):
        response = helpers.submit(client, procedure, draft)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Dossier.objects.get(procedure=procedure)


def pdf_text(data, png=None):
    """The text of every page, whitespace folded; ``png``: the first page
    saved as an image (``PORTAL_SCREENSHOT_DIR`` or the test's tmp dir)."""
    pdf = pdfium.PdfDocument(data)
    if png:
        out = os.environ.get("PORTAL_SCREENSHOT_DIR")
        if out:
            os.makedirs(out, exist_ok=True)
            pdf[0].render(scale=2.5).to_pil().save(os.path.join(out, png))
    return " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))


def test_questions_asked_only_when_they_change_the_amount(lltp, residence):
    names = lambda p: {f["name"] for s in current_version(p).schema["steps"] for f in s["fields"]}  # noqa: E731
    assert {"fee_category", "fee_units", "fee_proof_1", "fee_proof_2"} <= names(lltp)
    roles = [s.get("role") for s in current_version(lltp).schema["steps"]]
    assert roles[-2:] == ["fees", "fee_proofs"]
    assert not {"fee_category", "fee_units"} & names(residence)
    (question,) = [f for s in current_version(lltp).schema["steps"] for f in s["fields"] if f["name"] == "fee_category"]
    assert question["label"] == QUESTION and question["choices"] == ["Trẻ em", "Sinh viên", NONE]


def test_online_fee_of_an_ordinary_applicant(client, residence, django_capture_on_commit_callbacks):
    draft = helpers.start(client, residence)
    helpers.fill_all(client, residence, draft)
    review = client.get(helpers.review_url(residence, draft)).content.decode()
    assert "Lệ phí đăng ký thường trú (nộp trực tuyến): 10.000 đ/lần đăng ký" in review
    assert 'data-fee-total="10000"' in review and "20.000" not in review
    dossier = submit(client, residence, draft, django_capture_on_commit_callbacks)
    assert dossier.fee_vnd == 10000 and dossier.payment_status == PaymentStatus.PENDING


def test_claimed_exemption_needs_its_proof_then_costs_nothing(client, lltp, django_capture_on_commit_callbacks):
    draft = helpers.start(client, lltp)
    response = fill(client, lltp, draft, {"fee_category": "Trẻ em", "fee_units": "1"}, proof=False)
    assert response.status_code == 200
    assert "Vui lòng tải lên “Giấy khai sinh của trẻ em”" in response.content.decode()
    draft.refresh_from_db()
    assert draft.data["fee_category"] == "Trẻ em" and draft.data["applicant_name"]  # nothing lost

    response = fill(client, lltp, draft, {"fee_category": "Trẻ em", "fee_units": "1"})
    assert response.status_code == 302, helpers._errors(response)
    review = client.get(helpers.review_url(lltp, draft)).content.decode()
    assert 'data-fee-total="0"' in review and "miễn (Trẻ em)" in review
    dossier = submit(client, lltp, draft, django_capture_on_commit_callbacks)
    assert dossier.fee_vnd == 0 and dossier.payment_status == PaymentStatus.NOT_REQUIRED
    record = DossierFee.objects.get(dossier=dossier)
    assert record.category == "Trẻ em" and record.total_vnd == 0 and record.lines[0]["reduction_percent"] == 100
    assert dossier.attachments.filter(component_name="Giấy khai sinh của trẻ em").count() == 1
    fee = build_payload(HandOff.objects.get(dossier=dossier))["dossier"]["fee"]  # what the back office reads
    assert (fee["category"], fee["total_vnd"], fee["lines"][0]["name"]) == ("Trẻ em", 0, LLTP_FEE)
    receipt = client.get(reverse("eforms:receipt", args=[dossier.uuid, dossier.lookup_secret]))
    assert "Miễn phí (Trẻ em)" in pdf_text(receipt.content, png="receipt-exempt.png")


def test_unclaimed_with_copies_same_amount_on_review_payment_and_receipt(
    client, lltp, django_capture_on_commit_callbacks
):
    draft = helpers.start(client, lltp)
    response = fill(client, lltp, draft, {"fee_category": NONE, "fee_units": "3"})
    assert response.status_code == 302, helpers._errors(response)
    review = client.get(helpers.review_url(lltp, draft)).content.decode()
    assert 'data-fee-total="205000"' in review and "205.000 đ" in review
    assert "Phí cấp Phiếu từ Phiếu thứ 3 trở đi" in review
    dossier = submit(client, lltp, draft, django_capture_on_commit_callbacks)
    assert dossier.fee_vnd == 205000 and dossier.payment_status == PaymentStatus.PENDING
    assert not dossier.attachments.filter(component_name__in=["Thẻ sinh viên", "Giấy khai sinh của trẻ em"]).exists()

    page = client.get(reverse("eforms:confirmation", args=[dossier.uuid, dossier.lookup_secret])).content.decode()
    assert "Thanh toán 205.000 đ" in page and "Thời gian còn lại để thanh toán" in page
    start = client.post(reverse("eforms:payment_start", args=[dossier.uuid, dossier.lookup_secret]))
    params = {k: v[0] for k, v in parse_qs(urlparse(start["Location"]).query).items()}
    assert params["vnp_Amount"] == str(205000 * 100)
    with django_capture_on_commit_callbacks(execute=True):
        paid = client.post(reverse("eforms:payment_sandbox_bank"), {**params, "choice": "success"})
    assert paid.status_code == 302
    dossier.refresh_from_db()
    assert dossier.payment_status == PaymentStatus.PAID
    receipt = client.get(reverse("eforms:receipt", args=[dossier.uuid, dossier.lookup_secret]))
    text = pdf_text(receipt.content, png="receipt-paid.png")
    assert "Phí, lệ phí: 205.000 đ (đã thanh toán trực tuyến)" in text


def test_a_student_pays_half(client, lltp, django_capture_on_commit_callbacks):
    draft = helpers.start(client, lltp)
    assert fill(client, lltp, draft, {"fee_category": "Sinh viên", "fee_units": "1"}).status_code == 302
    dossier = submit(client, lltp, draft, django_capture_on_commit_callbacks)
    assert dossier.fee_vnd == 100000
    assert dossier.attachments.filter(component_name="Thẻ sinh viên").count() == 1


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"fee_category": "Người giàu", "fee_units": "1"}, "Lựa chọn không hợp lệ."),
        ({"fee_category": "<script>alert(1)</script>", "fee_units": "1"}, "Lựa chọn không hợp lệ."),
        ({"fee_category": "Trẻ em\x00", "fee_units": "1"}, ""),
        ({"fee_category": NONE, "fee_units": "-1"}, "1"),
        ({"fee_category": NONE, "fee_units": str(10**9)}, "1000"),
        ({"fee_category": NONE, "fee_units": "abc"}, "Giá trị không hợp lệ."),
        ({"fee_category": NONE, "fee_units": "2.5"}, "Số lượng phải là một số nguyên."),
        ({"fee_category": NONE, "fee_units": "2,5"}, "Giá trị không hợp lệ."),
        ({"fee_category": NONE, "fee_units": ""}, "Vui lòng nhập số phiếu đề nghị cấp."),
        ({"fee_units": "1"}, "Vui lòng trả lời câu hỏi “Ông/Bà thuộc đối tượng"),
    ],
)
def test_tampered_or_bad_fee_answers_are_refused_on_the_step(client, lltp, answers, message):
    draft = helpers.start(client, lltp)
    response = fill(client, lltp, draft, answers, proof=False)
    assert response.status_code in (200, 400)
    text = response.content.decode()
    assert message in text
    draft.refresh_from_db()
    assert draft.data["applicant_name"] == "Nguyễn Thị Hồng Nhung"  # the other answers are kept
    number, step = fee_step(draft)
    assert step["key"] not in (draft.completed_steps or [])


def test_a_fractional_or_stored_tampered_value_never_reaches_a_dossier(
    client, lltp, django_capture_on_commit_callbacks
):
    draft = helpers.start(client, lltp)
    assert fill(client, lltp, draft, {"fee_category": NONE, "fee_units": "2"}).status_code == 302
    # a fractional number written into the stored answers behind the form's back
    draft.refresh_from_db()
    SubmissionDraft.objects.filter(pk=draft.pk).update(data={**draft.data, "fee_units": "2.5"})
    review = client.get(helpers.review_url(lltp, draft))
    assert "Số lượng phải là một số nguyên." in review.content.decode()
    response = helpers.submit(client, lltp, draft)
    assert response.status_code == 400 and "Số lượng phải là một số nguyên." in response.content.decode()
    # a category written into the stored answers behind the form's back
    SubmissionDraft.objects.filter(pk=draft.pk).update(data={**draft.data, "fee_units": "1", "fee_category": "Hacker"})
    response = helpers.submit(client, lltp, draft)
    assert response.status_code == 400
    assert not Dossier.objects.exists()
    review = client.get(helpers.review_url(lltp, draft), {"lang": "en"})
    assert review.status_code == 200
