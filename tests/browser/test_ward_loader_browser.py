"""The ward list follows the province finally chosen: when the answer for an
earlier choice arrives late (slow network), it is ignored, so the list never
holds another province's wards."""

import pytest

from eforms.formdefs import divisions
from tests.browser.test_submission_browser import procedure, wagtail_root  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_late_answer_for_another_province_is_ignored(page, live_server, procedure):  # noqa: F811
    held = []

    def hold_ha_noi(route):
        held.append(route)  # answered only after Lâm Đồng's list is in

    page.route("**/nop-ho-so/dia-ban/1/", hold_ha_noi)
    page.goto(live_server.url + f"/nop-ho-so/{procedure.code}/")
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()
    page.wait_for_url("**/buoc/1/")
    province = page.get_by_label("Tỉnh, thành phố")
    province.select_option("1")  # Hà Nội: its answer is held back
    page.wait_for_function("() => document.querySelector('#id_applicant_address_ward').getAttribute('aria-busy')")
    province.select_option("68")  # then Lâm Đồng, answered at once
    lam_dong = {str(code) for code, _name in divisions.wards_of(68)}
    ha_noi = {str(code) for code, _name in divisions.wards_of(1)}
    page.wait_for_selector(f'#id_applicant_address_ward option[value="{sorted(lam_dong)[0]}"]', state="attached")
    for route in held:  # the late answer for Hà Nội arrives now
        try:
            route.continue_()
        except Exception:  # noqa: BLE001 — the page already aborted it
            pass
    page.wait_for_timeout(800)
    values = set(page.eval_on_selector_all("#id_applicant_address_ward option", "els => els.map(e => e.value)"))
    values.discard("")
    assert values == lam_dong and not values & ha_noi
    assert page.get_attribute("#id_applicant_address_ward", "aria-busy") is None


def test_clearing_the_province_empties_the_ward_list(page, live_server, procedure):  # noqa: F811
    page.goto(live_server.url + f"/nop-ho-so/{procedure.code}/")
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()
    page.wait_for_url("**/buoc/1/")
    province = page.get_by_label("Tỉnh, thành phố")
    province.select_option("68")
    page.wait_for_function("() => document.querySelectorAll('#id_applicant_address_ward option').length > 1")
    province.select_option("")
    assert page.eval_on_selector_all("#id_applicant_address_ward option", "els => els.length") == 1
