"""Applicant notifications: e-mail, sandbox SMS / Zalo files, idempotency,
bounded retries with backoff, and the HTTP SMS gateway against a real
local HTTP server."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from eforms.notifications import services
from eforms.notifications.constants import DeliveryState, NotificationChannel
from eforms.notifications.models import NotificationLog
from eforms.notifications.tasks import deliver_notification, retry_due_notifications
from eforms.notifications.text import fit_sms, gsm_length, is_gsm, normalise_vn_phone

pytestmark = pytest.mark.django_db


def notify(dossier, change, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_status_change(dossier, change)


def test_status_change_emails_applicant_in_vietnamese(
    dossier, supplement_change, outbox_dir, django_capture_on_commit_callbacks
):
    notify(dossier, supplement_change, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hoa@example.vn"]
    assert message.subject.startswith("Hồ sơ 000.00.00.H41-261122-0001: Yêu cầu bổ sung giấy tờ")
    body = message.body
    assert "Kính gửi Ông/Bà Nguyễn Thị Hoà" in body
    assert "Mã hồ sơ: 000.00.00.H41-261122-0001" in body
    assert "Mã tra cứu: K7QX9M" in body
    assert "Thủ tục: Đăng ký khai sinh (1.001193)" in body
    assert "Trạng thái mới: Yêu cầu bổ sung giấy tờ" in body
    assert "Giấy tờ cần bổ sung:\nBản sao Giấy chứng nhận kết hôn của cha mẹ" in body
    # the link opens the tracking page on the dossier (code + look-up secret)
    assert "https://dichvucong.lamdong.gov.vn/tra-cuu-ho-so/?ma=000.00.00.H41-261122-0001&mtc=K7QX9M" in body
    assert "?code=" not in body
    assert "&#" not in body and "&amp;" not in body  # plain text, not HTML-escaped
    states = dict(NotificationLog.objects.values_list("channel", "state"))
    assert states == {"email": "sent", "sms": "sent", "zalo": "sent"}


def test_sandbox_writes_protocol_shaped_sms_and_zalo_files(
    dossier, supplement_change, outbox_dir, django_capture_on_commit_callbacks
):
    notify(dossier, supplement_change, django_capture_on_commit_callbacks)

    sms_files = list((outbox_dir / "sms").glob("*.json"))
    zalo_files = list((outbox_dir / "zalo").glob("*.json"))
    assert len(sms_files) == 1 and len(zalo_files) == 1
    sms = json.loads(sms_files[0].read_text(encoding="utf-8"))
    assert set(sms) == {"to", "brandname", "message", "request_id"}
    assert sms["to"] == "84912345678"
    assert sms["brandname"] == "DVC LAMDONG"
    assert is_gsm(sms["message"]) and gsm_length(sms["message"]) <= 160
    assert sms["message"].startswith("Ho so 000.00.00.H41-261122-0001: Yeu cau bo sung giay to.")
    log = NotificationLog.objects.get(channel=NotificationChannel.SMS)
    assert sms["request_id"] == str(log.request_id) and sms_files[0].stem == str(log.request_id)

    zalo = json.loads(zalo_files[0].read_text(encoding="utf-8"))
    assert set(zalo) == {"phone", "template_id", "template_data", "tracking_id"}
    assert zalo["phone"] == "84912345678"
    assert zalo["template_id"] == "248615"
    assert zalo["template_data"]["ma_ho_so"] == "000.00.00.H41-261122-0001"
    assert zalo["template_data"]["trang_thai"] == "Yêu cầu bổ sung giấy tờ"
    assert zalo["template_data"]["ghi_chu"] == "Bản sao Giấy chứng nhận kết hôn của cha mẹ"


def test_redelivered_task_never_sends_twice(dossier, supplement_change, outbox_dir, django_capture_on_commit_callbacks):
    notify(dossier, supplement_change, django_capture_on_commit_callbacks)
    # Redelivery of every task, and a second call for the same change.
    for log in NotificationLog.objects.all():
        deliver_notification.delay(log.pk)
        deliver_notification.delay(log.pk)
    notify(dossier, supplement_change, django_capture_on_commit_callbacks)
    retry_due_notifications.delay()

    assert len(mail.outbox) == 1
    assert len(list((outbox_dir / "sms").glob("*.json"))) == 1
    assert len(list((outbox_dir / "zalo").glob("*.json"))) == 1
    assert NotificationLog.objects.count() == 3
    assert set(NotificationLog.objects.values_list("attempts", flat=True)) == {1}


def test_nothing_is_sent_when_the_transition_rolls_back(
    dossier, supplement_change, outbox_dir, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                services.notify_status_change(dossier, supplement_change)
                raise RuntimeError("transition failed")
    assert mail.outbox == []
    assert NotificationLog.objects.count() == 0


def test_missing_contact_is_skipped_not_failed(
    dossier, supplement_change, outbox_dir, django_capture_on_commit_callbacks
):
    dossier.applicant_email = ""
    dossier.applicant_phone = "12345"
    dossier.save()
    notify(dossier, supplement_change, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert set(NotificationLog.objects.values_list("state", flat=True)) == {DeliveryState.SKIPPED}


def test_failure_is_recorded_and_retried_with_bounded_backoff(
    dossier, supplement_change, outbox_dir, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_SMS_BACKEND = "none"
    settings.NOTIFICATION_ZALO_BACKEND = "none"
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    calls = []

    def broken_send(self, fail_silently=False):
        calls.append(1)
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken_send)
    notify(dossier, supplement_change, django_capture_on_commit_callbacks)
    log = NotificationLog.objects.get(channel="email")
    assert log.state == DeliveryState.FAILED and log.attempts == 1
    assert "SMTP server down" in log.last_error
    first_wait = log.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(seconds=60)

    # Not due yet: the sweep leaves it alone.
    assert retry_due_notifications.delay().get() == 0
    for expected_attempts, expected_wait in ((2, 120), (3, None)):
        NotificationLog.objects.filter(pk=log.pk).update(next_attempt_at=timezone.now())
        retry_due_notifications.delay()
        log.refresh_from_db()
        assert log.attempts == expected_attempts
        if expected_wait:
            assert log.state == DeliveryState.FAILED
            assert (log.next_attempt_at - timezone.now()) > timedelta(seconds=expected_wait - 10)
    assert log.state == DeliveryState.GAVE_UP and log.next_attempt_at is None
    assert retry_due_notifications.delay().get() == 0
    assert len(calls) == 3

    # Once the server is back, nothing is sent for a row that gave up.
    monkeypatch.undo()
    deliver_notification.delay(log.pk)
    assert mail.outbox == []


def test_crashed_worker_claim_is_taken_over_after_lease(
    dossier, supplement_change, outbox_dir, django_capture_on_commit_callbacks
):
    notify(dossier, supplement_change, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    log = NotificationLog.objects.get(channel="email")
    # A worker claimed a new row and died before sending.
    NotificationLog.objects.filter(pk=log.pk).update(
        state=DeliveryState.SENDING, claimed_until=timezone.now() + timedelta(minutes=5)
    )
    deliver_notification.delay(log.pk)
    assert mail.outbox == []  # the lease is still held
    NotificationLog.objects.filter(pk=log.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert retry_due_notifications.delay().get() == 1
    assert len(mail.outbox) == 1


class _Provider(BaseHTTPRequestHandler):
    received = []
    status = 200

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        type(self).received.append(
            {"path": self.path, "headers": dict(self.headers), "body": json.loads(self.rfile.read(length))}
        )
        status = type(self).status
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        answer = {"message_id": "MT-777"} if status == 200 else {"error": "down"}
        self.wfile.write(json.dumps(answer).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def provider():
    _Provider.received = []
    _Provider.status = 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_http_sms_gateway_posts_payload_with_api_key(
    dossier, supplement_change, outbox_dir, settings, provider, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{provider.server_port}/sms/send"
    settings.SMS_GATEWAY_KEY = "k-123"
    notify(dossier, supplement_change, django_capture_on_commit_callbacks)

    assert len(_Provider.received) == 1
    request = _Provider.received[0]
    assert request["path"] == "/sms/send"
    assert request["headers"]["Authorization"] == "Bearer k-123"
    assert request["headers"]["X-API-Key"] == "k-123"
    body = request["body"]
    assert body["to"] == "84912345678" and body["brandname"] == "DVC LAMDONG"
    assert gsm_length(body["message"]) <= 160
    log = NotificationLog.objects.get(channel="sms")
    assert body["request_id"] == str(log.request_id)
    assert log.state == DeliveryState.SENT and log.backend == "http" and log.provider_message_id == "MT-777"
    assert not (outbox_dir / "sms").exists()


def test_http_sms_gateway_server_error_is_retried_client_error_is_not(
    dossier, supplement_change, outbox_dir, settings, provider, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{provider.server_port}/sms/send"
    _Provider.status = 503
    notify(dossier, supplement_change, django_capture_on_commit_callbacks)
    log = NotificationLog.objects.get(channel="sms")
    assert log.state == DeliveryState.FAILED and "HTTP 503" in log.last_error

    _Provider.status = 400
    NotificationLog.objects.filter(pk=log.pk).update(next_attempt_at=timezone.now())
    retry_due_notifications.delay()
    log.refresh_from_db()
    assert log.state == DeliveryState.GAVE_UP and "HTTP 400" in log.last_error

    # The provider recovers: a retry after the row gave up sends nothing.
    _Provider.status = 200
    deliver_notification.delay(log.pk)
    assert len(_Provider.received) == 2


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0912345678", "84912345678"),
        ("+84 912 345 678", "84912345678"),
        ("84-912-345-678", "84912345678"),
        ("0263.3822.111", "842633822111"),
        ("12345", None),
        ("", None),
        ("abc", None),
    ],
)
def test_normalise_vn_phone(raw, expected):
    assert normalise_vn_phone(raw) == expected


def test_sms_text_is_unaccented_gsm_and_at_most_160():
    text = fit_sms("Hồ sơ đã được tiếp nhận. " * 20)
    assert text.startswith("Ho so da duoc tiep nhan.")
    assert is_gsm(text) and gsm_length(text) <= 160 and text.endswith("...")
    assert fit_sms("Đường Trần Phú {1}") == "Duong Tran Phu {1}"


def test_admin_sees_delivery_records_read_only(
    client, dossier, supplement_change, outbox_dir, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from portal.twofactor.services import current_totp

    notify(dossier, supplement_change, django_capture_on_commit_callbacks)
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "Mat-khau-dai-2026")
    device = TOTPDevice.objects.create(user=admin, name="Điện thoại", confirmed=True)
    client.post("/tai-khoan/dang-nhap/", {"username": "quantri", "password": "Mat-khau-dai-2026"})
    client.post("/tai-khoan/xac-thuc/", {"otp_token": current_totp(device)})
    response = client.get("/admin/thong-bao-nguoi-nop/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "hoa@example.vn" in page and "84912345678" in page
    assert client.get("/admin/thong-bao-nguoi-nop/new/").status_code in (302, 403, 404)


def test_admin_list_of_many_records_and_direct_sms_keep_secret_links_out(
    client, dossier, supplement_change, outbox_dir, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from portal.twofactor.services import current_totp

    notify(dossier, supplement_change, django_capture_on_commit_callbacks)
    secret = "http://testserver/nop-ho-so/tiep-tuc/uuid/bi-mat-khong-duoc-lo/"
    services.queue_direct_sms(phone="0912345678", text=f"Tiep tuc: {secret}", key="resume:abc")
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "Mat-khau-dai-2026")
    device = TOTPDevice.objects.create(user=admin, name="Điện thoại", confirmed=True)
    client.post("/tai-khoan/dang-nhap/", {"username": "quantri", "password": "Mat-khau-dai-2026"})
    client.post("/tai-khoan/xac-thuc/", {"otp_token": current_totp(device)})
    client.get("/admin/thong-bao-nguoi-nop/")
    with django_assert_max_num_queries(40) as few:
        assert client.get("/admin/thong-bao-nguoi-nop/").status_code == 200
    first = len(few.captured_queries)
    template = NotificationLog.objects.filter(dossier__isnull=False).first()
    for number in range(20):
        NotificationLog.objects.create(
            dossier=template.dossier, channel=template.channel, recipient=template.recipient, key=f"more:{number}"
        )
    with django_assert_max_num_queries(first) as many:
        page = client.get("/admin/thong-bao-nguoi-nop/").content.decode()
    assert len(many.captured_queries) <= first  # one query for the dossiers, not one per row
    assert "84912345678" in page and secret not in page and "bi-mat" not in page
    direct = NotificationLog.objects.get(key="resume:abc")
    inspect = client.get(f"/admin/thong-bao-nguoi-nop/inspect/{direct.pk}/")
    assert inspect.status_code == 200 and "bi-mat" not in inspect.content.decode()


def test_misconfigured_gateway_never_breaks_the_transition(
    dossier, supplement_change, outbox_dir, settings, django_capture_on_commit_callbacks
):
    from django.core.checks import run_checks

    settings.NOTIFICATION_SMS_BACKEND = "http"  # but no SMS_GATEWAY_URL
    settings.SMS_GATEWAY_URL = ""
    assert "notifications.E001" in {error.id for error in run_checks()}
    notify(dossier, supplement_change, django_capture_on_commit_callbacks)
    states = dict(NotificationLog.objects.values_list("channel", "state"))
    assert states == {"email": "sent", "sms": "gave_up", "zalo": "sent"}
    assert "SMS_GATEWAY_URL" in NotificationLog.objects.get(channel="sms").last_error
