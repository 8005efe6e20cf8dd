"""Issue #14: a citizen's first visit (empty cache) to the home page, a
procedure page and an e-form step transfers at most 100 KB, with at most
two font files. The test server does not compress, so text responses
(HTML, CSS, JavaScript, SVG, JSON) count at their gzip size (level 6, what
the portal's middleware and a reverse proxy send); fonts and images count
as they are."""

import gzip
import logging

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.eforms.factories import procedure_page

logger = logging.getLogger(__name__)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 100_000
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


@pytest.fixture
def procedure(home_page, settings, live_server):
    settings.PORTAL_BASE_URL = live_server.url
    return procedure_page(home_page, title="Cấp bản sao trích lục hộ tịch", online_level="full")


def first_visit(browser, url, then=None):
    """[(url, bytes as transferred)] of every response of a fresh visit."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="vi-VN")
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    if then:
        responses.clear()  # the step is the first visit of a page whose start was just seen
        then(page)
    page.wait_for_load_state("networkidle")
    sizes = []
    for response in responses:
        if response.status >= 300:
            continue  # a redirect's body is a few bytes, and the browser has dropped it
        try:
            body = response.body()
        except PlaywrightError:  # e.g. the favicon, whose body Chromium does not keep
            body = context.request.get(response.url).body()
        kind = response.headers.get("content-type", "")
        sized = len(gzip.compress(body, 6)) if kind.startswith(TEXT_TYPES) else len(body)
        sizes.append((response.url, sized))
    context.close()
    return sizes


def start_application(page):
    page.get_by_role("button", name="Bắt đầu nộp hồ sơ").click()
    page.wait_for_url("**/buoc/1/")


def test_first_visits_stay_within_the_budget(browser, live_server, procedure):
    base = live_server.url
    visits = {
        "home": first_visit(browser, base + "/"),
        "procedure": first_visit(browser, base + procedure.url),
        "e-form step 1": first_visit(browser, f"{base}/nop-ho-so/{procedure.code}/", then=start_application),
    }
    report = []
    for name, sizes in visits.items():
        total = sum(size for _url, size in sizes)
        fonts = [url for url, _size in sizes if url.endswith(".woff2")]
        report.append(f"{name}: {total} bytes in {len(sizes)} responses, {len(fonts)} font files")
        report += [f"  {size:>8} {url}" for url, size in sizes]
        assert len(fonts) <= 2, (name, fonts)
        assert total <= BUDGET, f"{name}: {total} > {BUDGET}\n" + "\n".join(f"{s:>8} {u}" for u, s in sizes)
    logger.info("first visits:\n%s", "\n".join(report))
