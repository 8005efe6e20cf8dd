"""PostgreSQL: the ``portal_vietnamese`` text search configuration.

``simple`` (no stemming, no stop words: Vietnamese syllables such as "to",
"an", "do" are not English stop words) with ``unaccent`` in front when the
extension can be installed, so that the engine folds đ, ế, ự on its own as
well. Our index also stores folded copies (search/folding.py), so search
still ignores diacritics where the extension is not available. Nothing to do
on other databases.
"""
import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)

CONFIG = "portal_vietnamese"


def create_config(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
        if cursor.fetchone():
            return
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)")
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
                cursor.execute(
                    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
                    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
                )
        except Exception as exc:  # no privilege to install the extension
            logger.warning(
                "search.postgres_unaccent_unavailable config=%s error=%s", CONFIG, exc
            )


def drop_config(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_config, drop_config)]
