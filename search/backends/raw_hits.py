"""Primary keys of thousands of hits, read without a JSON object per hit.

Facets and totals need every match of a query: "đăng ký" matches 10,000 of
20,000 procedures, and ``opensearch2...pks`` asks for all of them. Decoded
with ``json``, such a response (``{"hits":{"hits":[{"fields":{"pk":["126"]}},
…]}}``, 270 kB) builds 30,000 dicts and lists: 8–15 ms, and in a web
worker holding the catalogue's memos (750,000 objects) the allocations set
off full garbage collections of the whole heap, 200–950 ms for one
response (measured at 20,154 procedures, issue 13). While
:func:`raw_bodies` is active in a thread, the client's serializer hands
such a response over as its text, and :func:`pks_in` takes the keys out
with one regular expression (1.2 ms, only ints are created).

Errors are unaffected: the client raises them from the status code before
any body is deserialized.
"""

import contextlib
import contextvars
import json
import re

from django.db.models import IntegerField
from opensearchpy.serializer import JSONSerializer

_RAW = contextvars.ContextVar("opensearch_raw_bodies", default=False)

# The response's only field (``filter_path=hits.hits.fields.pk``): one
# doc-value string per hit; no other key of that response is "pk".
PK_VALUE_RE = re.compile(r'"pk":\["([^"]*)"')


class RawBody(str):
    """A response body left as its text."""


class HitsSerializer(JSONSerializer):
    """The client's JSON serializer; returns the text as it came while
    :func:`raw_bodies` is active in this thread."""

    def loads(self, s):
        if _RAW.get():
            return RawBody(s)
        return super().loads(s)


@contextlib.contextmanager
def raw_bodies():
    token = _RAW.set(True)
    try:
        yield
    finally:
        _RAW.reset(token)


def pk_parser(model):
    """``int`` for an integer primary key (through a parent link such as a
    page's ``page_ptr``), else the field's ``to_python``."""
    field = model._meta.pk
    while field.is_relation:
        field = field.target_field
    return int if isinstance(field, IntegerField) else field.to_python


def pks_in(body, to_python=int):
    """The ``pk`` doc values of a ``filter_path=hits.hits.fields.pk``
    response, in the hits' order (``body`` as text or as decoded JSON)."""
    if isinstance(body, str):
        if "\\" not in body:  # no JSON escape (never in an integer key): the text is the value
            return list(map(to_python, PK_VALUE_RE.findall(body)))
        body = json.loads(body)
    hits = (body or {}).get("hits", {}).get("hits", [])
    return [to_python(hit["fields"]["pk"][0]) for hit in hits if "fields" in hit]


# --- every match, without a hit per match -----------------------------------
#
# Reading 10,000 scored hits costs the node a top-10,000 queue (no skipping
# of hits that cannot compete) and a fetch phase: 19–38 ms for "đăng ký" at
# 20,154 procedures, against 2–3 ms for the best 1,000, and a 270 kB
# response. A ``scripted_metric`` aggregation sees each match once, without
# scoring it, and returns the matches' ``pk`` doc values joined in one
# string (4–5 ms, 55 kB): the set of matches for facets and totals, in the
# index's order. The best hits come in the same request (``size`` 1,000
# beside the aggregation): the query runs once, with one round trip.

MATCH_SET_SCRIPTS = {
    "init_script": "state.p = new StringBuilder();",
    "map_script": "state.p.append(doc['pk'].value).append(',');",
    "combine_script": "return state.p.toString();",
    "reduce_script": (
        "StringBuilder out = new StringBuilder();"
        " for (s in states) { if (s != null) { out.append(s); } }"
        " return out.toString();"
    ),
}
MATCH_SET_AGGREGATION = {"scripted_metric": MATCH_SET_SCRIPTS}


def match_set_in(response, name, to_python=int):
    """The keys of the :data:`MATCH_SET_AGGREGATION` named ``name`` in
    ``response`` (decoded JSON, or its text as :func:`raw_bodies` leaves
    it), in the index's order."""
    if isinstance(response, str):
        found = re.search('"' + re.escape(name) + r'":\{"value":"([^"\\]*)"', response)
        if found is not None or "\\" not in response:
            value = found.group(1) if found else ""
            return [to_python(part) for part in value.split(",") if part]
        response = json.loads(response)
    value = ((response or {}).get("aggregations") or {}).get(name, {}).get("value") or ""
    return [to_python(part) for part in value.split(",") if part]
