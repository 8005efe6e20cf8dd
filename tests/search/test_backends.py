"""Index settings and mappings we generate for each search backend, checked
without a server; and the database backend's PostgreSQL configuration."""

import pytest
from django.db import connection

from content.models import ProcedurePage

from .conftest import database_backend_only


@pytest.fixture
def engine_backend():
    from search.backends.opensearch2 import SearchBackend

    return SearchBackend({"URLS": ["http://127.0.0.1:9200"], "INDEX_PREFIX": "test_"})


def test_text_is_folded_keeping_the_original_token(engine_backend):
    analysis = engine_backend.settings["settings"]["analysis"]
    assert analysis["filter"]["vi_folding"] == {"type": "asciifolding", "preserve_original": True}
    for name in ("default", "vietnamese", "edgengram_analyzer", "ngram_analyzer"):
        filters = analysis["analyzer"][name]["filter"]
        assert filters[:2] == ["lowercase", "vi_folding"], name
    assert analysis["analyzer"]["edgengram_analyzer"]["filter"][-1] == "edgengram"
    assert analysis["filter"]["edgengram"]["type"] == "edge_ngram"
    # Wagtail's own settings are kept (index options, tokenizers).
    assert "max_ngram_diff" in engine_backend.settings["settings"]["index"]


def test_procedure_mapping_has_folded_fields_and_folding_autocomplete(engine_backend):
    mapping = engine_backend.mapping_class(ProcedurePage).get_mapping()
    properties = mapping["properties"]
    name_field = next(v for k, v in properties.items() if k.endswith("search_name_folded"))
    assert name_field["type"] == "text"
    # Boosts become copies into _all_text_boost_<n> fields searched with that weight.
    assert "_all_text_boost_8_0" in name_field["copy_to"]
    assert "_all_text_boost_8_0" in properties
    edgengrams = properties["_edgengrams"]
    assert edgengrams["analyzer"] == "edgengram_analyzer"
    assert edgengrams["search_analyzer"] == "vietnamese"
    autocomplete_fields = [v for k, v in properties.items() if k.endswith("search_name_folded_edgengrams")]
    assert autocomplete_fields and autocomplete_fields[0]["search_analyzer"] == "vietnamese"
    # Facet filters are keywords.
    assert any(k.endswith("online_level_filter") and v["type"] == "keyword" for k, v in properties.items())


def test_folded_copies_are_what_the_index_receives(engine_backend, catalogue):
    document = engine_backend.mapping_class(ProcedurePage).get_document(catalogue["ket_hon"])
    values = {k: v for k, v in document.items() if "folded" in k}
    assert "dang ki ket hon" in values.values()
    assert any("ho tich so tu phap" == v for v in values.values())


@database_backend_only
@pytest.mark.django_db
def test_database_backend_uses_unaccent_configuration_on_postgresql():
    from modelsearch.backends import get_search_backend

    backend = get_search_backend()
    if connection.vendor != "postgresql":
        assert type(backend).__name__ == "SQLiteSearchBackend"
        pytest.skip("PostgreSQL only (run with DATABASE_URL=postgres://...)")
    assert backend.config == "portal_vietnamese"
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('portal_vietnamese', 'Đăng ký kết hôn Ở ự')::text")
        assert cursor.fetchone()[0] == "'dang':1 'hon':4 'ket':3 'ky':2 'o':5 'u':6"
