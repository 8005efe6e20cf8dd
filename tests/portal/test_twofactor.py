"""Two-factor sign-in for staff and officers: password, then a TOTP code or a
backup code, then access to /admin/ and /can-bo/."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.twofactor import services

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-dai-2026"
LOGIN = "/tai-khoan/dang-nhap/"
VERIFY = "/tai-khoan/xac-thuc/"
ENROLL = "/tai-khoan/dang-ky-xac-thuc/"


@pytest.fixture
def make_user():
    def make(username="canbo", *, staff=True, superuser=False, device=True, codes=None):
        user = get_user_model().objects.create_user(
            username=username,
            password=PASSWORD,
            is_staff=staff,
            is_superuser=superuser,
            first_name="Lê",
            last_name="Minh",
        )
        if device:
            TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
        if codes:
            services.new_backup_codes(user, codes=codes)
        return user

    return make


@pytest.fixture
def admin_user(make_user):
    return make_user("quantri", superuser=True, codes=["abcd2345", "efgh6723"])


def totp_of(user, offset=0):
    return services.current_totp(TOTPDevice.objects.get(user=user, confirmed=True), offset)


def password_step(client, username, password=PASSWORD, next_url=None):
    data = {"username": username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(LOGIN, data)


# --- login → verify → access --------------------------------------------------


@pytest.mark.parametrize("target", ["/admin/", "/can-bo/"])
def test_password_then_totp_then_access(client, admin_user, target):
    response = client.get(target)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)

    response = password_step(client, "quantri", next_url=target)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next={target.replace('/', '%2F')}"

    # Password alone does not open the protected paths.
    response = client.get(target)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Xác thực hai lớp" in page.content.decode() and "Mã xác thực" in page.content.decode()

    response = client.post(VERIFY, {"otp_token": totp_of(admin_user), "next": target})
    assert response.status_code == 302 and response["Location"] == target
    response = client.get(target)
    assert response.status_code != 302 or not response["Location"].startswith(("/tai-khoan/",))
    if target == "/admin/":
        assert response.status_code == 200
        assert "wagtail" in response.content.decode().lower()


def test_officer_who_is_not_staff_needs_second_factor_on_workspace(client, make_user):
    officer = make_user("canbo.xa", staff=False)
    password_step(client, "canbo.xa")
    response = client.get("/can-bo/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    client.post(VERIFY, {"otp_token": totp_of(officer)})
    response = client.get("/can-bo/")
    assert not (response.status_code == 302 and response["Location"].startswith("/tai-khoan/"))


def test_wagtail_and_django_admin_login_pages_redirect_to_ours(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fadmin%2Fpages%2F"
    response = client.get("/django-admin/login/?next=https://evil.example/")
    assert response["Location"] == LOGIN
    # Anonymous visitors of the admin land on our login page too.
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_session_key_rotates_at_each_step_and_stays_verified(client, admin_user):
    client.get(LOGIN)
    password_step(client, "quantri")
    after_password = client.session.session_key
    client.post(VERIFY, {"otp_token": totp_of(admin_user)})
    after_verify = client.session.session_key
    assert after_password != after_verify
    for _ in range(3):
        assert client.get("/admin/").status_code == 200


def test_logout_ends_verification(client, admin_user):
    password_step(client, "quantri")
    client.post(VERIFY, {"otp_token": totp_of(admin_user)})
    assert client.get("/admin/").status_code == 200
    response = client.post("/tai-khoan/dang-xuat/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_unprotected_paths_are_not_blocked_half_logged_in(client, admin_user):
    password_step(client, "quantri")
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/css/account.css").status_code == 200
    assert client.get(VERIFY).status_code == 200
    response = client.get("/admin/", HTTP_ACCEPT="application/json")
    assert response.status_code == 401 and response.json()["code"] == "second_factor_required"


# --- errors ------------------------------------------------------------------


def test_wrong_password_shows_generic_vietnamese_error(client, admin_user):
    for username in ("quantri", "khong-ton-tai"):
        response = password_step(client, username, password="sai-mat-khau")
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_code_shows_vietnamese_error_never_500(client, admin_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    password_step(client, "quantri")
    for bad in ("000000", "abc", "", "1" * 30, "😀😀😀", "12 34 56"):
        response = client.post(VERIFY, {"otp_token": bad})
        assert response.status_code == 200, bad
        assert client.get("/admin/").status_code == 302
    response = client.post(VERIFY, {"otp_token": "000000"})
    assert "Mã xác thực không đúng hoặc đã được sử dụng" in response.content.decode()


def test_same_totp_code_cannot_be_replayed(client, admin_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    code = totp_of(admin_user)
    password_step(client, "quantri")
    assert client.post(VERIFY, {"otp_token": code}).status_code == 302
    client.post("/tai-khoan/dang-xuat/")
    password_step(client, "quantri")
    response = client.post(VERIFY, {"otp_token": code})
    assert response.status_code == 200 and "Mã xác thực không đúng" in response.content.decode()


# --- backup codes ---------------------------------------------------------------


def test_backup_code_works_once(client, admin_user):
    password_step(client, "quantri")
    response = client.post(VERIFY, {"otp_token": "ABCD-2345", "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert list(StaticToken.objects.filter(device__user=admin_user).values_list("token", flat=True)) == ["efgh6723"]
    client.post("/tai-khoan/dang-xuat/")

    password_step(client, "quantri")
    response = client.post(VERIFY, {"otp_token": "abcd2345"})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


# --- enrollment ------------------------------------------------------------------


def test_staff_without_device_enrols_with_qr_then_gets_backup_codes(client, make_user):
    user = make_user("moi", device=False)
    response = password_step(client, "moi", next_url="/can-bo/")
    assert response["Location"] == f"{ENROLL}?next=%2Fcan-bo%2F"
    assert client.get("/can-bo/")["Location"].startswith(ENROLL)

    page = client.get(response["Location"]).content.decode()
    assert re.search(r'<img[^>]+src="data:image/svg\+xml', page)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = services.secret_base32(device)
    assert services.grouped(secret) in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]

    # A wrong code does not confirm.
    response = client.post(ENROLL, {"otp_token": "123456", "next": "/can-bo/"})
    assert response.status_code == 200
    assert "Mã không đúng" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()

    response = client.post(ENROLL, {"otp_token": services.current_totp(device), "next": "/can-bo/"})
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/ma-du-phong/"
    device.refresh_from_db()
    assert device.confirmed

    page = client.get("/tai-khoan/ma-du-phong/").content.decode()
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == 10
    for code in codes:
        assert f"{code[:4]} {code[4:]}" in page
    download = client.get("/tai-khoan/ma-du-phong/tai-ve/")
    assert download["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in download["Content-Disposition"]
    assert all(code in download.content.decode() for code in codes)

    response = client.post("/tai-khoan/ma-du-phong/")
    assert response["Location"] == "/can-bo/"
    # Shown once: afterwards the page no longer lists them.
    page = client.get("/tai-khoan/ma-du-phong/").content.decode()
    assert not any(code[:4] + " " + code[4:] in page for code in codes)
    assert client.get("/tai-khoan/ma-du-phong/tai-ve/").status_code == 302


def test_user_with_device_cannot_enrol_another_without_second_factor(client, admin_user):
    password_step(client, "quantri")
    response = client.get(ENROLL)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=admin_user, confirmed=False).exists()


# --- rate limiting ---------------------------------------------------------------


def test_login_is_rate_limited_per_ip_and_username(client, admin_user, settings):
    settings.RATE_LIMITS = {"twofactor_login": (3, 900)}
    for _ in range(3):
        assert password_step(client, "quantri", password="sai").status_code == 200
    response = password_step(client, "quantri")  # right password, but blocked
    assert response.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user name from the same address is not blocked.
    password_step(client, "khac", password="sai")
    other = client.post(LOGIN, {"username": "khac", "password": "x"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_login_limit_per_address_behind_a_trusted_proxy(client, admin_user, settings):
    """Behind the proxy each client has its own counter; a spoofed
    X-Forwarded-For from a client that is not the proxy buys nothing."""
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    settings.RATE_LIMITS = {"twofactor_login_ip": (2, 900)}

    def attempt(remote, xff, username):
        data = {"username": username, "password": "sai"}
        return client.post(LOGIN, data, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=xff).status_code

    assert [attempt("10.0.0.2", "198.51.100.1", f"ten{i}") for i in range(3)] == [200, 200, 429]
    assert attempt("10.0.0.2", "198.51.100.2", "ten9") == 200  # another citizen behind the same proxy
    assert attempt("10.0.0.2", "198.51.100.2, 198.51.100.1", "ten8") == 429  # the proxy appended the real one
    # Directly, not through the proxy: X-Forwarded-For is ignored.
    assert [attempt("203.0.113.5", f"1.1.1.{i}", f"ten{i}") for i in range(3)] == [200, 200, 429]


def test_verify_is_rate_limited(client, admin_user, settings):
    settings.RATE_LIMITS = {"twofactor_verify": (3, 900)}
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    password_step(client, "quantri")
    for _ in range(3):
        client.post(VERIFY, {"otp_token": "000000"})
    response = client.post(VERIFY, {"otp_token": totp_of(admin_user)})
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_django_otp_throttling_message(client, admin_user):
    password_step(client, "quantri")
    client.post(VERIFY, {"otp_token": "000000"})
    response = client.post(VERIFY, {"otp_token": totp_of(admin_user)})
    assert response.status_code == 200
    assert "Vui lòng đợi" in response.content.decode()


# --- redirects ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "evil", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "https:evil.example"]
)
def test_next_cannot_redirect_off_site(client, admin_user, evil):
    response = password_step(client, "quantri", next_url=evil)
    assert "evil" not in response["Location"] and "javascript" not in response["Location"]
    response = client.post(VERIFY, {"otp_token": totp_of(admin_user), "next": evil})
    assert response.status_code == 302 and response["Location"] == "/admin/"


# --- devices page ------------------------------------------------------------------


def test_remove_device_needs_a_code_and_renew_backup_codes(client, admin_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    password_step(client, "quantri")
    client.post(VERIFY, {"otp_token": totp_of(admin_user)})
    device = TOTPDevice.objects.get(user=admin_user)
    page = client.get("/tai-khoan/thiet-bi/")
    html = page.content.decode()
    assert page.status_code == 200 and "Đổi thiết bị xác thực" in html
    # The authenticator is listed with its own remove form.
    assert f"<strong>{device.name}</strong>" in html and "Gỡ thiết bị" in html
    assert f'name="device" value="{device.persistent_id}"' in html and 'id="remove-1"' in html

    response = client.post(
        "/tai-khoan/thiet-bi/", {"action": "remove", "device": device.persistent_id, "otp_token": "000000"}
    )
    assert response.status_code == 200 and TOTPDevice.objects.filter(pk=device.pk).exists()
    # The wrong code is reported next to that device's form.
    assert 'class="form-error" role="alert"' in response.content.decode()

    response = client.post("/tai-khoan/thiet-bi/", {"action": "renew_codes", "otp_token": "efgh6723"})
    assert response["Location"] == "/tai-khoan/ma-du-phong/"
    assert StaticToken.objects.filter(device__user=admin_user).count() == 10

    new_code = StaticToken.objects.filter(device__user=admin_user).first().token
    response = client.post(
        "/tai-khoan/thiet-bi/", {"action": "remove", "device": device.persistent_id, "otp_token": new_code}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    # Still verified by the backup-code device.
    assert client.get("/admin/").status_code == 200


# --- recovery ----------------------------------------------------------------------


def test_reset_twofactor_command(client, admin_user, caplog):
    out = StringIO()
    with caplog.at_level("WARNING", logger="portal.twofactor"):
        call_command("reset_twofactor", "quantri", stdout=out)
    assert "Đã đặt lại xác thực hai lớp của quantri: gỡ 2 thiết bị" in out.getvalue()
    assert "event=twofactor_reset" in caplog.text
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    assert not StaticDevice.objects.filter(user=admin_user).exists()
    response = password_step(client, "quantri")
    assert response["Location"].startswith(ENROLL)
    with pytest.raises(CommandError):
        call_command("reset_twofactor", "khong-co")


def test_superuser_resets_another_users_2fa_in_wagtail_admin(client, admin_user, make_user, caplog):
    officer = make_user("canbo2", superuser=False)
    password_step(client, "quantri")
    client.post(VERIFY, {"otp_token": totp_of(admin_user)})
    listing = client.get("/admin/users/").content.decode()
    url = reverse("twofactor_reset", args=[officer.pk])
    assert url in listing
    assert client.get(url).status_code == 200
    with caplog.at_level("WARNING", logger="portal.twofactor"):
        response = client.post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert f"user={officer.pk}" in caplog.text and "via=wagtail-admin" in caplog.text
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="twofactor.reset", object_id=str(officer.pk)).exists()


def test_non_superuser_cannot_reset(client, make_user):
    editor = make_user("bientap", staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    victim = make_user("nannhan")
    password_step(client, "bientap")
    client.post(VERIFY, {"otp_token": totp_of(editor)})
    response = client.post(reverse("twofactor_reset", args=[victim.pk]))
    assert response.status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=victim).exists()


# --- demo commands ------------------------------------------------------------------


def test_ensure_demo_admin_gives_a_fixed_authenticator_and_backup_codes(client, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("ensure_demo_admin", stdout=out)
    text = out.getvalue()
    assert "admin / Quantri@2026" in text and "otpauth://totp/" in text and "demo2026" in text
    code = StringIO()
    call_command("demo_totp", "admin", stdout=code)
    password_step(client, "admin", password="Quantri@2026")
    response = client.post(VERIFY, {"otp_token": code.getvalue().strip()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    # Idempotent: a second run keeps one authenticator and resets the codes.
    call_command("ensure_demo_admin", stdout=StringIO())
    assert TOTPDevice.objects.filter(user__username="admin").count() == 1
    assert StaticToken.objects.filter(device__user__username="admin").count() == 10


def test_demo_totp_refused_without_debug(admin_user, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_totp", "quantri")


def test_sign_in_pages_in_english(client):
    page = client.get(LOGIN + "?lang=en").content.decode()
    assert "Password" in page and "Username" in page and "Sign in" in page
    assert "Mật khẩu" not in page


def test_verified_user_without_admin_permission_does_not_loop(client, make_user):
    officer = make_user("canbo.khongquyen", staff=False)
    password_step(client, "canbo.khongquyen")
    client.post(VERIFY, {"otp_token": totp_of(officer)})
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert len(response.redirect_chain) <= 2
    page = response.content.decode()
    assert "Bạn đã đăng nhập" in page and "không có quyền mở trang vừa yêu cầu" in page


def test_demo_second_factor_refused_without_debug(make_user, settings):
    from django.core.exceptions import ImproperlyConfigured

    from portal.twofactor.demo import ensure_demo_two_factor

    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        ensure_demo_two_factor(make_user("ai-do", device=False))
    assert not TOTPDevice.objects.filter(user__username="ai-do").exists()


# --- security keys (WebAuthn): server side; the full ceremony runs in Chromium ---


def _verified(client, user):
    password_step(client, user.get_username())
    client.post(VERIFY, {"otp_token": totp_of(user)})


def test_webauthn_registration_needs_a_verified_session(client, admin_user):
    begin = "/tai-khoan/khoa-bao-mat/dang-ky/bat-dau/"
    password_step(client, "quantri")
    assert client.post(begin).status_code == 403
    client.post(VERIFY, {"otp_token": totp_of(admin_user)})
    response = client.post(begin)
    assert response.status_code == 200
    options = response.json()["publicKey"]
    assert options["rp"]["id"] == "testserver"
    assert len(options["challenge"]) >= 43 and options["user"]["name"] == "quantri"
    # A forged or garbled answer is refused with a Vietnamese message, no device.
    from portal.twofactor.models import WebAuthnDevice

    for body in ('{"credential": {"id": "x", "rawId": "x", "response": {}}}', "không phải JSON", "[]"):
        client.post(begin)
        response = client.post("/tai-khoan/khoa-bao-mat/dang-ky/hoan-tat/", body, content_type="application/json")
        assert response.status_code == 400
        assert "hợp lệ" in response.json()["error"] or "Không đăng ký được" in response.json()["error"]
    assert not WebAuthnDevice.objects.exists()


def test_webauthn_sign_in_refuses_garbage_and_counts_failures(client, admin_user, settings):
    settings.RATE_LIMITS = {"twofactor_verify": (2, 900)}
    password_step(client, "quantri")
    response = client.post("/tai-khoan/khoa-bao-mat/xac-thuc/bat-dau/")
    assert response.status_code == 400 and "chưa có khóa bảo mật" in response.json()["error"]
    complete = "/tai-khoan/khoa-bao-mat/xac-thuc/hoan-tat/"
    bad = '{"credential": {"id": "AA", "rawId": "AA", "type": "public-key", "response": {}}}'
    for _ in range(2):
        response = client.post(complete, bad, content_type="application/json")
        assert response.status_code == 400
    assert client.post(complete, bad, content_type="application/json").status_code == 429
    assert client.get("/admin/").status_code == 302


def test_reset_removes_security_keys_too(admin_user):
    from portal.twofactor.models import WebAuthnDevice

    WebAuthnDevice.objects.create(user=admin_user, name="USB", confirmed=True, credential_id="abc", credential_data="x")
    call_command("reset_twofactor", "quantri", stdout=StringIO())
    assert not WebAuthnDevice.objects.filter(user=admin_user).exists()
