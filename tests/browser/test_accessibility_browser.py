"""Issue #14: WCAG 2.2 AA in the browser.

axe-core (npm, node_modules/) runs on every state of the citizen journey and
the staff pages, at 1280 px and 375 px, in Vietnamese and English, and must
find zero violations of wcag2a/wcag2aa/wcag21a/wcag21aa/wcag22aa. The same
states must not scroll sideways at 320 px, nor at 200 % zoom of a 1280 px
window (a 640 px CSS viewport), each state zoomed once it is loaded. One
dataset and one browser context per role serve every state (a TOTP code
can be used once, so the officer signs in once).
"""

import logging
import re
import time
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client

from eforms.dossiers.models import Dossier
from tests.browser.axe import describe, violations
from tests.browser.test_officer_browser import PASSWORD, make_officer, totp_code
from tests.eforms import helpers
from tests.eforms.factories import agency_page, procedure_page

logger = logging.getLogger(__name__)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEXT = "Tiếp tục|Continue|Xem lại|Review"
WIDTHS = (1280, 375)
# Reflow is checked as a reader gets there: by zooming the page already
# loaded (the resize handlers run, the page is not loaded again). A 1280 px
# window at 200 % zoom is 640 CSS px; a phone's 375 px page at 320 px.
ZOOMED = {1280: 640, 375: 320}
LANGUAGES = ("vi", "en")


@pytest.fixture
def dataset(home_page, settings, live_server):
    settings.PORTAL_BASE_URL = live_server.url
    agency = agency_page(home_page, title="Sở Tư pháp", email="stp@lamdong.gov.vn")
    procedure = procedure_page(
        home_page,
        agency=agency,
        title="Cấp bản sao trích lục hộ tịch",
        online_level="full",
        fee_vnd=8000,
        components=(("Tờ khai đề nghị cấp bản sao trích lục", 1, 0, True), ("Giấy ủy quyền", 0, 1, True)),
    )
    _officer, device = make_officer("canbo-a11y", agency)
    return {"procedure": procedure, "device": device}


def citizen_session(browser, live_server, procedure):
    """A citizen context holding three drafts: one left empty (for the
    error states), one answered in full (steps and review), one submitted
    (confirmation, payment, tracking). The drafts are made through the real
    views with Django's client, whose session cookie the browser then uses."""
    client = Client()
    empty = helpers.start(client, procedure)
    filled = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, filled)
    sent = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, sent)
    response = helpers.submit(client, procedure, sent)
    assert response.status_code == 302, response.content[:300]
    confirmation = response["Location"]
    dossier = Dossier.objects.get(pk=Dossier.objects.order_by("-id").values_list("pk", flat=True)[0])
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", bypass_csp=True)
    host = urlparse(live_server.url).hostname
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            }
        ]
    )
    steps = len(filled.form_version.schema["steps"])
    return context, {"empty": empty, "filled": filled, "steps": steps, "confirmation": confirmation, "dossier": dossier}


def submit_last(page, name):
    page.get_by_role("button", name=re.compile(name)).last.click()
    page.wait_for_load_state()


def citizen_states(base, procedure, drafts, facet_query):
    code = procedure.code
    dossier = drafts["dossier"]
    states = [
        ("home", lambda p: p.goto(base + "/")),
        ("catalogue with a filter", lambda p: p.goto(f"{base}/thu-tuc/?{facet_query}")),
        ("procedure", lambda p: p.goto(base + procedure.url)),
        ("search with results", lambda p: p.goto(base + "/tim-kiem/?q=trích lục")),
        ("search without results", lambda p: p.goto(base + "/tim-kiem/?q=zqxjvw")),
        ("e-form start", lambda p: p.goto(f"{base}/nop-ho-so/{code}/")),
    ]
    for number in range(1, drafts["steps"] + 1):
        empty_url = base + helpers.step_url(procedure, drafts["empty"], number)
        filled_url = base + helpers.step_url(procedure, drafts["filled"], number)
        states.append((f"step {number}", lambda p, u=filled_url: p.goto(u)))
        states.append((f"step {number} with errors", lambda p, u=empty_url: (p.goto(u), submit_last(p, NEXT))))
    states += [
        ("review", lambda p: p.goto(base + helpers.review_url(procedure, drafts["filled"]))),
        ("confirmation", lambda p: p.goto(base + drafts["confirmation"])),
        ("payment (sandbox bank)", lambda p: (p.goto(base + drafts["confirmation"]), pay(p))),
        ("tracking, empty", lambda p: p.goto(base + "/tra-cuu-ho-so/")),
        ("tracking, wrong code", lambda p: p.goto(f"{base}/tra-cuu-ho-so/?ma=H49.99-261201-9999&mtc=sai")),
        ("tracking, result", lambda p: p.goto(f"{base}/tra-cuu-ho-so/?ma={dossier.code}&mtc={dossier.lookup_secret}")),
        ("statistics", lambda p: p.goto(base + "/thong-ke/")),
        ("accessibility statement", lambda p: p.goto(base + "/tuyen-bo-tiep-can/")),
        (
            "accessibility statement with errors",
            lambda p: (p.goto(base + "/tuyen-bo-tiep-can/"), submit_last(p, "Gửi phản ánh|Send the report")),
        ),
    ]
    return states


