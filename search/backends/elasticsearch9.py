"""Wagtail's Elasticsearch9 backend with Vietnamese folding (see analysis)."""

from modelsearch.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
)

from .analysis import vietnamese_backend_classes

(
    VietnameseElasticsearch9Mapping,
    VietnameseElasticsearch9SearchQueryCompiler,
    VietnameseElasticsearch9AutocompleteQueryCompiler,
    VietnameseElasticsearch9SearchBackend,
) = vietnamese_backend_classes(
    __name__,
    "VietnameseElasticsearch9",
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
    Elasticsearch9AutocompleteQueryCompiler,
)

SearchBackend = VietnameseElasticsearch9SearchBackend
