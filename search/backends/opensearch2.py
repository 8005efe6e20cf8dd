"""Wagtail's OpenSearch2 backend with Vietnamese folding (see analysis)."""

from modelsearch.backends.opensearch2 import (
    OpenSearch2AutocompleteQueryCompiler,
    OpenSearch2Mapping,
    OpenSearch2SearchBackend,
    OpenSearch2SearchQueryCompiler,
)

from .analysis import vietnamese_backend_classes

(
    VietnameseOpenSearch2Mapping,
    VietnameseOpenSearch2SearchQueryCompiler,
    VietnameseOpenSearch2AutocompleteQueryCompiler,
    VietnameseOpenSearch2SearchBackend,
) = vietnamese_backend_classes(
    __name__,
    "VietnameseOpenSearch2",
    OpenSearch2Mapping,
    OpenSearch2SearchBackend,
    OpenSearch2SearchQueryCompiler,
    OpenSearch2AutocompleteQueryCompiler,
)

SearchBackend = VietnameseOpenSearch2SearchBackend
