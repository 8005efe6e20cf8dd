"""Vietnamese alphabetical order in the database and in Python.

The catalogue stores each procedure name's collation key
(``content.text.collation_key``) at the start of ``folded_name``; keys
compare right byte by byte, so the database must not apply a linguistic
collation to them: :class:`CodePointOrder` orders by code point on every
vendor (SQLite's default ``BINARY``; ``COLLATE "C"`` on PostgreSQL, whatever
the database's own collation). Small lists (directories, facets) are sorted
in Python with :func:`by_name`.
"""

from django.db.models import CharField, Func

from .text import collation_key


class CodePointOrder(Func):
    """A text column compared by code point (for ``order_by``)."""

    template = "%(expressions)s"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template='%(expressions)s COLLATE "C"', **extra_context)


def by_name(items, name=lambda item: item.title):
    """``items`` sorted in Vietnamese alphabetical order of ``name(item)``."""
    return sorted(items, key=lambda item: collation_key(name(item)))
