"""SQLite: a full-text index of the index table's ``autocomplete`` column
alone (folded names, keywords and codes), with prefix indexes.

modelsearch keeps one FTS5 table for all three columns; a name-only or
prefix query ("dang ki kh…", the autocomplete box, the partial-name pass
of a search) then reads, for each word, a doclist holding every body that
uses it (nearly every procedure has "đăng ký" somewhere) and a range of
terms per prefix. This table indexes only the short name column, stores no
copy of the text (``content=`` the index table itself) and keeps ready
doclists for prefixes of 2, 3 and 4 letters; triggers on the index table
keep it current whoever writes there (indexing, bulk loads, deletions).
Nothing to do on other databases.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
FTS = "catalogue_search_autocomplete_fts"

CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
    f"autocomplete, content='{TABLE}', content_rowid='id', prefix='2 3 4')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}(rowid, autocomplete) VALUES (new.id, new.autocomplete); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, autocomplete) VALUES ('delete', old.id, old.autocomplete); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, autocomplete) VALUES ('delete', old.id, old.autocomplete); "
    f"INSERT INTO {FTS}(rowid, autocomplete) VALUES (new.id, new.autocomplete); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
DROP = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]


def _run(statements):
    def apply(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
            if not cursor.fetchone()[0]:
                return
            for statement in statements:
                cursor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue_search", "0004_query_log_watermark"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