def pay(page):
    page.locator("form[action*='/thanh-toan/'] button[type=submit]").first.click()
    page.wait_for_url("**/thanh-toan/sandbox/**")


def staff_states(base, dossier):
    return [
        ("officer queue", lambda p: p.goto(base + "/can-bo/")),
        ("dossier detail", lambda p: p.goto(f"{base}/can-bo/ho-so/{dossier.code}/")),
    ]


def sign_in_states(base):
    def sign_in_errors(page):
        page.goto(base + "/tai-khoan/dang-nhap/")
        submit_last(page, "Đăng nhập|Sign in")

    def verify_error(page):
        page.goto(base + "/tai-khoan/xac-thuc/")
        page.fill("input[name=otp_token]", "000000")
        page.locator("form button[type=submit]").first.click()
        page.wait_for_load_state()

    signed_out = [
        ("sign-in", lambda p: p.goto(base + "/tai-khoan/dang-nhap/")),
        ("sign-in with errors", sign_in_errors),
    ]
    halfway = [
        ("2FA step", lambda p: p.goto(base + "/tai-khoan/xac-thuc/")),
        ("2FA step with error", verify_error),
    ]
    return signed_out, halfway


def horizontal_overflow(page):
    return page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")


def reflowed(page, name, language, zoomed, width):
    """The state as it is now, zoomed to ``zoomed`` CSS px: sideways scrolling found, if any."""
    page.set_viewport_size({"width": zoomed, "height": 900})
    scroll_width, client_width = horizontal_overflow(page)
    page.set_viewport_size({"width": width, "height": 900})
    if scroll_width > client_width:
        return [f"{name} [{language}, {zoomed} px]: {scroll_width} > {client_width}"]
    return []


def test_every_page_state_passes_axe_and_reflows(browser, live_server, dataset):
    base = live_server.url
    procedure = dataset["procedure"]
    citizen, drafts = citizen_session(browser, live_server, procedure)
    # the officer: password and TOTP once; a second context stops at the 2FA step
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", bypass_csp=True)
    staff_page = staff.new_page()
    staff_page.goto(base + "/tai-khoan/dang-nhap/?next=/can-bo/")
    staff_page.fill("input[name=username]", "canbo-a11y")
    staff_page.fill("input[name=password]", PASSWORD)
    submit_last(staff_page, "Đăng nhập")
    staff_page.fill("input[name=otp_token]", totp_code(dataset["device"]))
    submit_last(staff_page, "Xác nhận")
    halfway = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", bypass_csp=True)
    halfway_page = halfway.new_page()
    halfway_page.goto(base + "/tai-khoan/dang-nhap/")
    halfway_page.fill("input[name=username]", "canbo-a11y")
    halfway_page.fill("input[name=password]", PASSWORD)
    submit_last(halfway_page, "Đăng nhập")
    citizen_page = citizen.new_page()
    citizen_page.goto(base + "/thu-tuc/")
    facet = citizen_page.locator(".facets input[type=checkbox]").first
    facet_query = f"{facet.get_attribute('name')}={facet.get_attribute('value')}"

    signed_out, halfway_states = sign_in_states(base)
    groups = [
        (citizen_page, citizen_states(base, procedure, drafts, facet_query) + signed_out),
        (staff_page, staff_states(base, drafts["dossier"])),
        (halfway_page, halfway_states),
    ]
    failures, report, overflow = [], [], []
    try:
        for language in LANGUAGES:
            for page, states in groups:
                page.goto(f"{base}/?lang={language}")
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    for name, go in states:
                        started = time.monotonic()
                        go(page)
                        assert page.evaluate("document.documentElement.lang") == language, (name, page.url)
                        scroll_width, client_width = horizontal_overflow(page)
                        if scroll_width > client_width:
                            overflow.append(f"{name} [{language}, {width} px]: {scroll_width} > {client_width}")
                        found = violations(page)
                        found += dangling_references(page)
                        took = time.monotonic() - started
                        report.append(f"{name} [{language}, {width} px]: {len(found)} ({took:.1f} s)")
                        if found:
                            failures.append(f"== {name} [{language}, {width} px] {page.url}\n{describe(found)}")
                        # reflow in Vietnamese, whose words with diacritics are the longest
                        if language == "vi":
                            overflow += reflowed(page, name, language, ZOOMED[width], width)
    finally:
        for context in (citizen, staff, halfway):
            context.close()
    logger.info("axe violations per page state:\n%s", "\n".join(report))
    assert not failures, "\n".join(failures)
    assert not overflow, "pages scroll sideways:\n" + "\n".join(overflow)


def dangling_references(page):
    """aria-describedby / aria-labelledby ids that no element has (axe
    passes a list with one valid id): the message a field points at must exist."""
    missing = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby], [aria-labelledby]')].flatMap(el =>
            ['aria-describedby', 'aria-labelledby'].flatMap(attr => (el.getAttribute(attr) || '').split(/\\s+/)
              .filter(id => id && !document.getElementById(id))
              .map(id => ({target: [el.id ? '#' + el.id : el.tagName.toLowerCase()], html: el.outerHTML.slice(0, 160),
                           failureSummary: attr + ' points at missing #' + id}))))"""
    )
    if not missing:
        return []
    return [
        {"id": "dangling-idref", "impact": "serious", "help": "ARIA ids must exist", "helpUrl": "", "nodes": missing}
    ]
