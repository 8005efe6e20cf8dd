"""Wagtail's OpenSearch 2 backend, made to follow the catalogue live.

On top of modelsearch's backend (``opensearch-py`` 2.x client, OpenSearch
2.x server; CI runs it against a real 2.19 node, see opensearch/):

- Vietnamese analysis and the synonym dictionary (analysis.py);
- the index is created with its settings and every model's mapping before
  the first document is written, so publishing on an empty cluster never
  lets OpenSearch guess a mapping (a guessed one stores no ``pk``);
- each write (publish, unpublish, delete, import batch) refreshes the index
  (``REFRESH_ON_WRITE``, on by default), so what an editor did is what the
  next search sees;
- results are read in one request of up to ``MAX_WINDOW`` hits instead of
  scroll pages of 100, and search/services.py gets bare primary keys
  (``matching_pks``, through ``index_queries.matching_ids``) as on the
  database backends, without loading thousands of pages from the database;
- the editors' synonym dictionary (``search.synonyms.synonym_rules``) is
  compared with the index's ``synonym_graph`` filter before a search (at
  most every ``SYNONYM_CHECK_SECONDS`` and on every dictionary change) and,
  when it differs, the index is closed, its analysis updated and reopened;
  a search arriving meanwhile waits for the index to open.
"""

import json
import logging
import threading
import time

from modelsearch.backends.opensearch2 import (
    OpenSearch2AutocompleteQueryCompiler,
    OpenSearch2Index,
    OpenSearch2Mapping,
    OpenSearch2SearchBackend,
    OpenSearch2SearchQueryCompiler,
    OpenSearch2SearchResults,
)
from modelsearch.index import class_is_indexed, get_indexed_models
from opensearchpy import OpenSearch
from opensearchpy.exceptions import RequestError, TransportError

from ..synonyms import synonym_rules
from .analysis import EDGENGRAM_CONFIG, SYNONYM_FILTER, fold_rules, synonym_analysis, vietnamese_settings
from .raw_hits import MATCH_SET_AGGREGATION, HitsSerializer, match_set_in, pk_parser, pks_in, raw_bodies

logger = logging.getLogger("search")

MAX_WINDOW = 10000  # hits read in one request (the index's max_result_window)
SYNONYM_CHECK_SECONDS = 5.0  # how stale the synonym filter may be without a dictionary change
CLOSED_WAIT_SECONDS = 5.0  # a search waits this long for an index being reopened
BEST_HITS = 1000  # matches read in relevance order; any others follow in the index's order (raw_hits.py)
MATCH_SET = "match_pks"  # the aggregation's name
NAME_FIELDS = ["search_name_folded", "search_keywords_folded"]  # "names only": the database's autocomplete column


class VietnameseOpenSearch2Mapping(OpenSearch2Mapping):
    edgengram_analyzer_config = EDGENGRAM_CONFIG


class VietnameseOpenSearch2SearchQueryCompiler(OpenSearch2SearchQueryCompiler):
    mapping_class = VietnameseOpenSearch2Mapping


class VietnameseOpenSearch2AutocompleteQueryCompiler(OpenSearch2AutocompleteQueryCompiler):
    mapping_class = VietnameseOpenSearch2Mapping


def _is_error(error, kind):
    return kind in str(getattr(error, "error", "")) or kind in str(error)


EMPTY_RESPONSE = {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}, "aggregations": {}}


