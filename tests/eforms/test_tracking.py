"""Tracking by code + look-up secret, page and API."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(procedure):
    return DossierFactory(procedure=procedure, submitted=True, due_at=timezone.now() + timedelta(days=5))


def test_tracking_page_shows_status_and_history(client, dossier):
    response = client.get("/tra-cuu-ho-so/", {"ma": dossier.code, "mtc": dossier.lookup_secret.lower()})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Mới đăng ký" in text
    assert "Hẹn trả kết quả" in text
    assert dossier.applicant_id_number not in text


def test_wrong_secret_and_unknown_code_get_the_same_message(client, dossier):
    wrong = client.get("/tra-cuu-ho-so/", {"ma": dossier.code, "mtc": "AAAAAAAA"})
    unknown = client.get("/tra-cuu-ho-so/", {"ma": "000.00.04.H41-990101-0001", "mtc": dossier.lookup_secret})
    assert wrong.status_code == unknown.status_code == 404
    message = "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu đã nhập"
    assert message in wrong.content.decode() and message in unknown.content.decode()


def test_api_status_without_personal_data(client, dossier):
    response = client.get("/api/v1/dossiers/status", {"code": dossier.code, "secret": dossier.lookup_secret})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == 1
    assert data["status_label"] == "Mới đăng ký"
    assert [h["status"] for h in data["history"]] == [1]
    body = response.content.decode()
    assert dossier.applicant_name not in body and dossier.applicant_id_number not in body
    wrong = client.get("/api/v1/dossiers/status", {"code": dossier.code, "secret": "X"})
    unknown = client.get("/api/v1/dossiers/status", {"code": "nope", "secret": dossier.lookup_secret})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


@override_settings(RATE_LIMITS={"lookup": "3/600", "api_status": "2/600"})
def test_lookups_are_rate_limited(client, dossier):
    for _ in range(3):
        client.get("/tra-cuu-ho-so/", {"ma": dossier.code, "mtc": "AAAAAAAA"})
    limited = client.get("/tra-cuu-ho-so/", {"ma": dossier.code, "mtc": dossier.lookup_secret})
    assert limited.status_code == 429
    for _ in range(2):
        client.get("/api/v1/dossiers/status", {"code": dossier.code, "secret": "X"})
    assert client.get("/api/v1/dossiers/status", {"code": dossier.code, "secret": "X"}).status_code == 429


def test_code_only_link_asks_for_the_secret_without_showing_the_dossier(client, dossier):
    response = client.get("/tra-cuu-ho-so/", {"ma": dossier.code})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Vui lòng nhập mã tra cứu" in text and f'value="{dossier.code}"' in text
    assert "Quá trình xử lý" not in text


@pytest.mark.parametrize("secret", ["ĐĐĐĐĐĐĐĐ", "x" * 16, "<script>", "\u202e1234"])
def test_hostile_secret_is_the_neutral_message(client, dossier, secret):
    response = client.get("/tra-cuu-ho-so/", {"ma": dossier.code, "mtc": secret})
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ" in response.content.decode()
    assert 'value="<script>"' not in response.content.decode()  # echoed back escaped


def test_oversized_input_is_a_form_error(client, dossier):
    response = client.get("/tra-cuu-ho-so/", {"ma": "x" * 500, "mtc": "y" * 500})
    assert response.status_code == 400
