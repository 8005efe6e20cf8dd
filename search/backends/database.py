"""Wagtail's database search backend, with our PostgreSQL configuration."""

from django.db import connection
from modelsearch.backends.database import SearchBackend as _database_backend

# Created by migration catalogue_search 0001 (simple + unaccent).
POSTGRES_SEARCH_CONFIG = "portal_vietnamese"


def SearchBackend(params):
    params = dict(params)
    if connection.vendor == "postgresql":
        params.setdefault("SEARCH_CONFIG", POSTGRES_SEARCH_CONFIG)
    return _database_backend(params)
