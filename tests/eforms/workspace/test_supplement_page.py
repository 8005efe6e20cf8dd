"""The citizen's supplement, on the tracking page: the link of the
notification opens it, bad secrets and bad files get a clear message, the
clock resumes; the old ``/bo-sung-ho-so/<uuid>/<token>/`` link leads to the
tracking page without revealing the look-up secret; a staff session cannot
post a supplement; officers never see the citizen's link or token."""

import re

import pytest
from django.core import mail

from eforms.dossiers.constants import AttachmentKind
from eforms.dossiers.constants import DossierStatus as S
from eforms.workspace import services

from ..factories import login
from .conftest import png_bytes, upload

pytestmark = pytest.mark.django_db
POST_URL = "/tra-cuu-ho-so/bo-sung/"


@pytest.fixture
def waiting(dossier, officer, django_capture_on_commit_callbacks):
    services.accept(dossier, officer)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_supplement(dossier, officer, "Bản sao giấy khai sinh của người chồng")
    return request


def link_from_mail():
    for message in mail.outbox:
        match = re.search(r"http://testserver(/tra-cuu-ho-so/\?\S+#bo-sung)", message.body)
        if match:
            return match.group(1)
    raise AssertionError([m.body for m in mail.outbox])


def post(client, dossier, files=None, note="", secret=None):
    data = {"ma": dossier.code, "mtc": dossier.lookup_secret if secret is None else secret, "note": note}
    if files is not None:
        data["files"] = files
    return client.post(POST_URL, data)


def test_round_trip_through_the_tracking_page(client, waiting, dossier, django_capture_on_commit_callbacks):
    path = link_from_mail()
    page = client.get(path)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="bo-sung"' in body and "Bản sao giấy khai sinh của người chồng" in body and dossier.code in body
    assert 'action="/tra-cuu-ho-so/bo-sung/"' in body
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, dossier, [upload("khai-sinh.png", png_bytes(), "image/png")], "Đã gửi bản chụp")
    assert response.status_code == 302
    done = client.get(response["Location"])
    assert done.status_code == 200 and "Đã nhận giấy tờ bổ sung" in done.content.decode()
    assert 'action="/tra-cuu-ho-so/bo-sung/"' not in done.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING and dossier.clock_paused_at is None
    attachment = dossier.attachments.get(kind=AttachmentKind.SUPPLEMENT)
    assert attachment.content_type == "image/png"
    assert dossier.history.last().actor_label == "Công dân"
    # once answered, a second post stores nothing
    again = post(client, dossier, [upload()])
    assert again.status_code == 400 and "không chờ bổ sung" in again.content.decode()
    assert dossier.attachments.filter(kind=AttachmentKind.SUPPLEMENT).count() == 1


def test_old_link_opens_the_tracking_page_without_the_secret(client, waiting, dossier):
    old = services.supplement_upload_path(waiting)
    response = client.get(old)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/tra-cuu-ho-so/?ma=") and dossier.lookup_secret not in location
    page = client.get(location)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Vui lòng nhập mã tra cứu" in body and dossier.code in body
    assert "Bản sao giấy khai sinh" not in body  # nothing shown without the secret


def test_bad_token_or_uuid(client, waiting):
    good = services.supplement_upload_path(waiting)
    bad = good.rstrip("/")[:-3] + "abc/"
    response = client.get(bad)
    assert response.status_code == 404
    assert "không đúng hoặc không còn hiệu lực" in response.content.decode()
    assert client.get("/bo-sung-ho-so/khong-phai-uuid/abc/").status_code == 404
    assert client.post(bad, {"files": [upload()]}).status_code == 404


@pytest.mark.parametrize("secret", ["AAAAAAAA", "ĐĐĐĐĐĐĐĐ", "", "x" * 500])
def test_wrong_or_hostile_secret_posts_nothing(client, waiting, dossier, secret):
    response = post(client, dossier, [upload()], secret=secret)
    assert response.status_code in (400, 404)
    body = response.content.decode()
    assert "Không tìm thấy hồ sơ" in body or "mã tra cứu" in body
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT_REQUESTED
    assert not dossier.attachments.filter(kind=AttachmentKind.SUPPLEMENT).exists()


def test_bad_files_are_refused_clearly_and_the_note_is_kept(client, waiting, dossier):
    response = post(client, dossier, None, "quên tệp")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vui lòng chọn ít nhất một tệp" in body and "quên tệp" in body
    response = post(client, dossier, [upload("hop-dong.pdf", b"PK\x03\x04junk", "application/pdf")])
    assert response.status_code == 400
    response = post(client, dossier, [upload("x.pdf", b"MZ\x90\x00" + b"\x00" * 100)])
    assert response.status_code == 400 and "chương trình thực thi" in response.content.decode()
    response = post(client, dossier, [upload()], "n" * 5000)
    assert response.status_code == 400 and "quá dài" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT_REQUESTED


def test_a_staff_session_cannot_post_a_supplement(client, waiting, dossier, officer):
    login(client, officer)
    response = post(client, dossier, [upload()], "nộp hộ")
    assert response.status_code == 403
    assert "Tài khoản cán bộ không được nộp bổ sung thay công dân" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT_REQUESTED
    assert not dossier.attachments.filter(kind=AttachmentKind.SUPPLEMENT).exists()


def test_officers_never_see_the_citizen_link(officer_client, waiting, dossier):
    page = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/").content.decode()
    token = services.supplement_token(waiting.uuid)
    assert token not in page
    assert "/bo-sung-ho-so/" not in page


def test_not_waiting_anymore(client, waiting, dossier, officer):
    services.reject(dossier, officer, "Quá thời hạn bổ sung")
    response = post(client, dossier, [upload()])
    assert response.status_code == 400 and "không chờ bổ sung" in response.content.decode()
