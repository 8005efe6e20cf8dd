"""The sandbox receiver answers malformed, hostile, oversized and
unauthenticated requests with a clear refusal, never a 500."""

import json

import pytest
from django.conf import settings

from eforms.national.models import SandboxReceipt, SandboxRefusal

pytestmark = pytest.mark.django_db

URL = "/dvcqg-sandbox/integration/"


def _post(client, body, token=None, raw=None):
    token = settings.NATIONAL_PORTAL_TOKEN if token is None else token
    data = raw if raw is not None else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", headers={"Authorization": f"Bearer {token}"})


def _record(**overrides):
    record = {
        "MaHoSo": "000.00.04.H41-261201-0001",
        "MaTTHC": "1.001193",
        "MaDonViTiepNhan": "000.00.04.H41",
        "TrangThaiHoSo": "1",
        "KenhThucHien": "2",
        "NgayNopHoSo": "20261201090000",
        "ThoiDiemXuLy": "20261201090000",
        "MaDongBo": "6f1c3f0e-8f7a-4c55-9d7e-1f2a3b4c5d6e",
    }
    record.update(overrides)
    return record


def _body(*records):
    return {
        "madonvi": settings.NATIONAL_PORTAL_UNIT_CODE,
        "service": "DongBoHoSoMC",
        "isUpdating": "False",
        "data": list(records),
    }


def test_home_says_it_is_a_sandbox(client):
    response = client.get("/dvcqg-sandbox/")
    assert response.status_code == 200
    assert "MÔI TRƯỜNG THỬ NGHIỆM (SANDBOX)" in response.content.decode()


def test_valid_record_is_stored_once(client):
    assert _post(client, _body(_record())).json()["error_code"] == "00"
    again = _post(client, _body(_record())).json()
    assert again == {"error_code": "00", "message": "Thành công", "duplicate": True, "received": 0}
    assert SandboxReceipt.objects.get().duplicates == 1


def test_unauthenticated_is_refused(client):
    response = _post(client, _body(_record()), token="gia-mao")
    assert response.status_code == 401
    assert response.json()["error_code"] == "01"
    assert not SandboxReceipt.objects.exists()


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (_record(MaHoSo="ABC"), "MaHoSo"),
        (_record(MaTTHC="<script>alert(1)</script>"), "MaTTHC"),
        (_record(TrangThaiHoSo="11"), "TrangThaiHoSo"),
        (_record(KenhThucHien="9"), "KenhThucHien"),
        (_record(NgayNopHoSo="20261301090000"), "NgayNopHoSo"),
        (_record(ChuHoSo="Nguyễn\x00Văn An"), "NUL"),
        (_record(ChuHoSo="x" * 5000), "quá dài"),
        (_record(MaDonViTiepNhan="000.00.05.H41"), "không bắt đầu"),
        ({k: v for k, v in _record().items() if k != "MaDongBo"}, "thiếu trường bắt buộc MaDongBo"),
        ("không phải đối tượng", "không phải là một đối tượng"),
    ],
)
def test_invalid_records_are_refused_with_the_reason(client, record, reason):
    response = _post(client, _body(record))
    assert response.status_code == 400
    answer = response.json()
    assert answer["error_code"] == "02"
    assert reason in answer["message"]
    assert not SandboxReceipt.objects.exists()
    assert SandboxRefusal.objects.count() == 1


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"\xff\xfe\x00", json.dumps({"madonvi": "x"}).encode(), b"[]", b"x" * (1024 * 1024 + 1)],
)
def test_malformed_bodies_are_refused(client, raw):
    response = _post(client, None, raw=raw)
    assert response.status_code == 400
    assert response.json()["error_code"] == "02"


def test_unknown_service_and_wrong_unit(client):
    body = _body(_record())
    body["service"] = "XoaHoSo"
    assert "không được hỗ trợ" in _post(client, body).json()["message"]
    body = _body(_record())
    body["madonvi"] = "000.00.99.H99"
    assert "không phải đơn vị đã đăng ký" in _post(client, body).json()["message"]


def test_auth_endpoint(client, settings):
    response = client.post("/dvcqg-sandbox/auth/", data="{", content_type="application/json")
    assert response.status_code == 400
    settings.NATIONAL_PORTAL_CLIENT_ID, settings.NATIONAL_PORTAL_CLIENT_SECRET = "lamdong-dvc", "bi-mat"
    wrong = client.post(
        "/dvcqg-sandbox/auth/", data={"username": "lamdong-dvc", "password": "sai"}, content_type="application/json"
    )
    assert wrong.status_code == 401 and "Sai tài khoản" in wrong.json()["message"]
    good = client.post(
        "/dvcqg-sandbox/auth/", data={"username": "lamdong-dvc", "password": "bi-mat"}, content_type="application/json"
    )
    session = good.json()["session"]
    assert _post(client, _body(_record()), token=session).json()["error_code"] == "00"
