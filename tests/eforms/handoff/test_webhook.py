"""The webhook backend against a real HTTP server started in the test."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from eforms.dossiers.models import DossierAttachment
from eforms.handoff import services
from eforms.handoff.constants import HandOffState
from eforms.handoff.models import DeliveryAttempt, HandOff, HandoffTarget

pytestmark = pytest.mark.django_db

SECRET = "s3cret-khoa-ky-cua-so-tu-phap"


class Receiver:
    """A back-office system: verifies the signature, answers as told."""

    def __init__(self):
        self.requests = []
        self.responses = []  # (status, body, delay) consumed in order; then 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
                receiver.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": json.loads(body),
                        "signature_ok": hmac.compare_digest(expected, self.headers.get("X-Portal-Signature", "")),
                    }
                )
                status, text, delay = (
                    receiver.responses.pop(0) if receiver.responses else (200, '{"received": true}', 0)
                )
                if delay:
                    time.sleep(delay)
                if not receiver.requests[-1]["signature_ok"]:
                    status, text = 401, "bad signature"
                payload = text.encode()
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ho-so"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def webhook_target(agency, receiver, monkeypatch):
    monkeypatch.setenv("HANDOFF_SECRET_STP", SECRET)
    return HandoffTarget.objects.create(
        agency=agency, backend="webhook", webhook_url=receiver.url, webhook_secret_env="HANDOFF_SECRET_STP"
    )


@pytest.fixture
def dossier_with_file(dossier):
    att = DossierAttachment(
        dossier=dossier,
        component_name="Tờ khai đăng ký kết hôn",
        original_name="to-khai.pdf",
        content_type="application/pdf",
        size=9,
        sha256=hashlib.sha256(b"%PDF-1.4\n").hexdigest(),
    )
    att.file.save("x", ContentFile(b"%PDF-1.4\n"), save=False)
    att.save()
    return dossier


def test_signed_post_with_attachment_links_and_receipt(dossier_with_file, webhook_target, receiver, client):
    services.enqueue_handoff(dossier_with_file)
    branch = HandOff.objects.get()
    assert services.deliver(branch.pk) == "delivered"

    [request] = receiver.requests
    assert request["signature_ok"]
    headers = request["headers"]
    assert headers["X-Portal-Delivery-Id"] == str(branch.uuid)
    assert abs(int(headers["X-Portal-Timestamp"]) - time.time()) < 60
    body = request["body"]
    assert body["delivery_id"] == str(branch.uuid)
    assert body["dossier"]["code"] == dossier_with_file.code
    assert body["dossier"]["procedure"]["code"] == dossier_with_file.procedure_code
    assert body["dossier"]["applicant"]["name"] == dossier_with_file.applicant_name
    assert body["dossier"]["form_data"] == {"ho_ten": "Nguyễn Văn An", "ngay_sinh": "1990-01-01"}
    [link] = body["dossier"]["attachments"]
    assert link["component"] == "Tờ khai đăng ký kết hôn"
    assert "/media/" not in link["url"] and "/ban-giao/tep/" in link["url"]

    # the link serves the file, without any login
    response = client.get(urlsplit(link["url"]).path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n"
    assert "to-khai.pdf" in response["Content-Disposition"]

    branch.refresh_from_db()
    assert branch.state == HandOffState.DELIVERED
    assert branch.receipt["status_code"] == 200
    attempt = DeliveryAttempt.objects.get()
    assert attempt.ok and attempt.status_code == 200 and "received" in attempt.response_excerpt


def test_non_2xx_is_retried_with_the_same_delivery_id(dossier, webhook_target, receiver):
    receiver.responses = [(503, "bảo trì hệ thống", 0)]
    services.enqueue_handoff(dossier)
    branch = HandOff.objects.get()
    assert services.deliver(branch.pk) == "failed"
    branch.refresh_from_db()
    assert branch.state == HandOffState.PENDING
    assert branch.last_error == "DeliveryError: HTTP 503"
    failed = DeliveryAttempt.objects.get()
    assert (failed.ok, failed.status_code, failed.response_excerpt) == (False, 503, "bảo trì hệ thống")

    assert services.deliver(branch.pk) == "delivered"
    ids = {r["headers"]["X-Portal-Delivery-Id"] for r in receiver.requests}
    assert ids == {str(branch.uuid)} and len(receiver.requests) == 2
    # a duplicate message afterwards: the receiver hears nothing more
    assert services.deliver(branch.pk) == "already_delivered"
    assert len(receiver.requests) == 2


def test_redirects_are_not_followed(dossier, webhook_target, receiver):
    receiver.responses = [(302, "", 0)]
    services.enqueue_handoff(dossier)
    assert services.deliver(HandOff.objects.get().pk) == "failed"
    assert len(receiver.requests) == 1
    assert DeliveryAttempt.objects.get().status_code == 302


def test_timeout_is_a_failed_attempt(dossier, webhook_target, receiver, settings):
    settings.HANDOFF_WEBHOOK_TIMEOUT = 0.3
    receiver.responses = [(200, "late", 1.0)]
    services.enqueue_handoff(dossier)
    assert services.deliver(HandOff.objects.get().pk) == "failed"
    assert "Timeout" in HandOff.objects.get().last_error


def test_missing_secret_fails_without_calling_the_receiver(dossier, webhook_target, receiver, monkeypatch):
    monkeypatch.delenv("HANDOFF_SECRET_STP")
    services.enqueue_handoff(dossier)
    assert services.deliver(HandOff.objects.get().pk) == "failed"
    assert receiver.requests == []
    assert "HANDOFF_SECRET_STP is not set" in HandOff.objects.get().last_error


@pytest.mark.parametrize(
    "url, env_name, field",
    [
        ("file:///etc/passwd", "HANDOFF_SECRET_STP", "webhook_url"),
        ("gopher://127.0.0.1:6379/_FLUSHALL", "HANDOFF_SECRET_STP", "webhook_url"),
        ("https://user:pass@backoffice.example/", "HANDOFF_SECRET_STP", "webhook_url"),
        ("https://backoffice.example/", "SECRET_KEY", "webhook_secret_env"),
        ("https://backoffice.example/", "DATABASE_URL", "webhook_secret_env"),
        ("https://backoffice.example/", "", "webhook_secret_env"),
    ],
)
def test_hostile_webhook_configuration_is_refused(agency, url, env_name, field):
    target = HandoffTarget(agency=agency, backend="webhook", webhook_url=url, webhook_secret_env=env_name)
    with pytest.raises(ValidationError) as exc:
        target.full_clean()
    assert field in exc.value.message_dict


def test_plain_http_refused_in_production(agency, settings):
    settings.HANDOFF_WEBHOOK_ALLOW_HTTP = False
    target = HandoffTarget(
        agency=agency, backend="webhook", webhook_url="http://backoffice.example/", webhook_secret_env="HANDOFF_X"
    )
    with pytest.raises(ValidationError):
        target.full_clean()


def test_hostile_url_stored_anyway_fails_at_delivery_not_crash(dossier, agency, monkeypatch):
    monkeypatch.setenv("HANDOFF_SECRET_STP", SECRET)
    HandoffTarget.objects.create(
        agency=agency, backend="webhook", webhook_url="file:///etc/passwd", webhook_secret_env="HANDOFF_SECRET_STP"
    )
    services.enqueue_handoff(dossier)
    assert services.deliver(HandOff.objects.get().pk) == "failed"
    assert "invalid webhook URL" in HandOff.objects.get().last_error
