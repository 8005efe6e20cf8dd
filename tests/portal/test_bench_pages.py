"""``bench/pages.py`` runs against a live portal and prints a line per page
and connection count and the stall probe (figures are not asserted)."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.eforms import factories

SCRIPT = Path(settings.BASE_DIR) / "bench" / "pages.py"
PAGES = ("home", "catalogue", "catalogue filtered", "procedure", "search", "autocomplete")


@pytest.fixture
def live_catalogue(transactional_db):
    home = factories.home_page()
    return factories.procedure_page(home)


def test_bench_pages_prints_every_page_and_the_stall_probe(live_server, live_catalogue):
    command = [sys.executable, str(SCRIPT), live_server.url, "--seconds", "0.3", "--connections", "1,2"]
    command += ["--stall-seconds", "1", "--no-wrk"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for page in PAGES:
        rows = [line for line in lines if line[:20].strip() == page]
        assert len(rows) == 2, (page, result.stdout)
        assert all(row[20:].split()[2] == "0" for row in rows), result.stdout  # no errors
    assert any(line.startswith("# stall probe: 4 threads") and "slowest" in line for line in lines), result.stdout
