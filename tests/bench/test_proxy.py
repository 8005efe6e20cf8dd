"""``bench/proxy.py`` puts nginx with ``deploy/nginx/portal.conf`` in front
of a live portal: a public page is served from the cache the second time, a
request with a session cookie bypasses it, an answer setting a cookie is
never kept (figures are printed, not asserted)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.eforms import factories

SCRIPT = Path(settings.BASE_DIR) / "bench" / "proxy.py"
NGINX = shutil.which("nginx") or (Path("/usr/sbin/nginx") if Path("/usr/sbin/nginx").exists() else None)

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install -y nginx)")


@pytest.fixture
def live_catalogue(transactional_db):
    home = factories.home_page()
    return factories.procedure_page(home)


def test_nginx_keeps_public_pages_and_never_a_session_or_a_cookie(live_server, live_catalogue):
    upstream = live_server.url.removeprefix("http://")
    command = [sys.executable, str(SCRIPT), "--upstream", upstream, "--static-root", str(settings.STATIC_ROOT)]
    command += ["--seconds", "0.3", "--connections", "1", "--pages", "home,search"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    lines = result.stdout.splitlines()

    def line(start):
        (found,) = [text for text in lines if text.strip().startswith(start)]
        return found

    assert "→ HIT, Cache-Control: public" in line("GET / twice")
    assert "→ BYPASS" in line("GET / with a session cookie")
    assert "private" in line("GET / with a session cookie")
    assert "→ MISS" in line("GET /?lang=en twice")
    assert "→ HIT" in line("GET / with the English cookie")
    assert [text for text in lines if text.startswith(("home ", "search "))]


@pytest.mark.every_stack
def test_the_script_says_what_to_install_without_nginx(tmp_path):
    env = {"PATH": str(tmp_path), "PYTHONPATH": str(settings.BASE_DIR)}
    code = f"import sys; sys.argv=['proxy.py']; sys.path.insert(0, {str(SCRIPT.parent)!r}); import proxy; "
    code += "proxy.NGINX = None; proxy.main()"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert "apt-get install -y nginx" in result.stderr
