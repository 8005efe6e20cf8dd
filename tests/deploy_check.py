"""``manage.py check --deploy --fail-level WARNING`` on the production
settings in a fresh process, as a deployment runs it. Two test modules
assert on the same run (tests/portal/test_foundation.py and
tests/eforms/dossiers/test_unit_codes.py): a run with the same environment
is made once per test session (about 5 s each)."""

import functools
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "x" * 20 + "a-long-random-secret-key-for-the-deploy-check-0123456789"


def prod_var_dir(name="prod-var"):
    """A var directory for a production-settings subprocess, inside this test
    run's own var directory (portal/settings/test.py): two test runs at once
    (.ci/run runs the embedded and PostgreSQL stacks side by side) never
    share one."""
    return str(Path(os.environ.get("PORTAL_VAR_DIR", "/tmp/portal-test-var")) / name)


@functools.cache
def deploy_check(**extra_env):
    # A clean environment: nothing the test process set for itself (e.g. the
    # browser tests' DJANGO_ALLOW_ASYNC_UNSAFE) may leak into the deploy check.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "DJANGO_", "DEBUG", "ALLOWED_HOSTS"))}
    env.pop("PORTAL_RECEIVING_UNIT_CODE", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "PORTAL_VAR_DIR": prod_var_dir(),
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "dichvucong.example.gov.vn",
            "DEBUG": "0",
            **extra_env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
