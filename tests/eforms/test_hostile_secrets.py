"""Non-ASCII secrets and tokens are wrong secrets, never a 500.

``secrets.compare_digest`` raises ``TypeError`` on a str holding non-ASCII
characters; every place that compares a secret of the citizen's side must
answer like it does for any other wrong secret."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from eforms.dossiers.codes import lookup_secret_matches
from eforms.dossiers.models import Dossier
from eforms.payments.registry import get_provider
from eforms.submission.models import SubmissionDraft
from eforms.submission.services import check_resume_token, issue_resume_token

from . import helpers
from .factories import DossierFactory

pytestmark = pytest.mark.django_db
HOSTILE = ["ĐĐ", "ĐĐĐĐĐĐĐĐ", "mã-tra-cứu", "💥💥", "AB\u00a0CD"]


@pytest.fixture
def dossier(procedure):
    return DossierFactory(procedure=procedure, submitted=True)


@pytest.mark.parametrize("secret", HOSTILE)
def test_tracking_page_answers_not_found(client, dossier, secret):
    response = client.get("/tra-cuu-ho-so/", {"ma": dossier.code, "mtc": secret})
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu đã nhập" in response.content.decode()


def test_tracking_page_with_the_literal_query(client, dossier):
    response = client.get(f"/tra-cuu-ho-so/?ma={dossier.code}&mtc=ĐĐ")
    assert response.status_code == 404


@pytest.mark.parametrize("secret", HOSTILE)
def test_api_status_answers_not_found(client, dossier, secret):
    response = client.get("/api/v1/dossiers/status", {"code": dossier.code, "secret": secret})
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu đã nhập."}


@pytest.mark.parametrize("name", ["eforms:confirmation", "eforms:receipt", "eforms:payment_start"])
@pytest.mark.parametrize("secret", HOSTILE)
def test_confirmation_receipt_and_payment_links_answer_not_found(client, dossier, name, secret):
    url = reverse(name, args=[dossier.uuid, secret])
    response = client.post(url) if name == "eforms:payment_start" else client.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ" in response.content.decode()


@pytest.mark.parametrize("token", HOSTILE)
def test_resume_link_answers_not_found(client, procedure, token):
    draft = helpers.start(client, procedure)
    issue_resume_token(draft, "nhung@example.vn")
    response = client.get(reverse("eforms:resume", args=[draft.uuid, token]))
    assert response.status_code == 404
    assert "Đường dẫn tiếp tục không hợp lệ" in response.content.decode()


def test_the_right_resume_token_still_opens(procedure, client):
    draft = helpers.start(client, procedure)
    token = issue_resume_token(draft, "nhung@example.vn")
    assert check_resume_token(draft, token)
    assert not check_resume_token(draft, "ĐĐ")


@pytest.mark.parametrize("token", HOSTILE)
def test_submit_with_a_non_ascii_token_is_refused(client, procedure, token):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    response = helpers.submit(client, procedure, draft, submit_token=token)
    assert response.status_code == 400
    assert "mã xác nhận nộp hồ sơ không khớp" in response.content.decode()
    assert not Dossier.objects.exists()
    assert SubmissionDraft.objects.get(pk=draft.pk).dossier_id is None


def test_lookup_secret_matches_as_bytes():
    assert lookup_secret_matches("acde-fghj", "ACDEFGHJ")
    assert not lookup_secret_matches("ĐĐ", "ACDEFGHJ")
    assert not lookup_secret_matches("", "ACDEFGHJ")
    assert not lookup_secret_matches("ACDEFGHJ", "")


def _signed_return(params):
    return {**params, "vnp_SecureHash": "Đ" * 128}


def test_payment_return_ipn_and_sandbox_refuse_a_non_ascii_signature(client):
    params = _signed_return({"vnp_TxnRef": "X1", "vnp_Amount": "5000000", "vnp_ResponseCode": "00"})
    assert not get_provider("vnpay_sandbox").verify(params)
    back = client.get(reverse("eforms:payment_return") + "?" + urlencode(params))
    assert back.status_code == 400
    ipn = client.get(reverse("eforms:payment_ipn") + "?" + urlencode(params))
    assert ipn.status_code == 200
    assert ipn.json() == {"RspCode": "97", "Message": "Invalid signature"}
    bank = client.get(reverse("eforms:payment_sandbox_bank") + "?" + urlencode(params))
    assert bank.status_code == 400
