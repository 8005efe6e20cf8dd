"""tests/stacks.py: which tests CI runs on the embedded stack only, and the
run-time check that they touch no service. An inner pytest run in a
subprocess, on its own SQLite folder (never the suite's test database)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.stacks import SERVICE_ENV

REPO = Path(__file__).resolve().parent.parent

INNER_TESTS = """
import os
import re
import subprocess

import pytest
from django.core.cache import cache, caches


def test_pure():
    assert "khai sinh".upper() == "KHAI SINH"


def test_reads_the_cache():
    cache.set("k", 1)


def test_reads_a_cache_kept_in_a_name():
    kept = caches["default"]
    kept.get("k")


def test_counts_rows_without_asking_for_the_database():
    from django.db import connection
    connection.ops.quote_name("x")


def test_starts_a_subprocess():
    subprocess.run(["true"], check=True)


def test_reads_the_database_url():
    os.environ.get("DATABASE_URL")


@pytest.mark.every_stack
def test_opted_out():
    cache.set("k", 1)


def test_with_db(db):
    pass


@pytest.mark.django_db
def test_with_marker():
    pass


def test_with_client(client):
    pass


@pytest.fixture
def built_on_db(db):
    return 1


def test_with_a_fixture_built_on_db(built_on_db):
    pass
"""


def inner_pytest(tmp_path, *args):
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["tests.stacks"]\n', encoding="utf-8")
    (tmp_path / "test_inner.py").write_text(INNER_TESTS, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in SERVICE_ENV}
    env.update(
        {
            "PYTHONPATH": str(REPO),
            "PORTAL_VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rf", "--rootdir", str(tmp_path), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.every_stack  # it starts a subprocess; its inner run picks its own stack
def test_only_tests_without_services_are_deselected_and_a_touch_fails(tmp_path):
    collected = inner_pytest(tmp_path, "--collect-only", "-m", "not stack_independent")
    kept = {line.split("::")[-1] for line in collected.stdout.splitlines() if "::" in line}
    assert kept == {
        "test_opted_out",
        "test_with_db",
        "test_with_marker",
        "test_with_client",
        "test_with_a_fixture_built_on_db",
    }, collected.stdout + collected.stderr
    assert "(no database, cache, broker or worker; tests/stacks.py): 6 of 11" in collected.stdout

    ran = inner_pytest(tmp_path, "-m", "stack_independent")
    out = ran.stdout
    assert "5 failed, 1 passed, 5 deselected" in out, out + ran.stderr
    failed = set(re.findall(r"^FAILED test_inner\.py::(\w+)", out, re.M))
    assert failed == {
        "test_reads_the_cache",
        "test_reads_a_cache_kept_in_a_name",
        "test_counts_rows_without_asking_for_the_database",
        "test_starts_a_subprocess",
        "test_reads_the_database_url",
    }, out
    assert "touched a cache (LocMemCache.set)" in out
    assert "touched a subprocess" in out
    assert "touched the environment variable DATABASE_URL" in out
    assert "touched the database (connections['default'])" in out
    assert "mark it @pytest.mark.every_stack" in out
