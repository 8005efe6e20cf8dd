"""A kept database connection that the server dropped (a restart, a
failover, an idle timeout) is replaced before a request or task uses it:
CONN_HEALTH_CHECKS with CONN_MAX_AGE (portal/settings/base.py). Without the
check the first request on each kept connection would answer 500."""

import psycopg
import pytest
from django.conf import settings
from django.db import close_old_connections, connection

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="PostgreSQL keeps connections (SQLite opens one per request)",
)


def _drop_from_the_server(pid):
    params = connection.get_connection_params()
    dsn = {key: params[key] for key in ("dbname", "user", "host", "port", "password") if params.get(key)}
    with psycopg.connect(**dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_page_after_the_server_dropped_the_kept_connection(client, transactional_db, home_page):
    assert client.get("/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    _drop_from_the_server(pid)
    # What request_started (gunicorn) and task_prerun (the Celery worker, see
    # portal/celery.py) run first; Django's test client leaves it out.
    close_old_connections()
    response = client.get("/")
    assert response.status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
