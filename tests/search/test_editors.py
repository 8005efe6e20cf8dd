"""Editors see what citizens search (Reports → Search terms, with daily hits)
and promote a procedure for a query (Settings → Promoted search results):
Wagtail's search_promotions, working in our Wagtail 8 admin."""

import time

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search import querylog

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="test", confirmed=True)
    client.force_login(admin_user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_admin_menu_has_search_terms_and_promotions(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert "/admin/searchpicks/" in html
    assert "/admin/searchpicks/reports/search-terms/" in html


def test_search_terms_report_lists_citizens_queries(editor_client, catalogue, client):
    for _ in range(3):
        editor_client.get("/tim-kiem/", {"q": "đăng ký khai sinh"})
    querylog.flush(now=time.time() + 2 * querylog.BUCKET_SECONDS)  # the periodic task
    response = editor_client.get("/admin/searchpicks/reports/search-terms/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "đăng ký khai sinh" in html
    assert Query.get("đăng ký khai sinh").hits == 3


def test_editor_promotes_a_procedure_and_citizens_see_it_first(editor_client, catalogue):
    response = editor_client.post(
        "/admin/searchpicks/add/",
        {
            "query_string": "giấy tờ kết hôn",
            "editors_picks-TOTAL_FORMS": "1",
            "editors_picks-INITIAL_FORMS": "0",
            "editors_picks-MIN_NUM_FORMS": "0",
            "editors_picks-MAX_NUM_FORMS": "1000",
            "editors_picks-0-page": str(catalogue["ket_hon_nn"].pk),
            "editors_picks-0-external_link_url": "",
            "editors_picks-0-external_link_text": "",
            "editors_picks-0-description": "",
            "editors_picks-0-ORDER": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SearchPromotion.objects.filter(page=catalogue["ket_hon_nn"]).exists()
    data = editor_client.get("/api/v1/procedures/search", {"q": "giay to ket hon"}).json()
    assert data["results"][0]["code"] == "1.001612"
    assert data["results"][0]["promoted"]
