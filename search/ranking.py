"""How search orders the candidates a backend returns: every weight, named.

A candidate's score is the sum of the terms below, computed for the query's
content keys (folded, filler words such as "thủ tục", "làm sao", "cần giấy
gì" left out) and, when the synonym dictionary knows a phrase of the query,
for each variant with that phrase in administrative language (the best
variant counts). The name decides: how much of the query the name covers,
and in the query's order, outweighs everything the body text can add, so a
name matching the query's first words beats a procedure that merely repeats
one of them in its body; a query matching only some words ranks names
holding those words above bodies holding the others. Keywords (citizens'
words written by editors, often empty after a national import) count when
present; a popularity prior from real use (dossiers submitted) breaks ties.
"""

import math
from dataclasses import dataclass

from .folding import exact_words, search_key, tokens

# --- the name ---------------------------------------------------------------

#: Share of the query's keys found anywhere in the name, squared (scattered
#: single words count little: half the query is a quarter of this).
TITLE_COVERAGE = 60.0
#: Longest run of the query's keys found, in order and next to each other,
#: in the name, as a share of the query, squared: "giấy phép xây dựng" as a
#: phrase, not four words spread over a long name.
TITLE_PHRASE = 90.0
#: The name starts with the query's first words (after an opening "cấp" or
#: "đăng ký", which most names carry): share of the query, not squared.
TITLE_START = 20.0
#: Share of the name's words the query holds, squared: a long question
#: naming the procedure ("… cần đăng ký hộ kinh doanh không") still picks
#: the name it spells out over a long name sharing a few of its words.
TITLE_RECALL = 40.0
#: The name is exactly the query.
TITLE_EXACT = 40.0
#: Per name word the query did not ask for: shorter names first ...
EXTRA_NAME_WORD = 0.8
#: ... in full for the first this many words, then at a fifth (a long
#: official name is not a much worse match for being long).
EXTRA_NAME_WORDS_COUNTED = 8
#: Per variant marker of the name ("lại", "gia hạn", "điều chỉnh" …) the
#: query did not ask for: "giấy phép xây dựng" means getting one first.
UNASKED_VARIANT = 7.0

# --- keywords, field and agency ------------------------------------------

#: A keyword phrase equal to the query.
KEYWORD_EXACT = 90.0
#: A keyword phrase containing the whole query.
KEYWORD_CONTAINS_QUERY = 60.0
#: A keyword phrase found inside the query, per share of the query it covers.
KEYWORD_INSIDE_QUERY = 35.0
#: Scattered query keys in one keyword phrase, per share of the query.
KEYWORD_SCATTERED = 25.0
#: Per further keyword phrase containing the query (at most three count).
KEYWORD_REPEATED = 5.0
#: Share of the query's keys in the field's or agency's name.
RELATED = 10.0

# --- everything else --------------------------------------------------------

#: The backend's own order (body text, engine relevance), first to last.
BACKEND_ORDER = 8.0
#: Share of the query's words written with diacritics exactly as in the name
#: or keywords (only when the query carries diacritics).
EXACT_DIACRITICS = 30.0
#: Popularity prior: log-scaled dossiers submitted, relative to the most
#: used procedure (0 … this weight). A tie-breaker: above the spread the
#: backend's order gives equal names, below any difference of name.
POPULARITY = 6.0
#: A variant found through the synonym dictionary rather than the words the
#: citizen typed: equal names, the literal match first.
SYNONYM_VARIANT = 2.0

# Words that make a procedure a variant of a base one. Matched with their
# diacritics ("lại" is not "lái").
VARIANT_MARKERS = [
    ("lại",),
    ("gia", "hạn"),
    ("điều", "chỉnh"),
    ("sửa", "đổi"),
    ("bổ", "sung"),
    ("xóa",),
    ("chấm", "dứt"),
    ("thay", "đổi"),
    ("đính", "chính"),
    ("tạm", "ngừng"),
    ("hủy",),
    ("thôi",),
    ("đổi",),
]

_MARKER_KEYS = {marker: tuple(search_key(word) for word in marker) for marker in VARIANT_MARKERS}

#: Openings most names share: a query's first words may follow them.
NAME_OPENINGS = (("cap", "moi"), ("cap",), ("dang", "ki"), ("giai", "quyet"))

