"""E-mail is optional (issue #10): a citizen with only a phone number
submits, gets the tracking link by SMS (the sandbox gateway's file under
``OUTBOX_DIR/sms``), follows it, and saves and resumes a draft by SMS.
Neither phone nor e-mail is refused with a clear message; hostile phone
values never pass and never cause a 500."""

import json
import re

import pytest
from django.core import mail

from eforms.dossiers.models import Dossier
from eforms.notifications.constants import DeliveryState, NotificationChannel
from eforms.notifications.models import NotificationLog
from eforms.submission.models import SubmissionDraft
from eforms.workspace.services import accept

from . import helpers
from .factories import OfficerFactory, applicant_answers, first_ward

pytestmark = pytest.mark.django_db
BASE = "http://testserver"
URL = re.compile(r"https?://[^\s\"'<>]+")
NEITHER = "ít nhất một trong hai"


@pytest.fixture(autouse=True)
def sandbox(settings, tmp_path):
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.NOTIFICATION_SMS_BACKEND = "sandbox"
    settings.NOTIFICATION_ZALO_BACKEND = "none"
    settings.PORTAL_BASE_URL = BASE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings.OUTBOX_DIR


def sms_files(outbox):
    folder = outbox / "sms"
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))] if folder.exists() else []


def applicant_step(draft):
    steps = draft.form_version.schema["steps"]
    for number, step in enumerate(steps, start=1):
        if any(f.get("name") == "applicant_phone" for f in step["fields"]):
            return number
    raise AssertionError("no applicant step")


def post_applicant(client, procedure, draft, **changes):
    data = applicant_answers()
    data["applicant_address_ward"] = first_ward()
    data.update(changes)
    return client.post(helpers.step_url(procedure, draft, applicant_step(draft)), data)


def fill_phone_only(client, procedure, draft):
    helpers.fill_all(client, procedure, draft)
    response = post_applicant(client, procedure, draft, applicant_email="", applicant_phone="+84 912 345 678")
    assert response.status_code == 302, response.content.decode()[:2000]


def test_phone_only_submission_sends_the_tracking_link_by_sms(
    client, procedure, sandbox, django_capture_on_commit_callbacks
):
    draft = helpers.start(client, procedure)
    fill_phone_only(client, procedure, draft)
    with django_capture_on_commit_callbacks(execute=True):
        response = helpers.submit(client, procedure, draft)
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.applicant_email == "" and dossier.applicant_phone == "0912345678"
    assert mail.outbox == []  # no address, no e-mail
    (sms,) = sms_files(sandbox)
    assert sms["to"] == "84912345678"
    assert dossier.code in sms["message"] and "cho tiep nhan" in sms["message"]
    assert len(sms["message"]) <= 160
    (link,) = URL.findall(sms["message"])
    opened = client.get(link.removeprefix(BASE))
    assert opened.status_code == 200
    text = opened.content.decode()
    assert dossier.code in text and "Mới đăng ký" in text
    row = NotificationLog.objects.get(dossier=dossier, channel=NotificationChannel.SMS)
    assert row.state == DeliveryState.SENT
    # the same change notified again (a redelivered signal): nothing more is sent
    from eforms.dossiers.signals import submitted

    with django_capture_on_commit_callbacks(execute=True):
        submitted(dossier, row.status_change)
    assert len(sms_files(sandbox)) == 1


def test_phone_and_email_get_both(client, procedure, sandbox, django_capture_on_commit_callbacks):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    with django_capture_on_commit_callbacks(execute=True):
        helpers.submit(client, procedure, draft)
    dossier = Dossier.objects.get()
    assert [m.to for m in mail.outbox] == [["nhung@example.vn"]]
    (sms,) = sms_files(sandbox)
    assert dossier.code in sms["message"]
    email_row = NotificationLog.objects.get(dossier=dossier, channel=NotificationChannel.EMAIL)
    assert email_row.state == DeliveryState.SKIPPED  # the confirmation e-mail is that change's e-mail


def test_neither_phone_nor_email_is_refused(client, procedure):
    draft = helpers.start(client, procedure)
    draft.refresh_from_db()
    response = post_applicant(client, procedure, draft, applicant_email="", applicant_phone="")
    assert response.status_code == 200
    assert NEITHER in response.content.decode()
    draft.refresh_from_db()
    assert draft.data["applicant_name"] == "Nguyễn Thị Hồng Nhung"  # nothing typed is lost
    assert not draft.data.get("applicant_phone") and not draft.data.get("applicant_email")
    helpers.submit(client, procedure, draft)
    assert not Dossier.objects.exists()


