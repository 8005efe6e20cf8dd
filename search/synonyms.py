"""The synonym and abbreviation dictionary as search applies it.

Editors keep the dictionary in the admin (``search.models.SynonymEntry``,
Settings → Từ điển đồng nghĩa); only published entries count. Two uses:

- :func:`synonym_rules`: the dictionary in Solr synonym format, each phrase
  with and without diacritics ("sổ đỏ, so do => sổ đỏ, so do, giấy chứng
  nhận quyền sử dụng đất, giay chung nhan quyen su dung dat"), for the
  ``synonym_graph`` filter of the OpenSearch/Elasticsearch backends;
- :func:`expand`: query expansion on the database backends (SQLite,
  PostgreSQL): the query's keys with each phrase the dictionary knows
  replaced by its administrative name ("lam so do" → "lam giay chung nhan
  quyen su dung dat"), phrase-level and folded.

Both are derived from the published entries once per dictionary version
(:func:`dictionary_version`, in the shared cache, changed on every save,
publish, unpublish or delete of an entry), so every web worker follows an
editor's change within one request.
"""

import itertools
import threading
import uuid

from django.core.cache import cache

from .folding import exact_words, fold, search_key, tokens
from .models import SynonymEntry

VERSION_KEY = "search:synonyms-version"
MAX_VARIANTS = 6  # query variants searched for one query (the query itself included)
MAX_OPTIONS = 3  # administrative names tried for one matched phrase

_local = {}
_lock = threading.Lock()


def dictionary_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex[:12]
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    return version


def bump_dictionary_version(**kwargs):
    """Signal receiver: an entry was saved, published, unpublished or deleted."""
    cache.set(VERSION_KEY, uuid.uuid4().hex[:12], None)


def _entries():
    return [
        (entry.term_list(), entry.replacement_list(), entry.two_way)
        for entry in SynonymEntry.objects.filter(live=True).order_by("pk")
    ]


def _both_forms(phrases):
    """Each phrase as its words (lower case, punctuation dropped, so a rule
    never carries the format's own signs), with and without diacritics."""
    forms = []
    for phrase in phrases:
        written = " ".join(exact_words(phrase))
        for form in (written, fold(written)):
            if form and form not in forms:
                forms.append(form)
    return forms


def _build():
    entries = _entries()
    rules = []
    expansions = {}
    for terms, replacement, two_way in entries:
        lhs, rhs = _both_forms(terms), _both_forms(replacement)
        if not lhs or not rhs:
            continue
        if two_way:
            rules.append(", ".join(lhs + [r for r in rhs if r not in lhs]))
        else:
            rules.append(f"{', '.join(lhs)} => {', '.join(lhs + [r for r in rhs if r not in lhs])}")
        targets = [tuple(tokens(phrase)) for phrase in replacement]
        sources = [tuple(tokens(phrase)) for phrase in terms]
        pairs = [(s, targets) for s in sources]
        if two_way:
            pairs += [(t, sources) for t in targets]
        for source, options in pairs:
            if not source:
                continue
            known = expansions.setdefault(source, [])
            for option in options:
                if option and option != source and option not in known:
                    known.append(option)
    by_first = {}
    for source, options in expansions.items():
        by_first.setdefault(source[0], []).append((source, options[:MAX_OPTIONS]))
    for candidates in by_first.values():
        candidates.sort(key=lambda item: -len(item[0]))
    words = {}
    for terms, replacement, _two_way in entries:
        for phrase in terms + replacement:
            for word in exact_words(phrase):
                words.setdefault(search_key(word), word)
    return {"rules": rules, "by_first": by_first, "words": words}


def _dictionary():
    """The derived dictionary of the current version, built once per
    process and version (one builder at a time; the others wait for it
    rather than building it too)."""
    version = dictionary_version()
    current = _local.get("dictionary")
    if current and current[0] == version:
        return current[1]
    with _lock:
        current = _local.get("dictionary")
        if current and current[0] == version:
            return current[1]
        built = _build()
        _local["dictionary"] = (version, built)
        return built


def synonym_rules():
    """The published dictionary in Solr format, one rule a line, each
    phrase with and without diacritics."""
    return list(_dictionary()["rules"])


def known_words():
    """``{search key: written form}`` of every word of the dictionary (the
    spelling help treats them as known words)."""
    return _dictionary()["words"]


def matches(keys):
    """Non-overlapping phrases of ``keys`` the dictionary knows, longest
    first from the left: ``[(start, end, [replacement keys, ...]), ...]``."""
    by_first = _dictionary()["by_first"]
    found, position = [], 0
    keys = list(keys)
    while position < len(keys):
        for source, options in by_first.get(keys[position], ()):
            end = position + len(source)
            if tuple(keys[position:end]) == source:
                found.append((position, end, options))
                position = end
                break
        else:
            position += 1
    return found


def expand(keys):
    """``keys`` and its variants with known phrases replaced by their
    administrative names, the original first, at most ``MAX_VARIANTS``;
    each variant as ``[(keys typed, replacement keys), ...]`` segments: a
    typed segment is what the citizen wrote (filler words may be dropped),
    a replacement is the dictionary's administrative name."""
    keys = list(keys)
    found = matches(keys)
    variants = [[(keys, [])]]
    if not found:
        return variants
    choices = [[None, *options] for _start, _end, options in found]
    # Fewest phrases left as typed first: the variant replacing every phrase
    # is usually what the citizen means ("lam so do").
    combos = sorted(itertools.product(*choices), key=lambda combo: sum(c is None for c in combo))
    for combo in combos:
        if all(choice is None for choice in combo):
            continue
        segments, typed, position = [], [], 0
        for (start, end, _options), choice in zip(found, combo, strict=True):
            typed += keys[position:start]
            if choice is None:
                typed += keys[start:end]
            else:
                segments.append((typed, list(choice)))
                typed = []
            position = end
        segments.append((typed + keys[position:], []))
        variants.append(segments)
        if len(variants) >= MAX_VARIANTS:
            break
    return variants
