"""What only a live OpenSearch node can show: the index follows deletion,
is created on an empty cluster by the first publication, is rebuilt by
``update_index``, and carries the editors' synonym dictionary as a
``synonym_graph`` filter that follows their changes.

Run with ``SEARCH_BACKEND=opensearch2 SEARCH_URL=http://127.0.0.1:9200``
(``scripts/opensearch.sh start``); .ci/run does. The user-visible behaviour
(publishing, unpublishing, facets, highlights, autocomplete, bad input) is
tested on every backend in the other modules.
"""

import pytest
from django.core.management import call_command
from modelsearch.backends import get_search_backend

from content.models import ProcedurePage
from search.models import SynonymEntry

from .index_sync import ENGINE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not ENGINE, reason="needs SEARCH_BACKEND=opensearch2 and a live OpenSearch node"),
]


def _codes(client, q):
    response = client.get("/api/v1/procedures/search", {"q": q})
    assert response.status_code == 200, q
    return [item["code"] for item in response.json()["results"]]


def _index(backend):
    return backend.get_index_for_model(ProcedurePage)


def _engine_codes(q):
    """What the engine itself matches (no query expansion in Python)."""
    return sorted(p.code for p in ProcedurePage.objects.live().search(q, operator="and"))


def test_deleted_procedure_leaves_the_index(client, catalogue):
    backend = get_search_backend()
    index = _index(backend)
    page = catalogue["khai_tu"]
    assert backend.es.exists(index=index.name, id=str(page.pk))
    assert "1.000656" in _codes(client, "khai tu")
    page.delete()
    assert not backend.es.exists(index=index.name, id=str(page.pk))
    assert "1.000656" not in _codes(client, "khai tu")


def test_publication_on_an_empty_cluster_creates_the_index(client, catalogue):
    backend = get_search_backend()
    index = _index(backend)
    index.delete()
    backend.ensured_indices.discard(index.name)
    # Searching before anything is indexed: no results, not an error.
    assert _codes(client, "khai sinh") == []
    assert client.get("/tim-kiem/", {"q": "khai sinh"}).status_code == 200
    page = catalogue["khai_sinh"]
    page.save_revision().publish()
    mapping = backend.es.indices.get_mapping(index=index.name)
    properties = next(iter(mapping.values()))["mappings"]["properties"]
    assert properties["pk"] == {"type": "keyword", "store": True}
    assert _codes(client, "khai sinh") == ["1.001193"]


def test_update_index_rebuilds_a_lost_index(client, catalogue):
    backend = get_search_backend()
    index = _index(backend)
    index.delete()
    backend.ensured_indices.discard(index.name)
    assert _codes(client, "ket hon") == []
    call_command("update_index", stdout=open("/dev/null", "w"))
    assert _codes(client, "ket hon")[:2] == ["1.000894", "1.001612"]


def test_synonym_dictionary_reaches_the_engine_and_follows_editors(client, catalogue):
    backend = get_search_backend()
    index = _index(backend)
    assert _engine_codes("se duyen") == []
    entry = SynonymEntry(terms="se duyên, nên duyên", replacement="kết hôn", live=True)
    entry.save()
    # The engine's own analysis now knows the phrase (not only the Python
    # query expansion of the database backends).
    assert _engine_codes("se duyen") == ["1.000894", "1.001612"]
    rules = backend._index_rules(index)
    assert "se duyen, nen duyen => se duyen, nen duyen, ket hon" in rules
    assert _codes(client, "se duyên")[0] == "1.000894"
    entry.live = False
    entry.save()
    assert _engine_codes("se duyen") == []
    assert "se duyen, nen duyen => se duyen, nen duyen, ket hon" not in backend._index_rules(index)


def test_query_syntax_reaches_the_engine_as_words(catalogue):
    # The engine receives words, never Lucene syntax (match queries).
    for q in ['ket AND hon OR "', "title:ket*", "ket~2 hon^5", "(((", "\\", "ket\x00hon"]:
        list(ProcedurePage.objects.live().search(q))