def test_neither_in_english(client, procedure):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    url = helpers.step_url(procedure, draft, applicant_step(draft)) + "?lang=en"
    data = applicant_answers() | {"applicant_address_ward": first_ward(), "applicant_email": "", "applicant_phone": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "at least one of the two" in response.content.decode()


@pytest.mark.parametrize(
    "value",
    [
        "0212345678",  # 02x is a fixed line: no SMS
        "0112345678",
        "091234567",
        "09123456789",
        "<script>alert(1)</script>",
        "0912\x00345678",
        "9" * 5000,
        "+85 912 345 678",
        "0912345678; DROP TABLE",
        "٠٩١٢٣٤٥٦٧٨",  # Arabic-Indic digits
    ],
)
def test_hostile_phone_values_are_refused(client, procedure, value):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    response = post_applicant(client, procedure, draft, applicant_phone=value)
    assert response.status_code == 200
    text = response.content.decode()
    assert "<script>alert(1)</script>" not in text
    assert 'class="form-error"' in text
    draft.refresh_from_db()
    assert draft.data.get("applicant_phone") == "0912345678"  # the earlier valid answer stays


@pytest.mark.parametrize(
    "value, stored",
    [
        ("+84912345678", "0912345678"),
        ("0084 386 123 456", "0386123456"),
        ("０９１２３４５６７８", "0912345678"),
        ("070.123.4567", "0701234567"),
    ],
)
def test_mobile_numbers_are_normalised(client, procedure, value, stored):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    response = post_applicant(client, procedure, draft, applicant_phone=value)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.data["applicant_phone"] == stored


def test_save_and_resume_by_sms(client, procedure, sandbox, django_capture_on_commit_callbacks):
    draft = helpers.start(client, procedure)
    save_url = f"/nop-ho-so/{procedure.code}/{draft.uuid}/luu/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(save_url, {"phone": "0386 123 456", "email": ""})
    assert response.status_code == 200
    assert "0386123456" in response.content.decode()
    assert mail.outbox == []
    (sms,) = sms_files(sandbox)
    assert sms["to"] == "84386123456"
    (link,) = URL.findall(sms["message"])
    other = type(client)()  # another browser: only the link opens the draft
    opened = other.get(link.removeprefix(BASE))
    assert opened.status_code == 302 and str(draft.uuid) in opened["Location"]
    assert other.get(opened["Location"]).status_code == 200


def test_save_with_neither_and_hostile_values(client, procedure, sandbox):
    draft = helpers.start(client, procedure)
    save_url = f"/nop-ho-so/{procedure.code}/{draft.uuid}/luu/"
    response = client.post(save_url, {"phone": "", "email": ""})
    assert response.status_code == 200 and NEITHER in response.content.decode()
    for value in ("<b>0912</b>", "0912\x00345678", "1" * 300, "0212345678"):
        response = client.post(save_url, {"phone": value})
        assert response.status_code == 200
        assert "form-error" in response.content.decode()
    assert sms_files(sandbox) == []
    draft.refresh_from_db()
    assert draft.resume_token_hash == ""


def test_resume_request_answers_the_same_whether_a_draft_exists(
    client, procedure, sandbox, django_capture_on_commit_callbacks
):
    draft = helpers.start(client, procedure)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/nop-ho-so/{procedure.code}/{draft.uuid}/luu/", {"phone": "0912345678"})
    assert len(sms_files(sandbox)) == 1
    url = f"/nop-ho-so/{procedure.code}/tiep-tuc/"
    assert client.get(url).status_code == 200
    stranger = type(client)()
    with django_capture_on_commit_callbacks(execute=True):
        known = stranger.post(url, {"phone": "+84912345678"})
    with django_capture_on_commit_callbacks(execute=True):
        unknown = stranger.post(url, {"phone": "0987654321"})
    with django_capture_on_commit_callbacks(execute=True):
        unknown_email = stranger.post(url, {"email": "khong-co@example.vn"})
    assert known.status_code == unknown.status_code == unknown_email.status_code == 200

    def notice(response):
        return re.search(r'<div class="notice notice--success".*?</div>', response.content.decode(), re.S).group(0)

    assert notice(known) == notice(unknown) == notice(unknown_email)
    files = sms_files(sandbox)
    assert [f["to"] for f in files] == ["84912345678", "84912345678"]  # the saved link, then the new one
    links = [URL.findall(f["message"])[0] for f in files]
    fresh = [link for link in links if stranger.get(link.removeprefix(BASE)).status_code == 302]
    # a stranger asking for new links does not break the one the applicant has
    assert len(fresh) == 2
    assert SubmissionDraft.objects.get(pk=draft.pk).phone == "0912345678"


def test_only_the_last_links_stay_valid_and_a_wrong_token_opens_nothing(
    client, procedure, sandbox, settings, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {"resume_email": (100, 3600)}
    draft = helpers.start(client, procedure)
    save_url = f"/nop-ho-so/{procedure.code}/{draft.uuid}/luu/"
    for _number in range(7):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(save_url, {"phone": "0912345678"}).status_code == 200
    assert len(sms_files(sandbox)) == 7
    bodies = (
        NotificationLog.objects.filter(channel=NotificationChannel.SMS).order_by("id").values_list("body", flat=True)
    )
    links = [URL.findall(body)[0].removeprefix(BASE) for body in bodies]
    stranger = type(client)()
    opened = [stranger.get(link).status_code for link in links]
    assert opened == [404, 404, 302, 302, 302, 302, 302]  # the newest five
    for token in ("x", "<script>", "a" * 300):
        assert stranger.get(f"/nop-ho-so/tiep-tuc/{draft.uuid}/{token}/").status_code == 404


def test_save_page_says_only_what_was_sent_when_sms_is_off(
    client, procedure, sandbox, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_SMS_BACKEND = "none"
    draft = helpers.start(client, procedure)
    save_url = f"/nop-ho-so/{procedure.code}/{draft.uuid}/luu/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(save_url, {"phone": "0912345678", "email": ""})
    text = response.content.decode()
    assert response.status_code == 200
    assert "bằng tin nhắn SMS đến số" not in text and "notice--success" not in text
    assert "Chưa gửi được tin nhắn SMS đến số 0912345678" in text
    assert "Vui lòng nhập địa chỉ thư điện tử" in text and "<form" in text  # asked again, nothing lost
    assert sms_files(sandbox) == [] and not NotificationLog.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(save_url, {"phone": "0912345678", "email": "nhung@example.vn"})
    text = response.content.decode()
    assert "Đã gửi đường dẫn tiếp tục nộp hồ sơ đến thư điện tử nhung@example.vn" in text
    assert "Chưa gửi được tin nhắn SMS" in text and "bằng tin nhắn SMS đến số" not in text
    assert len(mail.outbox) == 1
    english = client.post(save_url + "?lang=en", {"phone": "0912345678", "email": ""})
    assert english.status_code == 200 and "could not be sent" in english.content.decode()


def test_resume_request_is_rate_limited_and_refuses_bad_input(client, procedure, settings):
    settings.RATE_LIMITS = {"resume_email": (2, 3600)}
    url = f"/nop-ho-so/{procedure.code}/tiep-tuc/"
    response = client.post(url, {})
    assert response.status_code == 200 and NEITHER in response.content.decode()
    response = client.post(url, {"email": "<script>@x", "phone": "\x00"})
    assert response.status_code == 200 and "form-error" in response.content.decode()
    assert client.post(url, {"phone": "0912345678"}).status_code == 200
    assert client.post(url, {"phone": "0912345679"}).status_code == 200
    assert client.post(url, {"phone": "0912345670"}).status_code == 429


def test_phone_only_gets_the_receipt_link_at_acceptance(client, procedure, sandbox, django_capture_on_commit_callbacks):
    draft = helpers.start(client, procedure)
    fill_phone_only(client, procedure, draft)
    with django_capture_on_commit_callbacks(execute=True):
        helpers.submit(client, procedure, draft)
    dossier = Dossier.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        accept(dossier, OfficerFactory(agency=procedure.agency))
    assert mail.outbox == []
    messages = sms_files(sandbox)
    assert len(messages) == 2  # submitted, then accepted
    accepted = [m for m in messages if "Duoc tiep nhan" in m["message"]]
    assert accepted, [m["message"] for m in messages]
    (link,) = URL.findall(accepted[0]["message"])
    page = type(client)().get(link.removeprefix(BASE))
    assert page.status_code == 200
    text = page.content.decode()
    receipt = re.search(r'href="([^"]*giay-tiep-nhan\.pdf)"', text).group(1)
    pdf = type(client)().get(receipt)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
