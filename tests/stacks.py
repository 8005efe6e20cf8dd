"""Which tests mean something on every stack, and which run the same on all.

CI runs the suite on the embedded stack (SQLite, filesystem broker,
local-memory cache) and again on PostgreSQL + Redis + RabbitMQ. A test that
touches none of those services (text folding, validators, PDF signing, the
import rules) runs identically on both: the second run buys nothing.

At collection every test that requests no service fixture (``db``,
``transactional_db``, ``live_server``, ``client``, the Celery ``broker``,
a worker …), has no ``django_db`` marker and is not a Django ``TestCase``
gets the ``stack_independent`` marker. ``.ci/run`` deselects those in its
second run with ``-m "not stack_independent"`` and says how many.

The marker is checked while the test runs, on every stack: a
stack-independent test that reaches the database layer, a cache, the Celery
broker connection, a subprocess (which inherits the services' environment)
or reads one of the services' environment variables fails with a message
naming what it touched. Such a test is marked ``@pytest.mark.every_stack``
(it then runs in both CI runs), so a test that depends on the stack can
never be dropped from the PostgreSQL run by mistake.
"""

import os
import subprocess
import threading
import traceback

import pytest

MARK = "stack_independent"
OPT_OUT = "every_stack"
_COUNT = pytest.StashKey()
_CHECK = pytest.StashKey()

# Fixtures through which a test reaches the database, the cache (a request
# goes through sessions, rate limits and cached pages), the broker or a
# worker. The closure of a test's fixtures is what is checked, so a fixture
# built on any of these (``catalogue``, ``home_page`` …) counts too.
SERVICE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_setup",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "django_user_model",
        "admin_user",
        "client",
        "async_client",
        "admin_client",
        "rf",
        "async_rf",
        "live_server",
        "broker",
        "celery_worker_factory",
        "mailoutbox",
    }
)

# What the two runs set differently (.ci/run): reading one means the test
# depends on the stack.
SERVICE_ENV = frozenset(
    {
        "DATABASE_URL",
        "CACHE_URL",
        "CELERY_BROKER_URL",
        "CELERY_RESULT_BACKEND",
        "SEARCH_URL",
        "SEARCH_BACKEND",
    }
)


def is_stack_independent(item):
    if item.get_closest_marker(OPT_OUT) or item.get_closest_marker("django_db"):
        return False
    if SERVICE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        return False
    cls = getattr(item, "cls", None)
    if cls is not None and any(base.__module__.startswith("django.test") for base in cls.__mro__):
        return False
    return True


# --- the tripwire ------------------------------------------------------------


class _Tripwire:
    """Armed around the setup and call of a stack-independent test;
    records the first service it touches (never raises inside the code under
    test, whose ``except`` could swallow it)."""

    def __init__(self):
        self.armed = False
        self.touched = None
        self._paused = threading.local()

    def trip(self, what):
        if self.armed and not getattr(self._paused, "on", False) and self.touched is None:
            stack = "".join(traceback.format_stack(limit=12)[:-2])
            self.touched = f"{what}\n{stack}"

    def pause(self):
        wire = self

        class _Paused:
            def __enter__(self):
                wire._paused.on = True

            def __exit__(self, *exc):
                wire._paused.on = False

        return _Paused()


TRIPWIRE = _Tripwire()


def _wrap(owner, name, what):
    original = getattr(owner, name)

    def wrapper(self, *args, **kwargs):
        label = what(args) if callable(what) else what
        if label:
            TRIPWIRE.trip(label)
        return original(self, *args, **kwargs)

    wrapper.__wrapped__ = original
    wrapper.__name__ = getattr(original, "__name__", name)
    setattr(owner, name, wrapper)


def install_tripwire():
    from celery import Celery
    from django.core.cache.backends.filebased import FileBasedCache
    from django.core.cache.backends.locmem import LocMemCache
    from django.core.cache.backends.redis import RedisCache
    from django.db.utils import ConnectionHandler

    _wrap(ConnectionHandler, "__getitem__", lambda args: f"the database (connections[{args[0]!r}])")
    # Every read or write of a cache ends in its backend's methods (a clear()
    # alone, as the autouse fixtures do before each test, reads nothing).
    for backend in (LocMemCache, FileBasedCache, RedisCache):
        for name in ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many"):
            if hasattr(backend, name):
                _wrap(backend, name, f"a cache ({backend.__name__}.{name})")
    _wrap(Celery, "_connection", "the Celery broker (a connection of the portal's Celery app)")
    _wrap(subprocess.Popen, "__init__", "a subprocess (it inherits DATABASE_URL, CACHE_URL, CELERY_BROKER_URL)")
    _wrap(
        type(os.environ),
        "__getitem__",
        lambda args: f"the environment variable {args[0]}" if args and args[0] in SERVICE_ENV else None,
    )


# --- pytest hooks ----------------------------------------------------------------


def _engine_configured():
    from django.conf import settings

    return settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] != "search.backends.database"


def pytest_sessionstart(session):
    # With a search engine (CI's third run, which deselects nothing) the
    # tests/search fixtures bring the engine's index in step with the
    # database before each module, on behalf of every test: no check there.
    session.config.stash[_CHECK] = not _engine_configured()
    if session.config.stash[_CHECK]:
        install_tripwire()


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        f"{MARK}: set automatically on tests with no database, cache, broker or worker fixture; "
        "checked at run time (tests/stacks.py); CI runs them on the embedded stack only",
    )
    config.addinivalue_line(
        "markers",
        f"{OPT_OUT}: depends on the stack without a service fixture (environment, subprocess, cache): "
        "runs on every stack",
    )


def pytest_collection_modifyitems(config, items):
    count = 0
    for item in items:
        if is_stack_independent(item):
            item.add_marker(MARK)
            count += 1
    config.stash[_COUNT] = (count, len(items))


def pytest_report_collectionfinish(config, start_path, items):
    count, total = config.stash.get(_COUNT, (0, 0))
    selected = sum(1 for item in items if item.get_closest_marker(MARK))
    line = f"stack-independent tests (no database, cache, broker or worker; tests/stacks.py): {count} of {total}"
    if selected < count:
        line += f", {count - selected} of them deselected"
    return line


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    TRIPWIRE.touched = None
    TRIPWIRE.armed = item.config.stash.get(_CHECK, False) and item.get_closest_marker(MARK) is not None
    result = yield
    _check(item, "setup")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    _check(item, "call")
    return result


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    # Not checked: a test's teardown also finalizes the module- and
    # session-scoped fixtures the tests before it used (the catalogue a
    # module built in its database, say) when it is the last of them.
    TRIPWIRE.armed = False
    TRIPWIRE.touched = None


def _check(item, phase):
    touched, TRIPWIRE.touched = TRIPWIRE.touched, None
    if touched:
        TRIPWIRE.armed = False
        pytest.fail(
            f"{item.nodeid} is marked {MARK} (it requests no database, cache, broker or worker fixture), "
            f"so CI runs it on the embedded stack only, but in its {phase} it touched {touched}\n"
            f"Request the fixture it needs (db, client, broker …) or mark it @pytest.mark.{OPT_OUT}.",
            pytrace=False,
        )
