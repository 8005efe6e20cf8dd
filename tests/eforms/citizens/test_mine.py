"""``/ca-nhan/ho-so/``: the citizen's drafts and dossiers (status, due date,
supplement requests, results, payments, ratings), claiming an earlier
dossier with code and secret, another citizen's dossier (404), and staff
sessions kept apart."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from eforms.citizens.models import CitizenDossier, LinkSource
from eforms.dossiers.constants import AttachmentKind, DossierStatus
from eforms.dossiers.models import DossierAttachment, SupplementRequest
from tests.eforms.factories import PDF_BYTES, DossierFactory, OfficerFactory, login

from .helpers import make_citizen, sign_in_as

pytestmark = pytest.mark.django_db

MINE = "/ca-nhan/ho-so/"


@pytest.fixture(autouse=True)
def fresh_limits():
    from django.conf import settings
    from django.core.cache import caches

    caches[settings.RATELIMIT_CACHE].clear()


@pytest.fixture
def citizen():
    return make_citizen()


def _dossier(procedure, **kwargs):
    kwargs.setdefault("applicant_id_number", "068090012345")
    return DossierFactory(procedure=procedure, submitted=True, **kwargs)


def test_anonymous_visitor_is_sent_to_sign_in(client):
    answer = client.get(MINE)
    assert answer.status_code == 302 and answer["Location"].startswith("/dang-nhap/?next=")


def test_lists_dossiers_with_status_due_date_supplement_and_result(client, citizen, procedure):
    waiting = _dossier(
        procedure, status=DossierStatus.SUPPLEMENT_REQUESTED, due_at=timezone.now() + dt.timedelta(days=3)
    )
    SupplementRequest.objects.create(
        dossier=waiting, items="Bản sao giấy khai sinh", deadline_at=timezone.now() + dt.timedelta(days=10)
    )
    returned = _dossier(procedure, returned=True)
    DossierAttachment.objects.create(
        dossier=returned,
        kind=AttachmentKind.RESULT,
        file=ContentFile(PDF_BYTES, name="ket-qua.pdf"),
        original_name="ket-qua.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )
    for dossier in (waiting, returned):
        CitizenDossier.objects.create(citizen=citizen, dossier=dossier, source=LinkSource.SIGNED_IN)
    _dossier(procedure, code="000.00.00.H00-260101-9999")  # somebody else's
    sign_in_as(client, citizen)
    page = client.get(MINE)
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert waiting.code in html and returned.code in html and "260101-9999" not in html
    assert str(DossierStatus(DossierStatus.SUPPLEMENT_REQUESTED).label) in html
    assert "Bản sao giấy khai sinh" in html
    assert waiting.due_at.astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y") in html
    assert "ket-qua.pdf" in html and "Đánh giá mức độ hài lòng" in html
    result_url = reverse(
        "eforms:result_download",
        args=[returned.uuid, returned.lookup_secret, returned.attachments.get(kind=AttachmentKind.RESULT).uuid],
    )
    assert result_url in html
    assert client.get(result_url).status_code == 200  # the tracking page's access rule serves it


def test_another_citizens_dossier_is_404(client, citizen, procedure):
    other = make_citizen(number="068185004321", full_name="Trần Thị Bích Ngọc", birth_date=None)
    theirs = _dossier(procedure, applicant_id_number="068185004321")
    CitizenDossier.objects.create(citizen=other, dossier=theirs, source=LinkSource.SIGNED_IN)
    sign_in_as(client, citizen)
    assert client.get(reverse("citizens:dossier", args=[theirs.uuid])).status_code == 404
    mine = _dossier(procedure)
    CitizenDossier.objects.create(citizen=citizen, dossier=mine, source=LinkSource.SIGNED_IN)
    own = client.get(reverse("citizens:dossier", args=[mine.uuid]))
    assert own.status_code == 200 and mine.code in own.content.decode()


def test_claim_with_code_and_secret(client, citizen, procedure):
    earlier = _dossier(procedure)
    sign_in_as(client, citizen)
    answer = client.post(MINE, {"ma": earlier.code.lower(), "mtc": earlier.lookup_secret})
    assert answer.status_code == 200
    assert "Đã thêm hồ sơ" in answer.content.decode()
    link = CitizenDossier.objects.get(dossier=earlier)
    assert link.citizen == citizen and link.source == LinkSource.CLAIMED
    again = client.post(MINE, {"ma": earlier.code, "mtc": earlier.lookup_secret})
    assert "đã có trong danh sách" in again.content.decode()


def test_claim_with_wrong_secret_is_refused_logged_and_rate_limited(client, citizen, procedure, caplog):
    earlier = _dossier(procedure)
    sign_in_as(client, citizen)
    for _ in range(5):
        answer = client.post(MINE, {"ma": earlier.code, "mtc": "SAIMATCU"})
        assert answer.status_code == 400
        assert "Mã hồ sơ hoặc mã tra cứu không đúng" in answer.content.decode()
    blocked = client.post(MINE, {"ma": earlier.code, "mtc": earlier.lookup_secret})
    assert blocked.status_code == 429 and "sai quá nhiều lần" in blocked.content.decode()
    assert not CitizenDossier.objects.exists()


def test_claim_of_a_dossier_with_another_id_number_is_refused(client, citizen, procedure):
    someone = _dossier(procedure, applicant_id_number="001203007788")
    sign_in_as(client, citizen)
    answer = client.post(MINE, {"ma": someone.code, "mtc": someone.lookup_secret})
    assert answer.status_code == 400 and "số định danh cá nhân khác" in answer.content.decode()
    assert not CitizenDossier.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"ma": "", "mtc": ""},
        {"ma": "x" * 5000, "mtc": "y" * 5000},
        {"ma": "<script>alert(1)</script>", "mtc": "\x00\x00"},
        {"ma": "000.00.00.H00-260101-0001\x00", "mtc": "ABCDEFGH"},
    ],
)
def test_claim_with_bad_input_is_a_clear_400(client, citizen, data):
    sign_in_as(client, citizen)
    answer = client.post(MINE, data)
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "Vui lòng nhập mã hồ sơ" in html or "không đúng" in html or "quá dài" in html or "không hợp lệ" in html


def test_staff_session_never_shows_citizen_data(client, citizen, procedure):
    sign_in_as(client, citizen)
    officer = OfficerFactory(two_factor=True)
    login(client, officer)  # the staff login in the same browser
    answer = client.get(MINE)
    assert answer.status_code == 403
    assert "Nguyễn Văn An" not in answer.content.decode()
    assert "tài khoản cán bộ" in answer.content.decode()


def test_citizen_sign_in_ends_a_staff_login(client, citizen):
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from eforms.citizens.session import current_citizen, sign_in

    officer = OfficerFactory()
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = officer
    sign_in(request, citizen)
    assert not request.user.is_authenticated
    assert "_auth_user_id" not in request.session
    assert current_citizen(request) == citizen


def test_drafts_of_the_citizen_are_listed(client, citizen, procedure):
    sign_in_as(client, citizen)
    client.post(reverse("eforms:start", args=[procedure.code]))
    page = client.get(MINE).content.decode()
    assert procedure.title in page and "Hồ sơ đang soạn" in page


def test_english_page(client, citizen):
    sign_in_as(client, citizen)
    page = client.get(MINE + "?lang=en").content.decode()
    assert "My dossiers" in page
