"""In real Chromium: an administrator signs in with password + TOTP and
reaches the Wagtail dashboard; a new officer enrols by QR code. Screenshots
of the sign-in pages at phone and desktop widths."""

import os

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-dai-2026"


def code_for(device, offset=0):
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"


def shoot(page, screenshot_dir, name):
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=os.path.join(screenshot_dir, f"twofactor-{name}-{width}.png"), full_page=True)


def test_admin_signs_in_with_password_and_totp(live_server, page, screenshot_dir):
    user = get_user_model().objects.create_user(
        "quantri", password=PASSWORD, is_staff=True, is_superuser=True, first_name="Nguyễn", last_name="An"
    )
    device = TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(f"{live_server.url}/admin/")
    assert "/tai-khoan/dang-nhap/" in page.url
    assert page.locator("h1").inner_text() == "Đăng nhập hệ thống"
    shoot(page, screenshot_dir, "login")

    page.fill("#id_username", "quantri")
    page.fill("#id_password", "sai-mat-khau")
    page.click("button[type=submit].account-form__submit")
    # the answer is the same page: wait for it, not for a new URL
    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.")).to_be_visible()
    shoot(page, screenshot_dir, "login-error")

    page.fill("#id_username", "quantri")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].account-form__submit")
    page.wait_for_url("**/tai-khoan/xac-thuc/**")
    assert page.locator("h1").inner_text() == "Xác thực hai lớp"
    shoot(page, screenshot_dir, "verify")

    page.fill("#id_otp_token", "000000")
    page.click("button[type=submit].account-form__submit")
    expect(page.locator(".form-error")).to_be_visible()
    shoot(page, screenshot_dir, "verify-error")

    # Our sign-in pages run under the public CSP without a violation.
    assert not [e for e in errors if "Content Security Policy" in e], errors

    device.throttle_reset()
    page.fill("#id_otp_token", code_for(device))
    page.click("button[type=submit].account-form__submit")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.locator("body").get_attribute("class") and "wagtail" in page.content().lower()
    assert page.get_by_role("heading", level=1).first.inner_text().strip() != ""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=os.path.join(screenshot_dir, "twofactor-admin-dashboard-1280.png"))


def test_new_officer_enrols_by_qr_code(live_server, page, screenshot_dir):
    get_user_model().objects.create_user("canbo.moi", password=PASSWORD, is_staff=True)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/tai-khoan/thiet-bi/")
    page.fill("#id_username", "canbo.moi")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].account-form__submit")
    page.wait_for_url("**/tai-khoan/dang-ky-xac-thuc/**")
    qr = page.locator("img.enroll-qr__image")
    assert qr.is_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # the data: URI rendered under the CSP
    shoot(page, screenshot_dir, "enroll")

    device = TOTPDevice.objects.get(user__username="canbo.moi", confirmed=False)
    page.fill("#id_otp_token", code_for(device))
    page.click("button[type=submit].account-form__submit")
    page.wait_for_url("**/tai-khoan/ma-du-phong/")
    assert page.locator(".backup-codes li").count() == 10
    shoot(page, screenshot_dir, "backup-codes")
    page.click("text=Tôi đã lưu các mã, tiếp tục")
    page.wait_for_url("**/tai-khoan/thiet-bi/")
    shoot(page, screenshot_dir, "devices")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_security_key_registration_and_sign_in(live_server, page, screenshot_dir):
    """WebAuthn with Chromium's virtual authenticator (DevTools protocol)."""
    from portal.twofactor.models import WebAuthnDevice

    user = get_user_model().objects.create_user("khoa", password=PASSWORD, is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": False,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/tai-khoan/thiet-bi/")
    page.fill("#id_username", "khoa")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].account-form__submit")
    page.wait_for_url("**/tai-khoan/xac-thuc/**")
    assert page.locator("[data-webauthn=authenticate]").count() == 0  # no key yet
    page.fill("#id_otp_token", code_for(device))
    page.click("button[type=submit].account-form__submit")
    page.wait_for_url("**/tai-khoan/thiet-bi/")

    page.fill("#webauthn-name", "Khóa USB thử nghiệm")
    page.click("[data-webauthn=register] [data-webauthn-start]")
    page.wait_for_selector("text=Đã thêm khóa bảo mật Khóa USB thử nghiệm.")
    key = WebAuthnDevice.objects.get(user=user)
    assert key.confirmed and key.name == "Khóa USB thử nghiệm"
    shoot(page, screenshot_dir, "devices-with-key")

    page.click("form[action='/tai-khoan/dang-xuat/'] button")
    page.wait_for_url("**/tai-khoan/dang-nhap/")
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "khoa")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].account-form__submit")
    page.wait_for_url("**/tai-khoan/xac-thuc/**")
    assert page.locator("[data-webauthn=authenticate]").is_visible()
    shoot(page, screenshot_dir, "verify-with-key")
    page.click("[data-webauthn=authenticate] [data-webauthn-start]")
    page.wait_for_url(f"{live_server.url}/admin/")
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert not [e for e in errors if "Content Security Policy" in e and "wagtail.org" not in e], errors
