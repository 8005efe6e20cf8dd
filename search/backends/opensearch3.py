"""Wagtail's OpenSearch3 backend with Vietnamese folding (see analysis)."""

from modelsearch.backends.opensearch3 import (
    OpenSearch3AutocompleteQueryCompiler,
    OpenSearch3Mapping,
    OpenSearch3SearchBackend,
    OpenSearch3SearchQueryCompiler,
)

from .analysis import vietnamese_backend_classes

(
    VietnameseOpenSearch3Mapping,
    VietnameseOpenSearch3SearchQueryCompiler,
    VietnameseOpenSearch3AutocompleteQueryCompiler,
    VietnameseOpenSearch3SearchBackend,
) = vietnamese_backend_classes(
    __name__,
    "VietnameseOpenSearch3",
    OpenSearch3Mapping,
    OpenSearch3SearchBackend,
    OpenSearch3SearchQueryCompiler,
    OpenSearch3AutocompleteQueryCompiler,
)

SearchBackend = VietnameseOpenSearch3SearchBackend