class VietnameseOpenSearch2SearchResults(OpenSearch2SearchResults):
    def _backend_do_search(self, body, **kwargs):
        deadline = time.monotonic() + CLOSED_WAIT_SECONDS
        while True:
            try:
                return super()._backend_do_search(body, **kwargs)
            except TransportError as error:
                # Nothing indexed yet (a new cluster before update_index): no results.
                if _is_error(error, "index_not_found_exception"):
                    logger.warning("search.index_missing", extra={"index": kwargs.get("index")})
                    return EMPTY_RESPONSE
                # The synonym filter is being replaced (close, update, open).
                if not _is_error(error, "index_closed_exception") or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def _do_count(self):
        try:
            return super()._do_count()
        except TransportError as error:
            if _is_error(error, "index_not_found_exception"):
                return 0
            raise

    def _do_search(self):
        if self.stop is None or self.stop > MAX_WINDOW:
            yield from super()._do_search()
            return
        size = self.stop - self.start
        if size <= 0:
            return
        params = {
            "index": self.backend.get_index_for_model(self.query_compiler.queryset.model).name,
            "_source": False,
            self.fields_param_name: "pk",
            "from_": self.start,
            "size": size,
        }
        hits = self._backend_do_search(self._get_es_body(), **params)["hits"]["hits"]
        yield from self._get_results_from_hits(hits)

    def pks(self, size):
        """Primary keys of up to ``size`` matches: the best ``BEST_HITS`` in
        relevance order (search re-ranks the best 200), then the other
        matches in the index's order, from one aggregation in the same
        request (facets and the total only need to know them; raw_hits.py).
        Keys are read from the ``pk`` doc values (no model instance is
        loaded)."""
        if size <= 0:
            return []
        model = self.query_compiler.queryset.model
        if size <= BEST_HITS or not self.backend.match_set_aggregation:
            return self._top_pks(model, size)
        found = self._best_and_match_set(model)
        if found is None:
            return self._top_pks(model, size)
        best, matches = found
        if len(best) < BEST_HITS:  # every match already
            return best
        seen = set(best)
        return (best + [pk for pk in matches if pk not in seen])[:size]

    def _top_pks(self, model, size):
        """The best ``size`` hits' keys, taken out of the response's text
        (raw_hits.py: no JSON object per hit)."""
        params = {
            "index": self.backend.get_index_for_model(model).name,
            "_source": False,
            "stored_fields": "_none_",
            "docvalue_fields": "pk",
            "track_total_hits": False,
            "filter_path": "hits.hits.fields.pk",
            "size": size,
        }
        with raw_bodies():
            response = self._backend_do_search(self._get_es_body(), **params)
        return pks_in(response, pk_parser(model))

    def _best_and_match_set(self, model):
        """``(best keys, every match's key)`` from one request: the best
        ``BEST_HITS`` hits and the match-set aggregation beside them (the
        query is parsed, rewritten and run once, one round trip instead of
        two). None when the cluster refuses scripts."""
        body = dict(self._get_es_body(), aggs={MATCH_SET: MATCH_SET_AGGREGATION})
        params = {
            "index": self.backend.get_index_for_model(model).name,
            "_source": False,
            "stored_fields": "_none_",
            "docvalue_fields": "pk",
            "track_total_hits": False,
            "size": BEST_HITS,
            # Not the shard request cache: a repeated query is answered from
            # the per-process outcomes (services.py), and a benchmark's second
            # run measures the work again instead of the first run's answers.
            "request_cache": False,
            "filter_path": f"hits.hits.fields.pk,aggregations.{MATCH_SET}.value",
        }
        try:
            with raw_bodies():
                response = self._backend_do_search(body, **params)
        except RequestError as error:  # scripts disabled, painless missing, or refused
            if "script" not in json.dumps(getattr(error, "info", None), default=str) + str(error):
                raise
            logger.warning("search.match_set_refused", extra={"error": str(error)[:300]})
            self.backend.match_set_aggregation = False
            return None
        to_python = pk_parser(model)
        return pks_in(response, to_python), match_set_in(response, MATCH_SET, to_python)


class VietnameseOpenSearch2Index(OpenSearch2Index):
    def _write_options(self):
        return {"refresh": "true"} if self.backend.refresh_on_write else {}

    def put(self):
        self.es.indices.create(index=self.name, body=self.backend.index_settings())

    def ensure(self):
        """Create the index with its settings and mappings when missing."""
        if self.name in self.backend.ensured_indices:
            return
        if not self.exists():
            try:
                self.put()
            except RequestError as error:  # another worker created it first
                if "resource_already_exists_exception" not in str(error):
                    raise
            for model in get_indexed_models():
                if self.backend.get_index_for_model(model).name == self.name:
                    self.add_model(model)
        self.backend.ensured_indices.add(self.name)

    def add_item(self, item):
        if not class_is_indexed(item.__class__):
            return
        self.ensure()
        mapping = self.mapping_class(item.__class__)
        self.es.index(
            index=self.name, body=mapping.get_document(item), id=mapping.get_document_id(item), **self._write_options()
        )

    def add_items(self, model, items):
        if not class_is_indexed(model):
            return
        self.ensure()
        mapping = self.mapping_class(model)
        actions = [{"_id": mapping.get_document_id(item), **mapping.get_document(item)} for item in items]
        if actions:
            self.backend.bulk(self.es, actions, index=self.name, **self._write_options())

    def delete_item(self, item):
        if not class_is_indexed(item.__class__):
            return
        mapping = self.mapping_class(item.__class__)
        try:
            self.es.delete(index=self.name, id=mapping.get_document_id(item), **self._write_options())
        except self.backend.NotFoundError:
            pass


# modelsearch builds a new backend object for every search and every write;
# what must outlive one (the HTTP client and its connection pool, which
# indices exist, which synonyms each index holds) is kept per process here.
_CLIENTS = {}
_ENSURED = set()  # index names known to exist with their mappings
_APPLIED = {}  # index name -> (folded rules, monotonic time checked)
_FOLDED = {"raw": None, "folded": []}  # the dictionary's rules, folded once per change
_MATCH_SET = {"on": True}  # the match-set aggregation, until a cluster refuses it
_CLIENT_LOCK = threading.Lock()
_SYNONYM_LOCK = threading.Lock()


