"""Citizen sign-in through the sandbox OpenID Connect provider, over real
HTTP: the happy path and every broken answer (forged, expired, wrong
audience, wrong nonce, missing claim, replayed code, wrong state)."""

import pytest
from django.contrib.sessions.models import Session

from eforms.citizens.models import Citizen

from .oidc_client import query_of

pytestmark = pytest.mark.django_db(transaction=True)

AN = "068090012345"  # Nguyễn Văn An, level 2
NGOC = "068185004321"  # Trần Thị Bích Ngọc, level 1


def test_discovery_document_names_the_issuer_and_its_keys(browser_session, oidc):
    answer = browser_session.get("/sandbox-idp/.well-known/openid-configuration")
    assert answer.status_code == 200
    metadata = answer.json()
    assert metadata["issuer"] == f"{oidc.url}/sandbox-idp"
    assert "S256" in metadata.get("code_challenge_methods_supported", ["S256"])
    keys = browser_session.get(metadata["jwks_uri"]).json()["keys"]
    assert keys and keys[0]["kty"] == "RSA" and "d" not in keys[0]  # the public half only


def test_sign_in_with_pkce_creates_the_citizen_and_shows_my_dossiers(browser_session):
    authorize = browser_session.start_sign_in()
    params = query_of(authorize)
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) >= 43
    assert params["nonce"] and params["state"] and "openid" in params["scope"]
    before = browser_session.http.cookies.get("sessionid")
    callback = browser_session.choose(authorize, AN)
    done = browser_session.get(callback)
    assert done.status_code == 302 and done.headers["Location"] == "/ca-nhan/ho-so/"
    assert browser_session.http.cookies.get("sessionid") != before  # the session key rotated at sign-in
    citizen = Citizen.objects.get(id_number=AN)
    assert citizen.full_name == "Nguyễn Văn An" and citizen.level == 2
    assert citizen.birth_date.isoformat() == "1990-05-12" and citizen.phone == "0912345678"
    assert citizen.last_sign_in is not None
    page = browser_session.get("/ca-nhan/ho-so/")
    assert page.status_code == 200
    assert "Hồ sơ của tôi" in page.text and "Nguyễn Văn An" in page.text
    assert "no-store" in page.headers["Cache-Control"]


def test_level_1_account_is_recorded_as_level_1(browser_session):
    assert browser_session.sign_in(NGOC).status_code == 302
    assert Citizen.objects.get(id_number=NGOC).level == 1


def test_citizen_session_carries_no_django_user(browser_session):
    browser_session.sign_in(AN)
    session = Session.objects.get(session_key=browser_session.http.cookies["sessionid"])
    data = session.get_decoded()
    assert "_auth_user_id" not in data
    assert data["citizen_uuid"] == str(Citizen.objects.get(id_number=AN).uuid)
    # and the staff areas stay closed to it
    assert browser_session.get("/can-bo/").status_code in (302, 403)
    admin = browser_session.get("/admin/")
    assert admin.status_code == 302 and "/ca-nhan/" not in admin.headers["Location"]


def test_sign_out_ends_the_citizen_session(browser_session):
    browser_session.sign_in(AN)
    page = browser_session.get("/ca-nhan/ho-so/")
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert browser_session.post("/dang-xuat/", {"csrfmiddlewaretoken": token}).status_code == 302
    again = browser_session.get("/ca-nhan/ho-so/")
    assert again.status_code == 302 and again.headers["Location"].startswith("/dang-nhap/")


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("forged", "Chữ ký của thông tin xác thực không hợp lệ"),
        ("expired", "Thông tin xác thực đã hết hạn"),
        ("audience", "được cấp cho một ứng dụng khác"),
        ("nonce", "mã nonce không khớp"),
        ("missing", "không trả về đủ thông tin"),
    ],
)
def test_broken_id_tokens_are_refused_with_a_clear_message(browser_session, fault, words, caplog):
    answer = browser_session.sign_in(f"loi-{fault}")
    assert answer.status_code == 400
    assert words in answer.text
    assert "vẫn được giữ nguyên" in answer.text  # nothing entered is lost
    assert not Citizen.objects.exists()
    assert (
        "citizen_uuid" not in Session.objects.get(session_key=browser_session.http.cookies["sessionid"]).get_decoded()
    )


def test_replayed_authorization_code_is_refused(browser_session):
    callback = browser_session.choose(browser_session.start_sign_in(), AN)
    assert browser_session.get(callback).status_code == 302
    # the same callback again: its state was used up
    again = browser_session.get(callback)
    assert again.status_code == 400 and "mã trạng thái không khớp" in again.text
    # a fresh sign-in, but the old code pushed into its callback: the provider refuses the code
    fresh = query_of(browser_session.choose(browser_session.start_sign_in(), NGOC))
    old = query_of(callback)
    replay = browser_session.get(f"/dang-nhap/xac-thuc/?code={old['code']}&state={fresh['state']}")
    assert replay.status_code == 400 and "đã được sử dụng" in replay.text


def test_wrong_or_missing_state_and_hostile_parameters(browser_session):
    browser_session.start_sign_in()
    wrong = browser_session.get("/dang-nhap/xac-thuc/?code=abc&state=not-mine")
    assert wrong.status_code == 400 and "mã trạng thái không khớp" in wrong.text
    missing = browser_session.get("/dang-nhap/xac-thuc/")
    assert missing.status_code == 400 and "thiếu thông tin" in missing.text
    hostile = browser_session.get("/dang-nhap/xac-thuc/?code=%00<script>&state=" + "x" * 5000)
    assert hostile.status_code == 400 and "<script>" not in hostile.text
    denied = browser_session.get("/dang-nhap/xac-thuc/?error=access_denied&state=x")
    assert denied.status_code == 400 and "đã hủy đăng nhập" in denied.text


def test_messages_in_english(browser_session):
    answer = browser_session.get("/dang-nhap/xac-thuc/?lang=en")
    assert answer.status_code == 400
    assert "Could not sign in" in answer.text


def test_chooser_refuses_an_unknown_account(browser_session):
    authorize = browser_session.start_sign_in()
    chooser = browser_session.get(authorize)
    token = chooser.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    answer = browser_session.post(authorize, {"csrfmiddlewaretoken": token, "citizen": "<b>x</b>\x00"})
    assert answer.status_code == 400 and "Vui lòng chọn một công dân" in answer.text


def test_sign_in_page_redirect_target_stays_on_the_portal(browser_session):
    authorize = browser_session.start_sign_in(next_url="https://evil.example/")
    callback = browser_session.choose(authorize, AN)
    done = browser_session.get(callback)
    assert done.headers["Location"] == "/ca-nhan/ho-so/"


def test_unreachable_provider_is_a_clear_message(browser_session, settings):
    settings.CITIZEN_OIDC_ISSUER = "http://127.0.0.1:9/khong-co"  # nothing listens on the discard port
    page = browser_session.get("/dang-nhap/")
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    answer = browser_session.post("/dang-nhap/", {"csrfmiddlewaretoken": token, "next": "/"})
    assert answer.status_code == 400
    assert "Không kết nối được với hệ thống định danh điện tử" in answer.text


def test_hostile_next_and_post_values(browser_session):
    page = browser_session.get("/dang-nhap/?next=%00" + "a" * 5000)
    assert page.status_code == 200 and 'value="/ca-nhan/ho-so/"' in page.text
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    answer = browser_session.post("/dang-nhap/", {"csrfmiddlewaretoken": token, "next": "javascript:alert(1)"})
    assert answer.status_code == 302 and "/sandbox-idp/authorize/" in answer.headers["Location"]
