"""Signed, expiring attachment links: bad tokens are 403/404, never 500."""

import hashlib
import uuid

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.urls import reverse

from eforms.dossiers.models import DossierAttachment
from eforms.handoff import services
from eforms.handoff.models import HandOff
from eforms.handoff.payload import LINK_SALT, attachment_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(dossier):
    att = DossierAttachment(
        dossier=dossier,
        component_name="Giấy khai sinh",
        original_name="khai-sinh.png",
        content_type="image/png",
        size=4,
        sha256=hashlib.sha256(b"\x89PNG").hexdigest(),
    )
    att.file.save("x", ContentFile(b"\x89PNG"), save=False)
    att.save()
    return att


@pytest.fixture
def branch(dossier):
    services.enqueue_handoff(dossier)
    return HandOff.objects.get()


def url(token):
    return reverse("handoff:attachment", kwargs={"token": token})


def test_valid_link(client, attachment, branch):
    response = client.get(url(attachment_token(attachment, branch)))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control, cache_control
    assert response["X-Content-Type-Options"] == "nosniff"


def test_tampered_token_is_403(client, attachment, branch):
    token = attachment_token(attachment, branch)
    assert client.get(url(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))).status_code == 403
    assert client.get(url("not-a-token")).status_code == 403
    forged = signing.dumps({"a": str(attachment.uuid), "h": str(branch.uuid)}, salt=LINK_SALT, key="other-key")
    assert client.get(url(forged)).status_code == 403


def test_token_for_another_purpose_is_403(client, attachment, branch):
    other_salt = signing.dumps({"a": str(attachment.uuid), "h": str(branch.uuid)}, salt="something-else")
    assert client.get(url(other_salt)).status_code == 403


def test_expired_link_is_403(client, attachment, branch, settings):
    token = attachment_token(attachment, branch)
    settings.HANDOFF_LINK_MAX_AGE = -1
    response = client.get(url(token))
    assert response.status_code == 403


def test_signed_but_unknown_or_mismatched_is_404(client, attachment, branch, procedure):
    from .helpers import make_dossier

    unknown = signing.dumps({"a": str(uuid.uuid4()), "h": str(branch.uuid)}, salt=LINK_SALT)
    assert client.get(url(unknown)).status_code == 404
    # an attachment of another dossier with this branch's token: 404
    other = make_dossier(procedure)
    services.enqueue_handoff(other)
    other_branch = HandOff.objects.get(dossier=other)
    crossed = signing.dumps({"a": str(attachment.uuid), "h": str(other_branch.uuid)}, salt=LINK_SALT)
    assert client.get(url(crossed)).status_code == 404
    malformed = signing.dumps(["a", "h"], salt=LINK_SALT)
    assert client.get(url(malformed)).status_code == 403


def test_missing_file_is_404(client, attachment, branch):
    attachment.file.delete(save=False)
    assert client.get(url(attachment_token(attachment, branch))).status_code == 404


def test_post_not_allowed(client, attachment, branch):
    assert client.post(url(attachment_token(attachment, branch))).status_code == 405


def test_link_serves_the_detected_type_under_a_safe_name(client, dossier, branch):
    att = DossierAttachment(
        dossier=dossier,
        original_name="giay-to.pdf.bat",
        content_type="application/pdf",
        size=9,
        sha256=hashlib.sha256(b"%PDF-1.4\n").hexdigest(),
    )
    att.file.save("x", ContentFile(b"%PDF-1.4\n"), save=False)
    att.save()
    response = client.get(url(attachment_token(att, branch)))
    assert response["Content-Disposition"] == 'attachment; filename="giay-to.pdf"'
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Content-Type"] == "application/pdf"


def test_replay_until_expiry_is_served_and_every_use_audited(client, attachment, branch):
    from eforms.dossiers.models import AuditAction, AuditEvent

    token = attachment_token(attachment, branch)
    for _ in range(3):
        response = client.get(url(token), REMOTE_ADDR="192.0.2.10")
        assert response.status_code == 200
        b"".join(response.streaming_content)
    rows = AuditEvent.objects.filter(action=AuditAction.DOWNLOAD_FILE, dossier=attachment.dossier)
    assert rows.count() == 3
    assert {r.username for r in rows} == {f"ban-giao:{branch.agency.code}"}
    assert {r.ip_address for r in rows} == {"192.0.2.10"}
    assert all(str(attachment.uuid) in r.target and str(branch.uuid) in r.target for r in rows)


def test_zip_token_serves_the_dossier_zip_and_an_attachment_reader_refuses_it(client, attachment, branch):
    from eforms.handoff.payload import read_attachment_token, zip_token

    token = zip_token(branch)
    response = client.get(url(token))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with pytest.raises(signing.BadSignature):
        read_attachment_token(token)
    forged = signing.dumps({"z": 1, "h": str(branch.uuid)}, salt=LINK_SALT, key="other-key")
    assert client.get(url(forged)).status_code == 403
    odd = signing.dumps({"z": 1, "h": "not-a-uuid"}, salt=LINK_SALT)
    assert client.get(url(odd)).status_code == 404
    odd_attachment = signing.dumps({"a": "not-a-uuid", "h": str(branch.uuid)}, salt=LINK_SALT)
    assert client.get(url(odd_attachment)).status_code == 404
    wrong_types = signing.dumps({"a": 1, "h": ["x"]}, salt=LINK_SALT)
    assert client.get(url(wrong_types)).status_code == 403


@pytest.mark.parametrize("token", ["ĐĐ", "Đ:Đ:Đ", "x" * 4000, "%00", "a" * 20 + ":" + "b" * 6 + ":" + "c" * 43])
def test_hostile_tokens_are_refused_never_500(client, token):
    assert client.get(f"/ban-giao/tep/{token}/").status_code in (403, 404)
