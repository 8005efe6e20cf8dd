"""Many matches on OpenSearch: the best ``BEST_HITS`` read as hits in
relevance order, every other match from one aggregation (no hit per
match), and the keys taken out of the response's text (raw_hits.py).

The node tests lower ``BEST_HITS`` so the small catalogue has more matches
than that; a search must then give the same total, facet counts and first
results as when every match is read as a hit. The serializer tests need no
node.
"""

import pytest
from django.core.cache import cache
from modelsearch.backends import get_search_backend

from content.models import ProcedurePage
from search.backends import opensearch2
from search.backends.raw_hits import HitsSerializer, RawBody, match_set_in, pk_parser, pks_in, raw_bodies

from .index_sync import ENGINE

needs_node = pytest.mark.skipif(not ENGINE, reason="needs SEARCH_BACKEND=opensearch2 and a live OpenSearch node")

PK_BODY = '{"hits":{"hits":[{"fields":{"pk":["126"]}},{"fields":{"pk":["113"]}},{"fields":{"pk":["7"]}}]}}'


def test_serializer_leaves_the_text_only_inside_raw_bodies():
    serializer = HitsSerializer()
    assert serializer.loads('{"a": 1}') == {"a": 1}
    with raw_bodies():
        body = serializer.loads(PK_BODY)
    assert isinstance(body, RawBody) and body == PK_BODY
    assert serializer.loads('{"a": 2}') == {"a": 2}  # the context ends with the block


def test_keys_from_text_escaped_text_decoded_json_and_an_empty_answer():
    assert pks_in(PK_BODY) == [126, 113, 7]
    assert pks_in('{"hits":{"hits":[{"fields":{"pk":["\\u0031\\u0032"]}}]}}') == [12]
    assert pks_in({"hits": {"hits": [{"fields": {"pk": ["5"]}}, {"_id": "x"}]}}) == [5]
    assert pks_in("{}") == []
    assert pks_in({}) == []
    assert pks_in({"hits": {"total": {"value": 0}, "hits": []}}) == []


def test_best_keys_and_every_match_from_one_answer_text():
    """One request brings the best hits and the match-set aggregation: both
    are read from its text (and from decoded JSON when the text has escapes)."""
    both = (
        '{"hits":{"hits":[{"fields":{"pk":["126"]}},{"fields":{"pk":["7"]}}]},'
        '"aggregations":{"m":{"value":"7,126,9,"}}}'
    )
    assert pks_in(both) == [126, 7]
    assert match_set_in(both, "m") == [7, 126, 9]
    escaped = both.replace('"126"', '"\\u0031\\u0032\\u0036"')
    assert pks_in(escaped) == [126, 7] and match_set_in(escaped, "m") == [7, 126, 9]
    assert match_set_in('{"hits":{"hits":[]}}', "m") == []
    assert match_set_in({"aggregations": {"m": {"value": "3,"}}}, "m") == [3]
    assert match_set_in(None, "m") == []


def test_page_keys_are_integers():
    assert pk_parser(ProcedurePage) is int


def _search(client, q, **params):
    cache.clear()  # a new catalogue version: no outcome kept from the other reading
    response = client.get("/api/v1/procedures/search", {"q": q, **params})
    assert response.status_code == 200, q
    data = response.json()
    return data


def _comparable(data):
    return data["total"], data["facets"], [item["code"] for item in data["results"]]


@needs_node
@pytest.mark.django_db
@pytest.mark.parametrize("q", ["dang ki", "đăng ký", "cấp", "giấy phép lái xe"])
def test_best_hits_then_every_other_match_give_the_same_outcome(client, catalogue, monkeypatch, q):
    every_hit = _comparable(_search(client, q))
    monkeypatch.setattr(opensearch2, "BEST_HITS", 2)
    assert _comparable(_search(client, q)) == every_hit


@needs_node
@pytest.mark.django_db
def test_filtered_search_counts_every_match(client, catalogue, monkeypatch):
    every_hit = _comparable(_search(client, "dang ki", level="commune"))
    monkeypatch.setattr(opensearch2, "BEST_HITS", 1)
    assert _comparable(_search(client, "dang ki", level="commune")) == every_hit
    assert every_hit[0] >= 3


@needs_node
@pytest.mark.django_db
def test_engine_keys_keep_the_best_first_and_lose_no_match(catalogue, monkeypatch):
    backend = get_search_backend()
    every_hit = backend.matching_pks(ProcedurePage, ["dang", "ki"])
    assert len(every_hit) >= 4
    monkeypatch.setattr(opensearch2, "BEST_HITS", 2)
    read = backend.matching_pks(ProcedurePage, ["dang", "ki"])
    assert read[:2] == every_hit[:2]
    assert sorted(read) == sorted(every_hit)
    assert backend.matching_pks(ProcedurePage, ["dang", "ki"], limit=3) == read[:3]
    assert backend.matching_pks(ProcedurePage, ["zzkhongcozz"]) == []


@needs_node
@pytest.mark.django_db
def test_a_cluster_refusing_the_script_still_answers(client, catalogue, monkeypatch):
    every_hit = _comparable(_search(client, "dang ki"))
    monkeypatch.setattr(opensearch2, "BEST_HITS", 2)
    broken = {"scripted_metric": {"map_script": "this is not painless", "combine_script": "", "reduce_script": ""}}
    monkeypatch.setattr(opensearch2, "MATCH_SET_AGGREGATION", broken)
    monkeypatch.setitem(opensearch2._MATCH_SET, "on", True)
    assert _comparable(_search(client, "dang ki")) == every_hit
    assert opensearch2._MATCH_SET["on"] is False  # not asked again by this process
    assert _comparable(_search(client, "dang ki")) == every_hit
