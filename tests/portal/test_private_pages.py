"""Personal data is never cached and the admin session ends only by POST
(issue 12: shared counter PCs, logout by a stray GET)."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from .test_twofactor import PASSWORD, VERIFY, password_step, totp_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    user = get_user_model().objects.create_user(username="quantri", password=PASSWORD, is_staff=True, is_superuser=True)
    TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    return user


def signed_in(client, user):
    password_step(client, user.username)
    client.post(VERIFY, {"otp_token": totp_of(user)})
    assert client.get("/admin/").status_code == 200
    return client


def assert_not_stored(response):
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control and "private" in cache_control, cache_control
    assert response.get("Pragma") == "no-cache"


@pytest.mark.parametrize("path", ["/admin/", "/can-bo/"])
def test_staff_pages_are_never_stored(client, admin_user, path):
    signed_in(client, admin_user)
    response = client.get(path)
    assert response.status_code in (200, 403)  # a superuser who is no officer is refused the workspace
    assert_not_stored(response)


@pytest.mark.parametrize("path", ["/tra-cuu-ho-so/", "/tai-khoan/dang-nhap/", "/nop-ho-so/1.000000/"])
def test_citizen_pages_with_personal_data_are_never_stored(client, home_page, path):
    response = client.get(path)
    assert response.status_code < 500
    assert_not_stored(response)


def test_public_pages_stay_cacheable_for_anonymous_visitors(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_get_of_the_admin_logout_does_not_end_the_session(client, admin_user):
    signed_in(client, admin_user)
    response = client.get("/admin/logout/")
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert client.get("/admin/").status_code == 200


def test_the_admin_logout_by_post_ends_the_session(client, admin_user):
    signed_in(client, admin_user)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302
