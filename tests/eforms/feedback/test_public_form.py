"""The public form at /phan-anh-kien-nghi/: routing to the responsible agency,
the receipt number shown and sent (SMS and e-mail through the notifications'
outbox), the deadline in working days, and every bad input of the issue —
a clear message in Vietnamese (English with ?lang=en), nothing stored."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from eforms.dossiers.calendar import add_working_days
from eforms.feedback.constants import FeedbackState
from eforms.feedback.models import Feedback, FeedbackEvent
from eforms.notifications.models import NotificationLog

from ..workspace.conftest import make_agency, make_procedure
from .conftest import GOOD, URL, post

pytestmark = pytest.mark.django_db


def test_form_page_says_a_reply_needs_a_contact(client):
    page = client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Gửi phản ánh, kiến nghị" in html
    assert "Về quy định hành chính" in html and "Về hành vi, việc giải quyết thủ tục hành chính" in html
    assert "Để nhận được trả lời, Ông/Bà cần để lại số điện thoại hoặc thư điện tử." in html
    assert 'name="website"' in html and 'aria-hidden="true"' in html  # the honeypot, hidden from people
    assert "private" in page["Cache-Control"]


def test_dossier_code_and_secret_route_to_the_dossier_agency(
    client, dossier, stp, sxd, django_capture_on_commit_callbacks, settings
):
    other = make_procedure(sxd, title="Cấp giấy phép xây dựng")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, dossier_code=dossier.code.lower(), dossier_secret=dossier.lookup_secret, procedure=str(other.pk)
        )
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert item.dossier == dossier and item.agency == stp  # the dossier's agency wins over the procedure's
    assert item.state == FeedbackState.NEW
    assert item.due_at == add_working_days(item.received_at, settings.FEEDBACK_ANSWER_DAYS, stp)
    assert FeedbackEvent.objects.filter(feedback=item, to_state=FeedbackState.NEW).exists()

    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    assert "Đã tiếp nhận phản ánh, kiến nghị của Ông/Bà." in html
    assert item.code in html and item.lookup_secret in html
    assert timezone.localtime(item.due_at).strftime("%d/%m/%Y") in html
    assert "Sở Tư pháp" in html

    rows = NotificationLog.objects.filter(key=f"feedback:{item.code}:received")
    assert sorted(rows.values_list("channel", flat=True)) == ["email", "sms"]
    assert set(rows.values_list("state", flat=True)) == {"sent"}
    (message,) = [m for m in mail.outbox if item.code in m.subject]
    assert message.to == ["an@example.vn"]
    assert "Mã phản ánh: " + item.code in message.body and item.lookup_secret in message.body
    assert f"/phan-anh-kien-nghi/tra-cuu/?ma={item.code}&mtc={item.lookup_secret}" in message.body
    sms = rows.get(channel="sms")
    assert item.code in sms.body and sms.recipient == "84912345678"


def test_dossier_code_without_secret_is_not_tied_and_reveals_nothing(client, dossier, settings):
    settings.FEEDBACK_CENTER_AGENCY = ""
    response = post(client, dossier_code=dossier.code)
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert item.dossier is None and item.agency is None  # not routed by an unproven code
    assert item.dossier_code_given == dossier.code
    html = client.get(response["Location"]).content.decode()
    assert "Sở Tư pháp" not in html and dossier.applicant_name not in html and dossier.procedure_name not in html


@pytest.mark.parametrize(
    "lang, message",
    [
        ("", "Mã hồ sơ hoặc mã tra cứu không đúng."),
        ("en", "The dossier code or look-up code is wrong."),
    ],
)
def test_wrong_secret_is_refused_like_an_unknown_code(client, dossier, lang, message):
    wrong = post(client, lang=lang, dossier_code=dossier.code, dossier_secret="WRONG999")
    unknown = post(client, lang=lang, dossier_code="000.00.00.H00-260101-9999", dossier_secret="WRONG999")
    pages = []
    for response, code in ((wrong, dossier.code), (unknown, "000.00.00.H00-260101-9999")):
        assert response.status_code == 400
        html = response.content.decode()
        assert message in html
        assert GOOD["subject"] in html  # what was typed is kept
        pages.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html).replace(code, "CODE"))
    assert pages[0] == pages[1]  # a wrong secret says nothing more than an unknown code
    assert not Feedback.objects.exists()


def test_procedure_routes_to_its_agency_else_the_chosen_agency_else_the_center(client, sxd, stp, settings):
    procedure = make_procedure(sxd, title="Cấp giấy phép xây dựng")
    assert post(client, procedure=str(procedure.pk)).status_code == 302
    assert post(client, agency=str(stp.pk)).status_code == 302
    center = make_agency("trung-tam", "Trung tâm Phục vụ hành chính công tỉnh")
    settings.FEEDBACK_CENTER_AGENCY = "trung-tam"
    assert post(client).status_code == 302
    agencies = list(Feedback.objects.order_by("id").values_list("agency__code", flat=True))
    assert agencies == ["sxd", "stp", center.code]


@pytest.mark.parametrize(
    "lang, message",
    [
        ("", "Nội dung phản ánh, kiến nghị tối đa 5000 ký tự"),
        ("en", "Content of the feedback: at most 5000 characters"),
    ],
)
def test_a_megabyte_of_text_gets_a_clear_message(client, lang, message):
    big = "Quá dài. " * (1024 * 1024 // 9)
    response = post(client, lang=lang, content=big)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html, html[:3000]
    assert GOOD["subject"] in html and GOOD["email"] in html  # the rest is kept
    assert not Feedback.objects.exists()


def test_a_request_over_the_size_limit_is_refused_before_reading(client, settings):
    settings.FEEDBACK_MAX_REQUEST_BYTES = 100_000
    response = post(client, content="x" * 200_000)
    assert response.status_code == 413
    assert "Nội dung gửi quá lớn" in response.content.decode()
    assert not Feedback.objects.exists()


def test_html_and_nul_bytes_in_every_field_are_stripped(client, stp):
    script = "<script>alert('x')</script>"
    response = post(
        client,
        subject=f"<b>Tiêu đề</b>{script}\x00",
        content="<img src=x onerror=alert(1)>Nội\x00 dung <a href='javascript:alert(1)'>bấm</a>",
        name=f"<i>Trần\x00 Bình</i>{script}",
        address=f"{script}Số 1\x00 Lê Lợi",
        dossier_code=f"{script}\x00",
        agency=str(stp.pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Feedback.objects.get()
    stored = " ".join([item.subject, item.content, item.sender_name, item.sender_address, item.dossier_code_given])
    assert "<" not in stored and "\x00" not in stored and "onerror" not in stored
    assert item.subject == "Tiêu đềalert('x')" and item.content == "Nội dung bấm"
    assert item.sender_name == "Trần Bìnhalert('x')" and item.sender_address == "alert('x')Số 1 Lê Lợi"
    html = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in html and "<b>Tiêu đề</b>" not in html


@pytest.mark.parametrize(
    "lang, message",
    [
        ("", "Không gửi được phản ánh: một ô dành cho kiểm tra tự động đã được điền."),
        ("en", "The feedback was not sent: a field meant for automatic checks was filled in."),
    ],
)
def test_honeypot_filled_is_refused(client, lang, message):
    response = post(client, lang=lang, website="http://spam.example")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Feedback.objects.exists() and not NotificationLog.objects.exists()


@pytest.mark.parametrize(
    "lang, message",
    [
        ("", "Ông/Bà đã gửi quá nhiều phản ánh trong thời gian ngắn."),
        ("en", "You have sent too much feedback in a short time."),
    ],
)
def test_rate_limit_per_address(client, settings, lang, message):
    settings.RATE_LIMITS = {"feedback_submit": (3, 3600)}
    for _ in range(3):
        assert post(client).status_code == 302
    response = post(client, lang=lang)
    assert response.status_code == 429
    assert message in response.content.decode()
    assert Feedback.objects.count() == 3


@pytest.mark.parametrize(
    "lang, messages",
    [
        ("", ["Vui lòng chọn loại phản ánh, kiến nghị.", "Vui lòng nhập tiêu đề", "Vui lòng nhập nội dung"]),
        ("en", ["Please choose the kind of feedback.", "Please enter a subject", "Please enter the content"]),
    ],
)
def test_missing_fields(client, lang, messages):
    response = client.post(URL + (f"?lang={lang}" if lang else ""), {})
    assert response.status_code == 400
    html = response.content.decode()
    for message in messages:
        assert message in html
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"kind": "<script>"}, "Loại phản ánh, kiến nghị không hợp lệ"),
        ({"procedure": "1 OR 1=1"}, "Thủ tục đã chọn không có trong danh mục"),
        ({"agency": "999999999"}, "Cơ quan đã chọn không có trong danh bạ"),
        ({"email": "khong-phai-email"}, "Địa chỉ thư điện tử không hợp lệ"),
        ({"phone": "12345"}, "Số điện thoại không hợp lệ"),
        ({"dossier_secret": "ABCDEFGH", "dossier_code": ""}, "Vui lòng nhập mã hồ sơ đi kèm mã tra cứu."),
        ({"subject": "x" * 201}, "Tiêu đề tối đa 200 ký tự"),
    ],
)
def test_malformed_fields(client, changes, message):
    response = post(client, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Feedback.objects.exists()


def test_without_contact_the_receipt_says_to_keep_the_codes(client):
    response = post(client, name="", phone="", email="", address="")
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "vui lòng ghi lại hai mã trên" in html
    assert not NotificationLog.objects.exists()


def test_status_page_needs_the_secret(client, make_item):
    item = make_item()
    wrong = client.get(f"{URL}tra-cuu/?ma={item.code}&mtc=SAI12345")
    assert wrong.status_code == 404 and item.subject not in wrong.content.decode()
    assert "Không tìm thấy phản ánh" in wrong.content.decode()
    right = client.get(f"{URL}tra-cuu/?ma={item.code}&mtc={item.lookup_secret}")
    assert right.status_code == 200 and item.subject in right.content.decode()
    hostile = client.get(f"{URL}tra-cuu/?ma=%00<script>&mtc=" + "Đ" * 5000)
    assert hostile.status_code == 404


def test_english_form_and_list(client):
    form = client.get(URL + "?lang=en").content.decode()
    assert "Send feedback or a complaint" in form and "About an administrative regulation" in form
    assert "To receive an answer, please leave a phone number or an e-mail address." in form
    answers = client.get(URL + "tra-loi/?lang=en").content.decode()
    assert "Answers to feedback" in answers and "No answer has been published yet." in answers
