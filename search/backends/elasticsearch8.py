"""Wagtail's Elasticsearch8 backend with Vietnamese folding (see analysis)."""
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)

from .analysis import vietnamese_backend_classes

(
    VietnameseElasticsearch8Mapping,
    VietnameseElasticsearch8SearchQueryCompiler,
    VietnameseElasticsearch8AutocompleteQueryCompiler,
    VietnameseElasticsearch8SearchBackend,
) = vietnamese_backend_classes(
    __name__,
    "VietnameseElasticsearch8",
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
    Elasticsearch8AutocompleteQueryCompiler,
)

SearchBackend = VietnameseElasticsearch8SearchBackend
