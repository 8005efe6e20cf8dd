"""Static files only by hashed URLs (issue #17): with the manifest storage of
production every ``/static/`` URL of a rendered page carries its content
hash, so a proxy or browser may keep it forever, and ``search.css`` has one
URL only. Templates never hard-code ``/static/``."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.eforms.factories import procedure_page

ROOT = Path(settings.BASE_DIR)
STATIC_URL_RE = re.compile(r"""/static/[^"'\s)>]+""")
HASHED_RE = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")


def test_no_template_hard_codes_static_urls():
    offenders = []
    for template in sorted(ROOT.glob("**/templates/**/*.html")):
        if ".venv" in template.parts or "node_modules" in template.parts:
            continue
        if "/static/" in template.read_text(encoding="utf-8"):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


@pytest.fixture(scope="module")
def manifest_storage(tmp_path_factory):
    """Production's manifest storage (without the compression step), the
    files collected into a temporary STATIC_ROOT."""
    root = tmp_path_factory.mktemp("static")
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=str(root), STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


@pytest.mark.django_db
def test_rendered_pages_use_hashed_static_urls_only(client, home_page, manifest_storage):
    procedure = procedure_page(home_page)
    seen = set()
    for url in ("/", "/thu-tuc/", procedure.url, "/tim-kiem/?q=khai+sinh"):
        response = client.get(url)
        assert response.status_code == 200, url
        urls = set(STATIC_URL_RE.findall(response.content.decode()))
        assert urls, url
        unhashed = sorted(u for u in urls if not HASHED_RE.search(u))
        assert unhashed == [], url
        for static_url in urls:  # every one was collected under that name
            assert (manifest_storage / static_url.removeprefix("/static/")).is_file(), static_url
        seen |= urls
    assert any("/js/autocomplete." in u for u in seen)
    search_css = {u for u in seen if "/css/search." in u}
    assert len(search_css) == 1, search_css
