"""Index settings shared by the Elasticsearch and OpenSearch backends.

Vietnamese words carry up to two marks (ế, ấ, ự) and đ; citizens mostly type
without them. Every text field is analysed with ``vietnamese``: standard
tokenizer, lowercase, then asciifolding with ``preserve_original`` so that the
index holds both "đăng" and "dang" at the same position; a query typed with
diacritics then scores higher on documents with the same diacritics, and a
query without them still matches. Autocomplete fields add edge n-grams on top
and are searched with the same folding analyzer (not ``standard``, which would
not fold the query).
"""

from copy import deepcopy

from modelsearch.utils import deep_update

FOLDING_FILTER = {"type": "asciifolding", "preserve_original": True}

VIETNAMESE_ANALYSIS = {
    "settings": {
        "analysis": {
            "filter": {
                "vi_folding": FOLDING_FILTER,
                "edgengram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 15},
            },
            "analyzer": {
                # Used by every text field without an explicit analyzer.
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "vi_folding"],
                },
                "vietnamese": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "vi_folding"],
                },
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "vi_folding", "edgengram"],
                },
                "ngram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "vi_folding", "ngram"],
                },
            },
        }
    }
}

EDGENGRAM_CONFIG = {"analyzer": "edgengram_analyzer", "search_analyzer": "vietnamese"}


def vietnamese_settings(base_settings):
    """``base_settings`` (a backend's class settings) with our analysis."""
    return deep_update(deepcopy(base_settings), deepcopy(VIETNAMESE_ANALYSIS))


def vietnamese_backend_classes(namespace, prefix, mapping_base, backend_base, compiler_base, autocomplete_base):
    """Subclasses of one engine's mapping, compilers and backend that use the
    Vietnamese analysis; returns the backend class."""
    mapping = type(f"{prefix}Mapping", (mapping_base,), {"edgengram_analyzer_config": EDGENGRAM_CONFIG})
    compiler = type(f"{prefix}SearchQueryCompiler", (compiler_base,), {"mapping_class": mapping})
    autocomplete = type(f"{prefix}AutocompleteQueryCompiler", (autocomplete_base,), {"mapping_class": mapping})
    backend = type(
        f"{prefix}SearchBackend",
        (backend_base,),
        {
            "mapping_class": mapping,
            "query_compiler_class": compiler,
            "autocomplete_query_compiler_class": autocomplete,
            "settings": vietnamese_settings(backend_base.settings),
        },
    )
    for cls in (mapping, compiler, autocomplete, backend):
        cls.__module__ = namespace
    return mapping, compiler, autocomplete, backend
