"""Issue #14: the accessibility statement (/tuyen-bo-tiep-can/) in Vietnamese
and English, and its "report a problem" form: a row the center's staff see
in the Wagtail admin and an e-mail to the center's address; honeypot, rate
limit, size limits and hostile input never give a 500."""

import pytest
from django.core import mail

from content.models import AccessibilityReport
from tests.content.conftest import admin_login

pytestmark = pytest.mark.django_db

URL = "/tuyen-bo-tiep-can/"


def post(client, lang="vi", **data):
    payload = {
        "page_url": "/thu-tuc/",
        "description": "Nút Tiếp tục không đọc được bằng trình đọc màn hình.",
        "contact": "",
    }
    payload.update(data)
    return client.post(f"{URL}?lang={lang}", payload)


def test_statement_in_vietnamese_and_english(client, home_page):
    vi = client.get(URL)
    assert vi.status_code == 200
    text = vi.content.decode()
    assert "Tuyên bố về khả năng tiếp cận" in text and "WCAG) 2.2, mức AA" in text
    assert "Những nội dung chưa đáp ứng" in text and 'name="description"' in text
    en = client.get(URL + "?lang=en").content.decode()
    assert 'lang="en"' in en and "Accessibility statement" in en and "WCAG) 2.2, level AA" in en and "double size" in en


def test_report_is_stored_and_emailed_to_the_center(client, home_page, settings):
    settings.PORTAL_EMAIL = "trungtam@lamdong.gov.vn"
    response = post(client, contact="0912345678")
    assert response.status_code == 302 and response["Location"].endswith("?da-gui=1#phan-anh")
    report = AccessibilityReport.objects.get()
    assert report.page_url == "/thu-tuc/" and report.contact == "0912345678"
    assert "trình đọc màn hình" in report.description
    assert [m.to for m in mail.outbox] == [["trungtam@lamdong.gov.vn"]]
    assert "trình đọc màn hình" in mail.outbox[0].body
    thanks = client.get(response["Location"]).content.decode()
    assert "Cảm ơn Ông/Bà" in thanks


def test_staff_see_the_report_in_the_wagtail_admin(client, home_page, django_user_model):
    AccessibilityReport.objects.create(description="Chữ quá nhỏ trên trang thống kê.")
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Matkhau@2026")
    admin_login(client, admin)
    response = client.get("/admin/accessibility_reports/")
    assert response.status_code == 200
    assert "Chữ quá nhỏ trên trang thống kê." in response.content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"description": ""}, "Vui lòng mô tả khó khăn Ông/Bà gặp phải."),
        ({"description": "   "}, "Vui lòng mô tả khó khăn Ông/Bà gặp phải."),
        ({"description": "x" * 2001}, "Tối đa 2000 ký tự (Ông/Bà đã nhập 2001 ký tự)."),
        ({"page_url": "/" * 501}, "Tối đa 500 ký tự (Ông/Bà đã nhập 501 ký tự)."),
        ({"description": "lỗi\x00ẩn"}, "Nội dung có ký tự không hợp lệ. Vui lòng gõ lại."),
        ({"contact": "0912\x00"}, "Nội dung có ký tự không hợp lệ. Vui lòng gõ lại."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, home_page, data, message):
    response = post(client, **data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "<title>Lỗi: " in text and 'id="error-summary"' in text
    assert message in text or message.lower() in text.lower()
    assert not AccessibilityReport.objects.exists() and not mail.outbox


def test_english_errors(client, home_page):
    response = post(client, lang="en", description="")
    assert response.status_code == 400
    text = response.content.decode()
    assert "<title>Error: " in text and "Please describe the difficulty you had." in text


def test_hostile_html_is_stored_as_text_and_escaped(client, home_page, django_user_model):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert post(client, description=hostile, page_url=hostile, contact=hostile).status_code == 302
    report = AccessibilityReport.objects.get()
    assert report.description == hostile
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Matkhau@2026")
    admin_login(client, admin)
    listing = client.get("/admin/accessibility_reports/").content.decode()
    assert "<script>alert(" not in listing and "&lt;script&gt;" in listing


def test_honeypot_pretends_success_and_stores_nothing(client, home_page):
    response = post(client, website="http://spam.example")
    assert response.status_code == 302
    assert not AccessibilityReport.objects.exists() and not mail.outbox


def test_rate_limited_after_five_reports_an_hour(client, home_page):
    for _ in range(5):
        assert post(client).status_code == 302
    response = post(client)
    assert response.status_code == 429
    assert "nhiều phản ánh trong thời gian ngắn" in response.content.decode()
    assert AccessibilityReport.objects.count() == 5


def test_get_only_and_post(client, home_page):
    assert client.put(URL).status_code == 405
    assert client.post(URL, {}).status_code == 400
