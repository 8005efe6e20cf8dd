"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Never downloads a browser. Tests use pytest-django's ``live_server``.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# that tests make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOT_DIR = os.environ.get("PORTAL_SCREENSHOT_DIR", "/tmp/portal-screenshots")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot_dir():
    os.makedirs(SCREENSHOT_DIR, exist_ok=True)
    return SCREENSHOT_DIR


@pytest.fixture(autouse=True)
def wagtail_page_tree(request):
    """Browser tests are transactional: the database is flushed after each,
    which also removes the Wagtail root page and default Site that the
    migrations created. Put them back before each browser test."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from wagtail.models import Locale, Page, Site

    Locale.objects.get_or_create(language_code="vi")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    if not Site.objects.exists():
        Site.objects.create(
            hostname="localhost", port=80, root_page=root, is_default_site=True, site_name="Cổng dịch vụ công"
        )
