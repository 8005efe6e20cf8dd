"""Issue #14: search, one e-form step with an error and the tracking form,
with the keyboard only (Tab, Shift+Tab, Enter, Space, arrows): no mouse
click, no fill() of a field the keyboard did not reach."""

import pytest
from django.test import Client

from eforms.dossiers.models import Dossier
from tests.eforms import helpers
from tests.eforms.factories import procedure_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def procedure(home_page, settings, live_server):
    settings.PORTAL_BASE_URL = live_server.url
    return procedure_page(home_page, title="Cấp bản sao trích lục hộ tịch", online_level="full")


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement; return {id: e.id, tag: e.tagName, name: e.name || '',"
        " text: (e.innerText || e.value || '').trim().slice(0, 80)}; }"
    )


def tab_to(page, match, limit=80):
    """Press Tab until the focused element satisfies ``match``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if match(element):
            return element
    raise AssertionError(f"Tab never reached the element; last focused: {focused(page)}")


def label_in_view(page, field_id):
    return page.evaluate(
        """id => { const l = document.querySelector(`label[for="${id}"]`).getBoundingClientRect();
                   return [l.top, l.bottom, window.innerHeight]; }""",
        field_id,
    )


def test_search_eform_error_and_tracking_with_the_keyboard_only(page, live_server, procedure):
    base = live_server.url

    # search: the skip link first, then the header search box; Enter submits
    page.goto(base + "/")
    page.keyboard.press("Tab")
    assert "nội dung chính" in focused(page)["text"]
    tab_to(page, lambda e: e["id"] == "header-q")
    page.keyboard.type("trích lục")
    page.keyboard.press("Escape")  # closes the autocomplete list, if open
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/**")
    tab_to(page, lambda e: e["tag"] == "A" and "Cấp bản sao trích lục hộ tịch" in e["text"])
    page.keyboard.press("Enter")
    page.wait_for_url("**" + procedure.url)

    # the procedure page's "apply online" link, then the start button (Enter)
    tab_to(page, lambda e: e["tag"] == "A" and e["text"] == "Nộp hồ sơ trực tuyến")
    page.keyboard.press("Enter")
    page.wait_for_url("**/nop-ho-so/**")
    tab_to(page, lambda e: e["tag"] == "BUTTON" and e["text"] == "Bắt đầu nộp hồ sơ")
    page.keyboard.press("Enter")
    page.wait_for_url("**/buoc/1/")

    # step 1 sent empty with Space on "Tiếp tục": the summary has the focus,
    # its first link (Enter) focuses the field and shows its label
    tab_to(page, lambda e: e["tag"] == "BUTTON" and e["text"] == "Tiếp tục")
    page.keyboard.press("Space")
    page.wait_for_selector("#error-summary")
    assert focused(page)["id"] == "error-summary"
    assert page.title().startswith("Lỗi: ")
    tab_to(page, lambda e: e["tag"] == "A", limit=3)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_applicant_name"
    top, bottom, height = label_in_view(page, "id_applicant_name")
    assert 0 <= top and bottom <= height, (top, bottom, height)
    described = page.get_attribute("#id_applicant_name", "aria-describedby")
    assert "Vui lòng nhập họ, chữ đệm và tên." in page.inner_text("#" + described.split()[-1])
    page.keyboard.type("Trần Thị Ngọc Ánh")
    # the province list answers to the arrow keys
    tab_to(page, lambda e: e["id"] == "id_applicant_address_province")
    before = page.evaluate("document.activeElement.value")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") != before

    # tracking: a submitted dossier, looked up by typing its code and secret
    client = Client()
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    assert helpers.submit(client, procedure, draft).status_code == 302
    dossier = Dossier.objects.get()
    page.goto(base + "/tra-cuu-ho-so/")
    tab_to(page, lambda e: e["name"] == "ma")
    page.keyboard.type(dossier.code)
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "mtc"
    page.keyboard.type(dossier.lookup_secret)
    page.keyboard.press("Enter")
    page.wait_for_url("**/tra-cuu-ho-so/?**")
    assert page.get_by_text("Mới đăng ký").first.is_visible()
