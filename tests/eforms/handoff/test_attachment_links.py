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
