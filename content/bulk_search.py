"""The search index pass of a bulk load, written set-based on PostgreSQL.

Wagtail's PostgreSQL search backend (``modelsearch``) builds every index row
as a tree of Django expressions (one ``SearchVector`` per indexed text, about
twenty a procedure), resolves and compiles each of them, and after every
batch recomputes the average title length over the whole index table and
rewrites the new rows' ``title_norm`` (a second copy of each row, all its GIN
entries again). On a bulk load most of the time went there.

This writer produces the same rows: the texts are read with the backend's own
``ObjectIndexer.prepare_field`` in one pass over the search fields (instead
of five), each vector is the same ``setweight(to_tsvector(config, text),
weight)`` pieces joined by ``||`` in the same order and grouping
(``balanced_reduce``), written with one ``INSERT … ON CONFLICT`` per batch
built as plain SQL text; ``title_norm`` is refreshed once at the end of the
pass. For a large pass the GIN indexes of the index table are dropped first
and rebuilt after the rows are in (one sorted build instead of a pending-list
merge per batch), all inside the pass's transaction: a failure leaves the
table and its indexes as they were. ``tests/content/test_bulk_search.py``
proves the rows and the search results equal those of normal indexing.
"""

import re
import time

from django.db import connections, router, transaction
from modelsearch.backends.database.postgres.postgres import ObjectIndexer, PostgresSearchBackend
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import balanced_reduce, get_content_type_pk

from portal.logging import get_logger

logger = get_logger(__name__)

# From this many rows on, the GIN indexes are dropped and rebuilt around the
# pass (and only when the pass writes at least as many rows as the table
# held before: a small import into a large catalogue keeps its indexes).
REBUILD_INDEXES_FROM = 2000
_CONFIG_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
EMPTY_VECTOR_SQL = "''::tsvector"


def supports(backend):
    """Whether ``backend`` is modelsearch's PostgreSQL backend on a
    PostgreSQL database (the only one this writer knows)."""
    if not isinstance(backend, PostgresSearchBackend):
        return False
    entry = _index_entry_model(backend)
    return connections[router.db_for_write(entry)].vendor == "postgresql"


def _index_entry_model(backend):
    index = backend.index_class(backend)
    return index.entries.model