def shared_client(hosts, **options):
    """One ``OpenSearch`` client per process and configuration (thread-safe,
    keeps its connections open), with the serializer that can leave a
    response as text (raw_hits.py)."""
    key = repr((hosts, sorted(options.items())))
    client = _CLIENTS.get(key)
    if client is None:
        with _CLIENT_LOCK:
            client = _CLIENTS.get(key)
            if client is None:
                options.setdefault("serializer", HitsSerializer())
                client = _CLIENTS[key] = OpenSearch(hosts=hosts, **options)
    return client


class VietnameseOpenSearch2SearchBackend(OpenSearch2SearchBackend):
    mapping_class = VietnameseOpenSearch2Mapping
    index_class = VietnameseOpenSearch2Index
    query_compiler_class = VietnameseOpenSearch2SearchQueryCompiler
    autocomplete_query_compiler_class = VietnameseOpenSearch2AutocompleteQueryCompiler
    results_class = VietnameseOpenSearch2SearchResults
    settings = vietnamese_settings(OpenSearch2SearchBackend.settings)
    client_class = staticmethod(shared_client)

    def __init__(self, params):
        params = dict(params)
        self.refresh_on_write = bool(params.pop("REFRESH_ON_WRITE", True))
        super().__init__(params)
        self.ensured_indices = _ENSURED

    @property
    def match_set_aggregation(self):
        """Whether the cluster runs the match-set script (per process: off
        after the first refusal)."""
        return _MATCH_SET["on"]

    @match_set_aggregation.setter
    def match_set_aggregation(self, value):
        _MATCH_SET["on"] = bool(value)

    # --- retrieval for search/services.py ---------------------------------

    def matching_pks(self, model, keys, operator="and", prefix=False, limit=None, names_only=False):
        """Primary keys of ``model`` objects matching the folded ``keys``,
        best first, as ``search.backends.index_queries.matching_ids`` gives
        them on the database backends: every object (callers keep the live
        ones), the last key as a prefix when ``prefix`` (autocomplete
        fields), only the name and keywords when ``names_only``."""
        if not keys:
            return []
        query = " ".join(keys)
        queryset = model.objects.all()
        if prefix:
            results = self.autocomplete(query, queryset, operator=operator)
        elif names_only:
            results = self.search(query, queryset, fields=NAME_FIELDS, operator=operator)
        else:
            results = self.search(query, queryset, operator=operator)
        return results.pks(min(limit or MAX_WINDOW, MAX_WINDOW))

    # --- synonyms ---------------------------------------------------------

    def current_rules(self):
        """The dictionary's rules, folded (memoised while the dictionary
        gives the same rules)."""
        raw = synonym_rules()
        if raw != _FOLDED["raw"]:
            _FOLDED["folded"], _FOLDED["raw"] = fold_rules(raw), raw
        return _FOLDED["folded"]

    def index_settings(self):
        return vietnamese_settings(self.settings, self.current_rules())

    def _index_rules(self, index):
        response = self.es.indices.get_settings(index=index.name, name=f"index.analysis.filter.{SYNONYM_FILTER}.*")
        for body in response.values():
            found = body.get("settings", {}).get("index", {}).get("analysis", {}).get("filter", {})
            return list(found.get(SYNONYM_FILTER, {}).get("synonyms", []))
        return []

    def sync_synonyms(self, index, force=False):
        """Bring the index's synonym filter in line with the dictionary.
        Returns True when the index was updated."""
        rules = self.current_rules()
        applied = _APPLIED.get(index.name)
        now = time.monotonic()
        if not force and applied and applied[0] == rules and now - applied[1] < SYNONYM_CHECK_SECONDS:
            return False
        with _SYNONYM_LOCK:
            if not index.exists():
                return False
            if self._index_rules(index) == rules:
                _APPLIED[index.name] = (rules, now)
                return False
            self.es.indices.close(index=index.name, wait_for_active_shards="0")
            try:
                self.es.indices.put_settings(index=index.name, body={"analysis": synonym_analysis(rules)})
            finally:
                self.es.indices.open(index=index.name, wait_for_active_shards="1")
            _APPLIED[index.name] = (rules, time.monotonic())
            logger.info("search.synonyms_applied", extra={"index": index.name, "rules": len(rules)})
            return True

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        model = getattr(model_or_queryset, "model", model_or_queryset)
        try:
            self.sync_synonyms(self.get_index_for_model(model))
        except TransportError:  # a search never fails because the dictionary could not be applied
            logger.exception("search.synonyms_apply_failed")
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


SearchBackend = VietnameseOpenSearch2SearchBackend
