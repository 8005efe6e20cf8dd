"""The VI/EN switch is a pair of plain links (issue #17): the language of a
``?lang=`` link sticks to the following clicks (the language cookie), a
shared ``?lang=en`` link opens in English whatever the cookie says, and an
anonymous visitor gets no CSRF or session cookie. Caches: an answer whose
language came from the URL does not vary on cookies; one whose language
came from the cookie (or its absence) says ``Vary: Cookie``."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
LANG = settings.LANGUAGE_COOKIE_NAME


def vary(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def test_switch_is_links_without_csrf(client, home_page):
    response = client.get("/")
    html = response.content.decode()
    switch = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)
    assert 'href="/?lang=en"' in switch and 'href="/?lang=vi"' in switch
    assert "<form" not in switch and "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert LANG not in response.cookies
    assert "cookie" in vary(response)  # the (absent) cookie chose Vietnamese


def test_english_sticks_to_the_next_click(client, home_page):
    first = client.get("/?lang=en")
    assert '<html lang="en">' in first.content.decode()
    assert first.cookies[LANG].value == "en"
    assert "cookie" not in vary(first)  # the URL alone decides
    assert "csrftoken" not in first.cookies and settings.SESSION_COOKIE_NAME not in first.cookies
    nav = re.search(r'<ul class="main-nav__list">.*?</ul>', first.content.decode(), re.S).group(0)
    link = re.search(r'href="(/tra-cuu-ho-so/)"', nav).group(1)
    following = client.get(link)  # no ?lang= on the link
    html = following.content.decode()
    assert following.status_code == 200
    assert '<html lang="en">' in html and "Track a dossier" in html
    assert "cookie" in vary(following)
    # and back to Vietnamese with the other link
    back = client.get("/?lang=vi")
    assert back.cookies[LANG].value == "vi"
    assert '<html lang="vi">' in client.get("/").content.decode()


def test_shared_link_opens_in_english_whatever_the_cookie(client, home_page):
    client.cookies[LANG] = "vi"
    response = client.get("/tra-cuu-ho-so/?lang=en&ma=ABC")
    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"


def test_switch_keeps_the_other_parameters(client, home_page):
    html = client.get("/tim-kiem/?q=khai+sinh&page=2").content.decode()
    switch = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)
    assert "q=khai+sinh" in switch and "page=2" in switch and "lang=en" in switch


@pytest.mark.parametrize("value", ["xx", "%00", "en<script>", "e" * 500, "EN"])
def test_hostile_lang_values_fall_back_and_set_nothing(client, home_page, value):
    response = client.get(f"/?lang={value}")
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()
    assert LANG not in response.cookies
    assert "<script>" not in response.content.decode().split("<main", 1)[0].replace("<script src", "")
