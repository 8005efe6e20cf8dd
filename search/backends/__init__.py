"""Search backends with Vietnamese-aware index settings.

``portal/settings/base.py`` points ``WAGTAILSEARCH_BACKENDS`` at one of these
modules according to ``SEARCH_BACKEND`` / ``SEARCH_URL``:

- ``database``: Wagtail's database backend (SQLite FTS5 or PostgreSQL full
  text); on PostgreSQL it uses our ``portal_vietnamese`` text search
  configuration (``simple`` + ``unaccent``, created by this app's migration).
- ``elasticsearch9``, ``opensearch2``, ``opensearch3``: Wagtail's backends
  with analyzers that fold Vietnamese (asciifolding keeping the original
  token, lowercase) and edge n-grams for autocomplete. Each has its matching
  client pinned in requirements.txt (``elasticsearch`` 9.x, ``opensearch-py``).
  There is no ``elasticsearch8``: pip holds one ``elasticsearch`` client, and
  the 9.x client's compatibility headers are refused by an Elasticsearch 8
  server; a province on Elasticsearch 8 upgrades the server or uses OpenSearch.

Every backend also receives the folded copies of the searchable text
(``ProcedurePage.search_*_folded``) and the query is folded the same way, so
folding never depends on the engine alone.
"""