#: What citizens wrap their question in, folded; never needed to find a
#: procedure ("thủ tục làm sổ đỏ cần giấy tờ gì", "làm sao để đăng ký kết
#: hôn"). Whole phrases only where a word alone is also a real word ("thế
#: nào" but not "thẻ", "cần gì" but not "căn", "hồ sơ" but not "hộ", "sổ").
FILLER_PHRASES = tuple(
    sorted(
        (
            tuple(phrase.split())
            for phrase in """thu tuc|ho so|giay to|nhung giay to|can nhung|can nhung gi|can gi|can lam gi|can lam
            |nhu the nao|the nao|lam sao|lam the nao|lam gi|bao lau|bao nhieu|o dau|la gi|co duoc khong
            |co phai|phai lam|huong dan|quy trinh|truc tuyen|de duoc|thi can|can phai|cho con|cho be""".split("|")
        ),
        key=len,
        reverse=True,
    )
)
#: Single words that are filler in any position.
FILLER_WORDS = frozenset("toi minh em muon thi de duoc gi nhung nao online hoi cach ai xin lam cho ve viec".split())
#: Filler only as the query's last word ("… có được không").
TRAILING_FILLER = frozenset({"khong", "a", "nhi", "vay", "ha"})


def content_keys(keys):
    """The keys that say which procedure is meant: filler phrases and
    words dropped, unless nothing else is left."""
    return strip_filler(keys) or list(keys)


def strip_filler(keys):
    """``keys`` without filler phrases and words (possibly empty)."""
    kept, position = [], 0
    keys = list(keys)
    while position < len(keys):
        for phrase in FILLER_PHRASES:
            if tuple(keys[position : position + len(phrase)]) == phrase:
                position += len(phrase)
                break
        else:
            if keys[position] not in FILLER_WORDS:
                kept.append(keys[position])
            position += 1
    while kept and kept[-1] in TRAILING_FILLER:
        kept.pop()
    return kept


def phrase_in(needle, haystack):
    """Whether ``needle``'s words stand together, in order, in ``haystack``
    (only where its first word is: most calls end at the first look-up)."""
    n = len(needle)
    if not n or n > len(haystack):
        return False
    first, stop, start = needle[0], len(haystack) - n + 1, 0
    while True:
        try:
            start = haystack.index(first, start, stop)
        except ValueError:
            return False
        if haystack[start : start + n] == needle:
            return True
        start += 1


def longest_run(keys, name, positions=None):
    """Length of the longest run of consecutive query keys found
    consecutively in the name (``positions``: ``{word: [index, ...]}`` of
    the name, computed when not given)."""
    if positions is None:
        positions = word_positions(name)
    best, previous = 0, {}
    for key in keys:
        current = {}
        for index in positions.get(key, ()):
            length = previous.get(index - 1, 0) + 1
            current[index] = length
            if length > best:
                best = length
        previous = current
    return best


def word_positions(name):
    positions = {}
    for index, word in enumerate(name):
        positions.setdefault(word, []).append(index)
    return positions


def leading_match(keys, name):
    """How many of the query's first keys open the name (after a common
    opening such as "cấp")."""
    best = _run_from(keys, name, 0)
    if name:
        first = name[0]
        for size, opening in _OPENINGS:
            if opening[0] == first and name[:size] == opening:
                best = max(best, _run_from(keys, name, size))
    return best


_OPENINGS = tuple((len(opening), list(opening)) for opening in NAME_OPENINGS)


def _run_from(keys, name, start):
    """How many of ``keys`` equal the name's words from ``start`` on."""
    length, limit = 0, min(len(keys), len(name) - start)
    while length < limit and keys[length] == name[start + length]:
        length += 1
    return length


@dataclass(slots=True)
class Profile:
    """What ranking needs of one procedure (one per live procedure is kept
    in memory: slots, and no field that another one already holds)."""

    name: list
    #: ``{word: [index, ...]}`` of the name: which words it holds, and where.
    positions: dict
    keyword_phrases: tuple
    related: frozenset
    exact: frozenset
    variants: tuple

    @property
    def name_set(self):
        return self.positions


