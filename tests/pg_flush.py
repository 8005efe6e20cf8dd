"""Transactional tests (browser, workers, migrations) empty every table after
each test. On PostgreSQL Django does it with one ``TRUNCATE`` of all ~250
tables, which gives each table, index and TOAST table a new file: seconds per
test. The tables hold a few rows by then, so ``DELETE FROM`` each of them,
in one transaction with the foreign keys checked at its end (Django makes them
``DEFERRABLE INITIALLY DEFERRED``), empties them in a fraction of that. The
result is the same: every table empty, sequences reset only when asked."""

import sys

import pytest
from django.db.backends.postgresql.operations import DatabaseOperations

_truncate = DatabaseOperations.sql_flush


def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    if not tables or reset_sequences or allow_cascade:
        return _truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
    return ["SET CONSTRAINTS ALL DEFERRED;"] + [
        f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables
    ]


def pytest_configure(config):
    DatabaseOperations.sql_flush = sql_flush


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, and on PostgreSQL, before they are
    dropped, every other session still connected to them closed (a live
    server's or a finished worker's thread may still hold one; the drop
    would then fail with "is being accessed by other users" and leave the
    test database behind)."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor != "postgresql":
                continue
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid), application_name, left(query, 120) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                for _ok, application, query in cursor.fetchall():
                    note = f"pg_flush: closed a leftover test database session ({application!r}: {query!r})"
                    sys.stderr.write(f"\n{note}\n")
