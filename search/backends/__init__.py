"""Search backends with Vietnamese-aware index settings.

``portal/settings/base.py`` points ``WAGTAILSEARCH_BACKENDS`` at one of these
modules according to ``SEARCH_BACKEND`` / ``SEARCH_URL``:

- ``database``: Wagtail's database backend (SQLite FTS5 or PostgreSQL full
  text); on PostgreSQL it uses our ``portal_vietnamese`` text search
  configuration (``simple`` + ``unaccent``, created by this app's migration).
- ``opensearch2``: Wagtail's OpenSearch 2 backend (client ``opensearch-py``
  2.x) with analyzers that fold Vietnamese (asciifolding keeping the original
  token, lowercase), edge n-grams for autocomplete and the editors' synonym
  dictionary as a search-time ``synonym_graph`` filter; it creates its index
  before the first write and refreshes it on every write. CI runs it against
  a real OpenSearch 2.19 node (opensearch/). Elasticsearch and OpenSearch 3
  backends were dropped: no node of theirs runs in CI.

Every backend also receives the folded copies of the searchable text
(``ProcedurePage.search_*_folded``) and the query is folded the same way, so
folding never depends on the engine alone.
"""