class BulkIndexPass:
    """``with BulkIndexPass(backend, expected_rows) as bulk: bulk.add(model,
    objects)`` for each batch; the title norms are refreshed (and the GIN
    indexes rebuilt) when the block ends without an error."""

    def __init__(self, backend, expected_rows):
        self.backend = backend
        self.index = backend.index_class(backend)
        self.entry = self.index.entries.model
        self.connection = connections[router.db_for_write(self.entry)]
        self.table = self.entry._meta.db_table
        self.expected_rows = expected_rows
        self.dropped = []
        self.figures = {"rows": 0, "rows_seconds": 0.0, "sql_seconds": 0.0, "finish_seconds": 0.0}
        self._atomic = transaction.atomic(using=self.connection.alias)
        for config in (backend.config or "", backend.autocomplete_config or ""):
            if config and not _CONFIG_NAME.match(config):
                raise ValueError(f"unexpected text search configuration name {config!r}")

    def __enter__(self):
        self._atomic.__enter__()
        with self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            if self.expected_rows >= REBUILD_INDEXES_FROM:
                cursor.execute(f"SELECT count(*) FROM {self.table}")
                existing = cursor.fetchone()[0]
                if self.expected_rows >= existing:
                    self._drop_gin_indexes(cursor)
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is None:
            try:
                self._finish()
            except BaseException as error:  # rolled back, then raised
                self._atomic.__exit__(type(error), error, error.__traceback__)
                raise
        return self._atomic.__exit__(exc_type, exc, traceback)

    def _finish(self):
        started = time.monotonic()
        self.index._refresh_title_norms()
        with self.connection.cursor() as cursor:
            if self.dropped:
                # CREATE INDEX refuses a table with queued deferred checks (the
                # content type's foreign key): run them now, defer again after.
                deferred = self._deferred_constraints(cursor)
                for name in deferred:
                    cursor.execute(f"SET CONSTRAINTS {name} IMMEDIATE")
                for name, definition in self.dropped:
                    cursor.execute(definition)
                    logger.info("search_index_rebuilt", index=name)
                for name in deferred:
                    cursor.execute(f"SET CONSTRAINTS {name} DEFERRED")
        self.figures["finish_seconds"] = time.monotonic() - started

    def _deferred_constraints(self, cursor):
        cursor.execute(
            "SELECT quote_ident(nspname) || '.' || quote_ident(conname) FROM pg_constraint "
            "JOIN pg_namespace ON pg_namespace.oid = connamespace "
            "WHERE conrelid = %s::regclass AND condeferrable AND condeferred ORDER BY 1",
            [self.table],
        )
        return [row[0] for row in cursor.fetchall()]

    def _drop_gin_indexes(self, cursor):
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "JOIN pg_class ON pg_class.oid = indexrelid JOIN pg_am ON pg_am.oid = pg_class.relam "
            "WHERE indrelid = %s::regclass AND amname = 'gin' ORDER BY 1",
            [self.table],
        )
        self.dropped = cursor.fetchall()
        for name, _definition in self.dropped:
            cursor.execute(f"DROP INDEX {name}")

    def add(self, model, objects):
        """Write the index rows of ``objects`` (instances of ``model``)."""
        if not objects or not model.get_search_fields():
            return
        started = time.monotonic()
        content_type = get_content_type_pk(model)
        values, params = [], []
        for obj in objects:
            sql, row_params = self.row_sql(content_type, obj)
            values.append(sql)
            params.extend(row_params)
        built = time.monotonic()
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {self.table} "
                "(content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text) "
                f"VALUES {', '.join(values)} "
                "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, "
                "title_norm = 1.0, autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, "
                "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text",
                params,
            )
        self.figures["rows"] += len(objects)
        self.figures["rows_seconds"] += built - started
        self.figures["sql_seconds"] += time.monotonic() - built

    def row_sql(self, content_type, obj):
        """The ``VALUES`` tuple of one index row and its parameters."""
        title, body, autocomplete, title_text, body_text = index_texts(self.backend, obj)
        params = [content_type, str(obj.pk)]
        parts = []
        for texts, config in (
            (title, self.backend.config),
            (autocomplete, self.backend.autocomplete_config),
            (body, self.backend.config),
        ):
            sql, vector_params = _vector_sql(texts, config)
            parts.append(sql)
            params.extend(vector_params)
        params.extend([title_text, body_text])
        return f"(%s, %s, {parts[0]}, {parts[1]}, {parts[2]}, 1.0, %s, %s)", params


def index_texts(backend, obj):
    """``(title, body, autocomplete, title_text, body_text)`` of ``obj`` as
    modelsearch's ``ObjectIndexer`` computes them: the first three are lists
    of ``(text, weight)``, the last two the plain texts for fuzzy search."""
    indexer = ObjectIndexer(obj, backend)
    title, body, autocomplete = [], [], []
    for field in indexer.search_fields:
        for current, weight, value in indexer.prepare_field(obj, field):
            if isinstance(current, SearchField):
                (title if current.field_name == "title" else body).append((value, weight))
            elif isinstance(current, AutocompleteField):
                autocomplete.append((value, weight))
    title_text = " ".join(text for text in (value.strip() for value, _weight in title) if text)
    body_text = " ".join(text for text in (value.strip() for value, _weight in body) if text)
    return title, body, autocomplete, title_text, body_text


def _vector_sql(texts, config):
    """What ``ObjectIndexer.as_vector`` builds, as SQL text: the stripped,
    non-empty texts weighted and joined in the same grouping."""
    texts = [(text.strip(), weight) for text, weight in texts]
    texts = [(text, weight) for text, weight in texts if text]
    if not texts:
        return EMPTY_VECTOR_SQL, []
    pieces = [f"setweight(to_tsvector('{config}'::regconfig, %s), '{weight}')" for _text, weight in texts]
    if {weight for _text, weight in texts} - set("ABCD"):
        raise ValueError("unexpected tsvector weight")
    return balanced_reduce(lambda left, right: f"({left} || {right})", pieces), [text for text, _weight in texts]