def make_profile(title, keywords, field_title, agency_title, related=None):
    """The profile of one procedure. ``related``: the search keys of its
    field's and agency's names, when the caller already has them (they
    are shared by thousands of procedures)."""
    name = tokens(title)
    words = exact_words(title)
    positions = word_positions(name)
    if related is None:
        related = frozenset(tokens(field_title)) | frozenset(tokens(agency_title))
    title_words = exact = frozenset(words)
    if keywords:
        exact |= frozenset(exact_words(keywords))
        phrases = tuple(k for k in (tokens(p) for p in keywords.split(",")) if k)
    else:
        phrases = ()
    return Profile(
        name=name,
        positions=positions,
        keyword_phrases=phrases,
        related=related,
        exact=exact,
        variants=tuple(
            _MARKER_KEYS[marker]
            for marker in VARIANT_MARKERS
            if marker[0] in title_words and phrase_in(list(marker), words)
        ),
    )


def title_coverage(profile, keys):
    return sum(1 for key in keys if key in profile.name_set)


class QueryTerms:
    """What :func:`score` needs of one query variant, worked out once per
    search instead of once per candidate: its keys as a list and a set,
    the variant markers the citizen asked for, the words typed with
    diacritics and whether the variant came from the synonym dictionary.
    ``asked``: every key the citizen typed (variant markers the query
    names are not penalised)."""

    __slots__ = ("asked_markers", "key_set", "keys", "n", "query_words", "synonym")

    def __init__(self, keys, query_words=(), asked=(), synonym=False):
        self.keys = list(keys)
        self.n = len(self.keys) or 1
        self.key_set = frozenset(self.keys)
        asked = list(asked) or self.keys
        self.asked_markers = frozenset(
            marker
            for marker in _MARKER_KEYS.values()
            if phrase_in(list(marker), asked) or phrase_in(list(marker), self.keys)
        )
        self.query_words = list(query_words)
        self.synonym = synonym


def score(profile, terms, position, total, popularity=0.0):
    """Relevance of one candidate for one query variant (``terms``: a
    :class:`QueryTerms`; ``popularity``: its prior, 0 … 1)."""
    name, positions = profile.name, profile.positions
    keys, n, key_set = terms.keys, terms.n, terms.key_set
    covered = sum(1 for key in keys if key in positions)
    value = TITLE_COVERAGE * (covered / n) ** 2
    if covered:  # else no run and no opening either: nothing to add
        value += TITLE_PHRASE * (longest_run(keys, name, positions) / n) ** 2
        value += TITLE_START * leading_match(keys, name) / n
    if name == keys:
        value += TITLE_EXACT
    # the name's words that are keys of the query (counted by key: fewer)
    in_query = sum(len(positions[key]) for key in key_set if key in positions)
    extra = len(name) - in_query
    value -= EXTRA_NAME_WORD * (min(extra, EXTRA_NAME_WORDS_COUNTED) + max(0, extra - EXTRA_NAME_WORDS_COUNTED) / 5)
    if name:
        value += TITLE_RECALL * (in_query / len(name)) ** 2
    if profile.variants:
        value -= UNASKED_VARIANT * sum(1 for marker in profile.variants if marker not in terms.asked_markers)
    if profile.keyword_phrases:
        best_keyword, containing = 0.0, 0
        for phrase_keys in profile.keyword_phrases:
            if phrase_in(keys, phrase_keys):
                containing += 1
                best_keyword = max(best_keyword, KEYWORD_EXACT if phrase_keys == keys else KEYWORD_CONTAINS_QUERY)
            elif phrase_in(phrase_keys, keys):
                best_keyword = max(best_keyword, KEYWORD_INSIDE_QUERY * len(phrase_keys) / n)
            else:
                hit = sum(1 for key in keys if key in phrase_keys)
                best_keyword = max(best_keyword, KEYWORD_SCATTERED * hit / n)
        value += best_keyword + KEYWORD_REPEATED * min(max(containing - 1, 0), 3)
    if profile.related:
        value += RELATED * sum(1 for key in keys if key in profile.related) / n
    value += BACKEND_ORDER * (1 - position / max(total, 1))
    query_words = terms.query_words
    if query_words:
        value += EXACT_DIACRITICS * sum(1 for word in query_words if word in profile.exact) / len(query_words)
    value += POPULARITY * popularity
    if terms.synonym:
        value -= SYNONYM_VARIANT
    return value


def popularity_prior(counts):
    """``{pk: dossiers}`` → ``{pk: 0 … 1}`` (log-scaled, the most used 1)."""
    if not counts:
        return {}
    top = math.log1p(max(counts.values()))
    return {pk: math.log1p(count) / top for pk, count in counts.items() if top > 0}
