"""Direct queries on the database backend's index table.

Wagtail's database backends annotate every matching row with its score
through a correlated subquery (SQLite) or rank the whole model queryset
(PostgreSQL); with tens of thousands of procedures and common words ("đăng
ký" matches most of them) that takes seconds. Search only needs the ids of
the matching procedures in relevance order (facets and re-ranking happen in
Python, see services.py), so these functions ask the index table for exactly
that, in one statement that uses its full-text index:

- SQLite: the FTS5 table ``<indexentry>_fts`` with ``MATCH`` and ``bm25()``
  (folded name and keywords live in the ``autocomplete`` column, weighted 4,
  everything folded in ``body``);
- PostgreSQL: ``body @@ tsquery`` on the GIN-indexed ``body`` vector, ranked
  with ``ts_rank`` on the small ``autocomplete`` vector (folded name and
  keywords), and ``autocomplete @@ 'word & prefix:*'`` for autocomplete.

On PostgreSQL a query with common words ("đăng ký" is in half the names)
must be answered from the GIN index: the planner, which prices ``@@`` as
one cheap operator, otherwise reads the rows through the content-type
index or a sequential scan and de-TOASTs every procedure's body vector to
test it (210 ms for "đăng ký" at 20,000 procedures, 60 ms through the GIN
bitmap). The statement therefore runs with ``enable_seqscan`` off for its
own transaction and compares the content type as ``content_type_id + 0``
(no index on that expression): the bitmap scan of the GIN index is the
plan left. The GIN index answers ``@@`` without a recheck, so no body
vector is read.

Keys are search keys (``search.folding.tokens``): letters, digits and inner
dots, never quotes; they are still quoted for the engine's syntax. Returns
On OpenSearch the backend answers the same question itself
(``opensearch2.VietnameseOpenSearch2SearchBackend.matching_pks``: primary
keys from the hits' stored ``pk``, no model instance loaded). ``None`` where
the configured backend is none of these: callers then use Wagtail's
``.search()``.
"""

import sqlite3

from django.db import connection, transaction
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks

# SQLite 3.35+ keeps a CTE apart from the query using it when asked.
SQLITE_MATERIALIZED = "MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35) else ""


NAMES_FTS = "catalogue_search_autocomplete_fts"  # SQLite, migration 0005
_NAMES_INDEX = {}  # database name -> whether it has NAMES_FTS


def _has_names_index():
    name = str(connection.settings_dict.get("NAME"))
    if name not in _NAMES_INDEX:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [NAMES_FTS])
            _NAMES_INDEX[name] = cursor.fetchone() is not None
    return _NAMES_INDEX[name]


def _backend_kind():
    backend = get_search_backend()
    name = type(backend).__name__
    if name == "SQLiteSearchBackend":
        return "sqlite"
    if name == "PostgresSearchBackend":
        return "postgresql", backend.config or "simple"
    return None


def _fts5_phrase(key):
    return '"' + key.replace('"', '""') + '"'


def _tsquery_lexeme(key, prefix=False):
    return "'" + key.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


def matching_ids(model, keys, operator="and", prefix=False, limit=None, names_only=False):
    """Primary keys of ``model`` objects whose index entry matches ``keys``
    (the last one as a prefix when ``prefix``), best first; ``None`` when
    the backend is not a database backend this module knows. With
    ``names_only`` only the small name-and-keywords column is searched."""
    kind = _backend_kind()
    if kind is None:
        engine_pks = getattr(get_search_backend(), "matching_pks", None)
        if engine_pks is None:
            return None
        return engine_pks(model, keys, operator=operator, prefix=prefix, limit=limit, names_only=names_only)
    if not keys:
        return []
    index_entry = get_app_config().get_model("IndexEntry")
    table = index_entry._meta.db_table
    content_types = list(get_descendants_content_types_pks(model))
    joiner = " AND " if operator == "and" else " OR "
    type_marks = ", ".join(["%s"] * len(content_types))
    limit_sql = f" LIMIT {int(limit)}" if limit else ""

    if kind == "sqlite":
        terms = [_fts5_phrase(k) for k in keys]
        if prefix:
            terms[-1] += "*"
        if (prefix or names_only) and _has_names_index():
            # Names alone, with prefix doclists ready (migration 0005): 1.5–6×
            # faster than the name column of modelsearch's three-column table.
            fts, rank, match = NAMES_FTS, f"bm25({NAMES_FTS})", joiner.join(terms)
        else:
            column = "{autocomplete}" if (prefix or names_only) else "{autocomplete body}"
            fts, rank, match = f"{table}_fts", f"bm25({table}_fts, 4.0, 1.0, 1.0)", f"{column} : ({joiner.join(terms)})"
        # The matches and their bm25 first, then their entries by primary
        # key: joined in one step, SQLite reads the entry of every match
        # through the FTS cursor (162 ms for "đăng ký" at 20,000
        # procedures, 75 ms this way; "khai sinh" 8 ms, 0.6 ms).
        sql = (
            f"WITH f AS {SQLITE_MATERIALIZED}(SELECT rowid AS r, {rank} AS s "
            f"FROM {fts} WHERE {fts} MATCH %s) "
            f"SELECT CAST(e.object_id AS INTEGER) FROM f JOIN {table} e ON e.id = f.r "
            f"WHERE e.content_type_id IN ({type_marks}) ORDER BY f.s{limit_sql}"
        )
        params = [match, *content_types]
    else:
        _kind, config = kind
        connector = " & " if operator == "and" else " | "
        lexemes = [_tsquery_lexeme(k) for k in keys[:-1]] + [_tsquery_lexeme(keys[-1], prefix)]
        query = connector.join(lexemes)
        if prefix or names_only:
            sql = (
                f"SELECT CAST(e.object_id AS INTEGER) FROM {table} e, to_tsquery('simple', %s) q "
                f"WHERE e.autocomplete @@ q AND e.content_type_id IN ({type_marks}) "
                f"ORDER BY ts_rank(e.autocomplete, q) DESC{limit_sql}"
            )
            params = [query, *content_types]
        else:
            # Ranked on the small autocomplete vector (name, keywords, code):
            # ts_rank over the large body vectors of thousands of matches
            # ("đăng ký") costs several times more, and the final order is
            # decided in Python anyway.
            sql = (
                f"SELECT CAST(e.object_id AS INTEGER) FROM {table} e, to_tsquery(%s::regconfig, %s) q "
                f"WHERE e.body @@ q AND e.content_type_id + 0 IN ({type_marks}) "
                f"ORDER BY ts_rank(e.autocomplete, q) DESC, e.id{limit_sql}"
            )
            params = [config, query, *content_types]
            return _through_gin_index(sql, params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _through_gin_index(sql, params):
    """Run ``sql`` with sequential scans off for this statement only, in
    one round trip: ``SET LOCAL`` and the query in one simple-query
    message (one implicit transaction), then ``RESET`` for a caller's
    surrounding transaction. With server-side binding (one statement per
    message) it takes a transaction of its own."""
    if connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            cursor.execute("RESET enable_seqscan")
        return [row[0] for row in rows]
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL enable_seqscan = off; {sql}; RESET enable_seqscan", params)
        while cursor.description is None or len(cursor.description) != 1:
            if not cursor.nextset():
                return []
        return [row[0] for row in cursor.fetchall()]
