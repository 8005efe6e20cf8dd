"""The citizen's supplement upload page: the link from the notification,
bad tokens and bad files → a clear message, the clock resumes."""

import re

import pytest
from django.core import mail

from eforms.dossiers.constants import AttachmentKind
from eforms.dossiers.constants import DossierStatus as S
from eforms.workspace import services

from .conftest import png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(dossier, officer, django_capture_on_commit_callbacks):
    services.accept(dossier, officer)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_supplement(dossier, officer, "Bản sao giấy khai sinh của người chồng")
    return request


def link_from_mail():
    for message in mail.outbox:
        match = re.search(r"http://testserver(/bo-sung-ho-so/[^\s]+/)", message.body)
        if match:
            return match.group(1)
    raise AssertionError([m.body for m in mail.outbox])


def test_round_trip_through_the_e_mailed_link(client, waiting, dossier, django_capture_on_commit_callbacks):
    path = link_from_mail()
    page = client.get(path)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bản sao giấy khai sinh của người chồng" in body and dossier.code in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            path, {"files": [upload("khai-sinh.png", png_bytes(), "image/png")], "note": "Đã gửi bản chụp"}
        )
    assert response.status_code == 200
    assert "Đã nhận giấy tờ bổ sung" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING and dossier.clock_paused_at is None
    attachment = dossier.attachments.get(kind=AttachmentKind.SUPPLEMENT)
    assert attachment.content_type == "image/png"
    assert dossier.history.last().actor_label == "Công dân"
    # the link is single-use
    again = client.get(path)
    assert again.status_code == 200 and "đã được bổ sung" in again.content.decode()
    assert client.post(path, {"files": [upload()]}).status_code == 200
    assert dossier.attachments.filter(kind=AttachmentKind.SUPPLEMENT).count() == 1


def test_bad_token_or_uuid(client, waiting):
    good = services.supplement_upload_path(waiting)
    bad = good.rstrip("/")[:-3] + "abc/"
    response = client.get(bad)
    assert response.status_code == 404
    assert "không đúng hoặc không còn hiệu lực" in response.content.decode()
    assert client.get("/bo-sung-ho-so/khong-phai-uuid/abc/").status_code == 404
    response = client.post(bad, {"files": [upload()]})
    assert response.status_code == 404


def test_bad_files_are_refused_clearly(client, waiting, dossier):
    path = services.supplement_upload_path(waiting)
    response = client.post(path, {"note": "quên tệp"})
    assert response.status_code == 400
    assert "Vui lòng chọn ít nhất một tệp" in response.content.decode()
    response = client.post(path, {"files": [upload("hop-dong.pdf", b"PK\x03\x04junk", "application/pdf")]})
    assert response.status_code == 400
    response = client.post(path, {"files": [upload("x.pdf", b"MZ\x90\x00" + b"\x00" * 100)]})
    assert response.status_code == 400 and "chương trình thực thi" in response.content.decode()
    response = client.post(path, {"files": [upload()], "note": "n" * 5000})
    assert response.status_code == 400 and "quá dài" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT_REQUESTED


def test_link_dead_when_dossier_moved_on(client, waiting, dossier, officer):
    services.reject(dossier, officer, "Quá thời hạn bổ sung")
    response = client.get(services.supplement_upload_path(waiting))
    assert response.status_code == 410
    assert "không còn hiệu lực" in response.content.decode()
