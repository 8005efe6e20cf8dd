"""Every link of every message a citizen receives, followed from what was
actually written: ``mail.outbox`` for e-mail, the sandbox gateways' files
under ``OUTBOX_DIR`` for SMS and Zalo. Each link answers 200 and shows the
right dossier (a result link downloads its file)."""

import hashlib
import json
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from eforms.dossiers.constants import AttachmentKind, DossierStatus
from eforms.dossiers.models import DossierAttachment, DossierStatusChange, SupplementRequest
from eforms.notifications import services
from eforms.submission.emails import send_receipt_email
from eforms.submission.services import send_resume_link
from eforms.submission.services.receipts import send_submitted_email

from .factories import PDF_BYTES, DossierFactory, SubmissionDraftFactory

pytestmark = pytest.mark.django_db
BASE = "http://testserver"
URL = re.compile(r"https?://[^\s\"'<>]+")
# every status a citizen is told about
NOTIFIED = [s for s in DossierStatus if s != DossierStatus.NEW]


@pytest.fixture(autouse=True)
def sandbox(settings, tmp_path):
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.NOTIFICATION_SMS_BACKEND = "sandbox"
    settings.NOTIFICATION_ZALO_BACKEND = "sandbox"
    settings.PORTAL_BASE_URL = BASE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings.OUTBOX_DIR


def add_result(dossier):
    attachment = DossierAttachment(
        dossier=dossier,
        kind=AttachmentKind.RESULT,
        component_name="Kết quả giải quyết",
        original_name="trich-luc-khai-sinh.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256=hashlib.sha256(PDF_BYTES).hexdigest(),
    )
    attachment.file.save("ket-qua", ContentFile(PDF_BYTES), save=False)
    attachment.save()
    return attachment


def change_to(dossier, status, note=""):
    dossier.status = status
    dossier.save(update_fields=["status"])
    if status == DossierStatus.SUPPLEMENT_REQUESTED:
        SupplementRequest.objects.create(dossier=dossier, items="Bản sao giấy chứng nhận kết hôn của cha mẹ")
    if status == DossierStatus.RETURNED:
        add_result(dossier)
    return DossierStatusChange.objects.create(
        dossier=dossier, from_status=DossierStatus.PROCESSING, to_status=status, note=note, created_at=timezone.now()
    )


def written_messages(outbox_dir):
    """``[(channel, text)]`` of everything sent: e-mail bodies, SMS texts,
    Zalo template data (its URL parameter included)."""
    found = [("email", message.body) for message in mail.outbox]
    for path in sorted((outbox_dir / "sms").glob("*.json")):
        found.append(("sms", json.loads(path.read_text(encoding="utf-8"))["message"]))
    for path in sorted((outbox_dir / "zalo").glob("*.json")):
        found.append(("zalo", json.dumps(json.loads(path.read_text(encoding="utf-8"))["template_data"])))
    return found


def links_in(text):
    return [url.rstrip(".,;)") for url in URL.findall(text)]


def follow(client, url):
    assert url.startswith(BASE + "/"), url
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return client.get(path), parts.fragment


def assert_shows(response, fragment, dossier):
    assert response.status_code == 200, (response.status_code, response.content[:300])
    if response.get("Content-Disposition", "").startswith("attachment"):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF_BYTES
        return
    body = response.content.decode()
    assert dossier.code in body and dossier.get_status_display() in body
    if fragment:
        assert f'id="{fragment}"' in body, fragment


@pytest.mark.parametrize("status", NOTIFIED, ids=[s.name for s in NOTIFIED])
def test_every_link_of_every_status_message_opens_the_dossier(
    client, procedure, sandbox, status, django_capture_on_commit_callbacks
):
    dossier = DossierFactory(procedure=procedure, submitted=True)
    change = change_to(dossier, status, note="Ghi chú của cán bộ")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_status_change(dossier, change)
    messages = written_messages(sandbox)
    channels = {channel for channel, _text in messages}
    expected = {"sms", "zalo"} if status == DossierStatus.ACCEPTED else {"email", "sms", "zalo"}
    assert channels == expected  # acceptance: the e-mail is the receipt
    for channel, text in messages:
        links = links_in(text)
        assert links, (channel, text)
        for url in links:
            assert "code=" not in url and "/bo-sung-ho-so/" not in url
            response, fragment = follow(client, url)
            assert_shows(response, fragment, dossier)
    if status == DossierStatus.SUPPLEMENT_REQUESTED:
        assert any("#bo-sung" in text for channel, text in messages if channel == "email")
    if status == DossierStatus.RETURNED:
        email = next(text for channel, text in messages if channel == "email")
        assert "/ket-qua/" in email and "trich-luc-khai-sinh.pdf" in email


def test_receipt_email_link_opens_the_dossier(client, procedure):
    dossier = DossierFactory(procedure=procedure, submitted=True)
    assert send_receipt_email(dossier)
    (message,) = mail.outbox
    links = [url for url in links_in(message.body) if "/tra-cuu-ho-so/" in url]
    assert links
    for url in links:
        response, fragment = follow(client, url)
        assert_shows(response, fragment, dossier)


def test_submitted_email_link_opens_the_dossier(client, procedure):
    dossier = DossierFactory(procedure=procedure, submitted=True)
    assert send_submitted_email(dossier.pk)
    (message,) = mail.outbox
    links = [url for url in links_in(message.body) if "/tra-cuu-ho-so/" in url]
    assert links
    for url in links:
        response, fragment = follow(client, url)
        assert_shows(response, fragment, dossier)


def test_resume_email_link_reopens_the_draft(client, procedure):
    draft = SubmissionDraftFactory(procedure=procedure)
    send_resume_link(draft, "an.nguyen@example.vn")
    (message,) = mail.outbox
    (url,) = links_in(message.body)
    response, _fragment = follow(client, url)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert str(draft.uuid) in response["Location"]
        assert client.get(response["Location"]).status_code == 200
