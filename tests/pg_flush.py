"""Transactional tests (browser, workers, migrations) empty every table after
each test. On PostgreSQL Django does it with one ``TRUNCATE`` of all ~250
tables, which gives each table, index and TOAST table a new file: seconds per
test. The tables hold a few rows by then, so ``DELETE FROM`` each of them,
in one transaction with the foreign keys checked at its end (Django makes them
``DEFERRABLE INITIALLY DEFERRED``), empties them in a fraction of that. The
result is the same: every table empty, sequences reset only when asked."""

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
