"""Index settings of the OpenSearch backend.

Vietnamese words carry up to two marks (ế, ấ, ự) and đ; citizens mostly type
without them. Every text field is indexed with ``vietnamese``: standard
tokenizer, lowercase, then asciifolding with ``preserve_original`` so that the
index holds both "đăng" and "dang" at the same position. Autocomplete fields
add edge n-grams on top and are searched with the same folding analyzer (not
``standard``, which would not fold the query).

Queries arrive folded (search/folding.py: "ký" → "ki", as in the folded
copies the index holds) and are analysed with ``default_search``: the same
folding, then the editors' synonym dictionary (search/synonyms.py) as a
``synonym_graph`` filter, so "so do" also matches "giay chung nhan quyen su
dung dat". The dictionary's rules are folded the same way here; the filter
lives in the index settings and is replaced (close, update, open) when
editors change the dictionary (see opensearch2.py).
"""

import hashlib
import json
from copy import deepcopy

from modelsearch.utils import deep_update

from ..folding import tokens

FOLDING_FILTER = {"type": "asciifolding", "preserve_original": True}
SYNONYM_FILTER = "vi_synonyms"

VIETNAMESE_ANALYSIS = {
    "settings": {
        "analysis": {
            "filter": {
                "vi_folding": FOLDING_FILTER,
                # Queries are folded already; a single token per position keeps
                # the synonym graph well formed.
                "vi_folding_plain": {"type": "asciifolding", "preserve_original": False},
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
        },
        "index": {
            # OpenSearch's default; named because procedures are read in one
            # request (see opensearch2.MAX_WINDOW).
            "max_result_window": 10000,
        },
    }
}

EDGENGRAM_CONFIG = {"analyzer": "edgengram_analyzer", "search_analyzer": "vietnamese"}


def _folded_phrase(phrase):
    return " ".join(tokens(phrase))


def fold_rules(rules):
    """Solr-format synonym rules with every phrase folded as the index and
    the query are ("Sổ đỏ, so do => giấy chứng nhận …" → "so do => giay
    chung nhan …"); duplicates and rules left with one phrase dropped, so
    the filter never refuses a rule an editor wrote."""
    folded, seen = [], set()
    for rule in rules or ():
        rule = str(rule).replace("\x00", " ")
        if "=>" in rule:
            left, _arrow, right = rule.partition("=>")
            lhs = _unique(_folded_phrase(p) for p in left.split(","))
            rhs = _unique(_folded_phrase(p) for p in right.split(","))
            if not lhs or not rhs or set(rhs) <= set(lhs) and len(lhs) == 1:
                continue
            line = f"{', '.join(lhs)} => {', '.join(rhs)}"
        else:
            phrases = _unique(_folded_phrase(p) for p in rule.split(","))
            if len(phrases) < 2:
                continue
            line = ", ".join(phrases)
        if line not in seen:
            seen.add(line)
            folded.append(line)
    return folded


def _unique(phrases):
    out = []
    for phrase in phrases:
        if phrase and phrase not in out:
            out.append(phrase)
    return out


def rules_digest(folded_rules):
    return hashlib.sha1(json.dumps(folded_rules, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def synonym_analysis(folded_rules):
    """The analysis settings that change with the dictionary: the synonym
    filter and the search analyzer using it."""
    query_filters = ["lowercase", "vi_folding_plain"]
    analysis = {}
    if folded_rules:
        synonyms = {"type": "synonym_graph", "synonyms": list(folded_rules), "lenient": True}
        analysis["filter"] = {SYNONYM_FILTER: synonyms}
        query_filters.append(SYNONYM_FILTER)
    analysis["analyzer"] = {"default_search": {"type": "custom", "tokenizer": "standard", "filter": query_filters}}
    return analysis


def vietnamese_settings(base_settings, folded_rules=()):
    """``base_settings`` (a backend's class settings) with our analysis and
    the synonym dictionary ``folded_rules``."""
    settings = deep_update(deepcopy(base_settings), deepcopy(VIETNAMESE_ANALYSIS))
    deep_update(settings["settings"]["analysis"], synonym_analysis(folded_rules))
    return settings
