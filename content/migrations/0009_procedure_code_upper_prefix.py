"""PostgreSQL: an index for the code lookups search and autocomplete make.

A query that looks like a code ("2.9039", "1.000948.h38") asks for the
procedures whose code equals it or starts with it, case-insensitively:
``UPPER(code::text) = UPPER(…) OR UPPER(code::text) LIKE UPPER(…%)``. The
unique index on ``code`` does not answer that expression, so PostgreSQL
filtered all 20,154 rows (17–21 ms a query); with this expression index in
``text_pattern_ops`` both halves are index ranges (0.1 ms). SQLite's LIKE
needs no such index here (the code lookup is a small part of its search).
"""

from django.db import migrations

INDEX = "procedure_code_upper_prefix"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON content_procedurepage (UPPER(code::text) text_pattern_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("content", "0008_refresh_folded_names")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
