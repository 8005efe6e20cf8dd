"""Level 4 (dịch vụ công trực tuyến toàn trình) end to end: the citizen
submits online, the officer accepts, decides, uploads the result and returns
it online; the citizen downloads it from the tracking page and from the
link in the notification. Returning online without a result file is
refused. Downloads are private, audited, rate-limited; hostile links get a
clear Vietnamese 404, never a 500."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse

from eforms.dossiers.constants import AttachmentKind, DossierStatus
from eforms.dossiers.models import AuditEvent, Dossier
from eforms.workspace import services
from eforms.workspace.services import ReturnMethod, TransitionError

from . import helpers
from .factories import PDF_BYTES, DossierFactory, OfficerFactory, deliver, pdf_file, procedure_page

pytestmark = pytest.mark.django_db
NOT_FOUND = "Không tìm thấy kết quả giải quyết"


@pytest.fixture(autouse=True)
def _mail(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "http://testserver"
    settings.OUTBOX_DIR = tmp_path / "outbox"


@pytest.fixture
def level4(wagtail_root, home_page):
    return procedure_page(home_page, online_level="full", title="Cấp phiếu lý lịch tư pháp", code="3.000333")


def submitted(client, procedure, capture):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    with capture(execute=True):
        response = helpers.submit(client, procedure, draft)
    assert response.status_code == 302, response.content[:500]
    dossier = Dossier.objects.get(procedure=procedure)
    deliver(dossier)
    return dossier


def decided(dossier, officer, capture):
    with capture(execute=True):
        services.accept(dossier, officer)
        services.approve(dossier, officer)
    return dossier


def download_path(url):
    parts = urlsplit(url)
    return parts.path


def test_level4_from_submission_to_the_citizen_download(client, level4, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    dossier = submitted(client, level4, capture)
    officer = OfficerFactory(agency=level4.agency)
    decided(dossier, officer, capture)

    # no result file: returning online is refused, nothing changes
    with pytest.raises(TransitionError, match="cần có tệp kết quả"):
        services.mark_returned(dossier, officer, ReturnMethod.ONLINE)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.COMPLETED

    services.upload_result(dossier, officer, [pdf_file("phieu-ly-lich-tu-phap.pdf")])
    mail.outbox.clear()
    with capture(execute=True):
        services.mark_returned(dossier, officer, ReturnMethod.ONLINE)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RETURNED

    # the notification's own link downloads the file
    (message,) = [m for m in mail.outbox if "Đã trả kết quả" in m.subject]
    links = re.findall(r"http://testserver(/tra-cuu-ho-so/\S+/ket-qua/\S+/)", message.body)
    assert len(links) == 1
    response = client.get(links[0])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    assert "/media/" not in links[0]

    # the tracking page lists it too, with the same private link
    page = client.get(reverse("eforms:track"), {"ma": dossier.code, "mtc": dossier.lookup_secret})
    text = page.content.decode()
    assert page.status_code == 200 and 'id="ket-qua"' in text and links[0] in text
    assert "/media/" not in text

    events = AuditEvent.objects.filter(dossier=dossier, action="download_file", allowed=True)
    assert events.count() == 1 and events.get().user is None


@pytest.fixture
def returned(level4):
    dossier = DossierFactory(procedure=level4, submitted=True, returned=True)
    result = dossier.attachments.create(
        kind=AttachmentKind.RESULT,
        component_name="Kết quả giải quyết",
        original_name="ket-qua.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )
    result.file.save("ket-qua", ContentFile(PDF_BYTES))
    return dossier, result


def url(dossier_uuid, secret, file_uuid):
    return reverse(
        "eforms:result_download", kwargs={"dossier_uuid": dossier_uuid, "secret": secret, "file_uuid": file_uuid}
    )


def test_right_link_downloads(client, returned):
    dossier, result = returned
    assert client.get(url(dossier.uuid, dossier.lookup_secret, result.uuid)).status_code == 200
    # the secret as typed from paper: lower case, spaces
    assert client.get(url(dossier.uuid, dossier.lookup_secret.lower(), result.uuid)).status_code == 200


@pytest.mark.parametrize("secret", ["AAAAAAAA", "ĐĂÂÊÔƠƯĐ", "x" * 300, "%00", "' OR 1=1 --"])
def test_wrong_or_hostile_secret_is_a_clear_404(client, returned, secret):
    dossier, result = returned
    response = client.get(url(dossier.uuid, secret, result.uuid))
    assert response.status_code == 404
    assert NOT_FOUND in response.content.decode()
    assert AuditEvent.objects.filter(action="download_file", allowed=False).count() == 1


def test_another_dossiers_result_or_a_non_result_file_is_refused(client, returned, level4):
    dossier, result = returned
    other = DossierFactory(procedure=level4, submitted=True, returned=True, with_attachment=True)
    # my link, their result id
    assert client.get(url(other.uuid, other.lookup_secret, result.uuid)).status_code == 404
    # their link, my submitted (non-result) file
    own_file = other.attachments.exclude(kind=AttachmentKind.RESULT).first()
    response = client.get(url(other.uuid, other.lookup_secret, own_file.uuid))
    assert response.status_code == 404 and NOT_FOUND in response.content.decode()
    refused = AuditEvent.objects.filter(action="download_file", allowed=False, dossier=other)
    assert refused.count() == 2


def test_not_returned_yet_no_download(client, returned):
    dossier, result = returned
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.COMPLETED)
    response = client.get(url(dossier.uuid, dossier.lookup_secret, result.uuid))
    assert response.status_code == 404
    page = client.get(reverse("eforms:track"), {"ma": dossier.code, "mtc": dossier.lookup_secret})
    assert 'id="ket-qua"' not in page.content.decode()


def test_malformed_ids_are_404_not_500(client, returned):
    dossier, _result = returned
    assert (
        client.get(f"/tra-cuu-ho-so/{dossier.uuid}/{dossier.lookup_secret}/ket-qua/khong-phai-uuid/").status_code == 404
    )
    assert client.get("/tra-cuu-ho-so/abc/def/ket-qua/ghi/").status_code == 404


@override_settings(RATE_LIMITS={"result_download": "2/600"})
def test_downloads_are_rate_limited(client, returned):
    dossier, result = returned
    for _ in range(2):
        assert client.get(url(dossier.uuid, dossier.lookup_secret, result.uuid)).status_code == 200
    assert client.get(url(dossier.uuid, dossier.lookup_secret, result.uuid)).status_code == 429
