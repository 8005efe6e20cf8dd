"""Query cleaning, highlighting and spelling help (no database access)."""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .folding import WORD_RE, search_key, tokens

MAX_QUERY_LENGTH = 200
# A procedure code, whole or being typed: 1.001612, 1.000948.H38, 2.00
CODE_RE = re.compile(r"^\d{1,2}\.\d{2,6}(?:\.[a-z0-9]{1,10})?$", re.IGNORECASE)
FULL_CODE_RE = re.compile(r"^\d{1,2}\.\d{6}(?:\.[a-z0-9]{1,10})?$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def clean_query(raw):
    """The query as we search and log it: NFC, no control characters, NUL
    or replacement characters (broken UTF-8), single spaces, at most
    ``MAX_QUERY_LENGTH`` characters."""
    if not raw:
        return ""
    text = unicodedata.normalize("NFC", str(raw)[: MAX_QUERY_LENGTH * 4])
    text = "".join(
        " " if (unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") or ch == "\ufffd") else ch for ch in text
    )
    text = _SPACES.sub(" ", text).strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] if " " in text[:MAX_QUERY_LENGTH] else text[:MAX_QUERY_LENGTH]
    return text


def query_keys(cleaned):
    """Search keys of a cleaned query, without duplicates, at most 12."""
    seen = []
    for key in tokens(cleaned):
        key = key.strip("._")
        if key and key not in seen:
            seen.append(key)
    return seen[:12]


def looks_like_code(cleaned):
    return bool(CODE_RE.match(cleaned.strip()))


def highlight(text, keys, prefix_keys=(), limit=None):
    """``text`` HTML-escaped, with the words matching ``keys`` (folded, or
    starting with one of ``prefix_keys``) in ``<mark>``."""
    if not text:
        return mark_safe("")
    text = str(text)
    if limit and len(text) > limit:
        text = _window(text, keys, limit)
    keys = set(keys)
    out, pos = [], 0
    for match in WORD_RE.finditer(text):
        key = search_key(match.group())
        if key in keys or any(key.startswith(p) for p in prefix_keys if p):
            out.append(escape(text[pos : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            pos = match.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def _window(text, keys, limit):
    """About ``limit`` characters of ``text`` around the first match."""
    keys = set(keys)
    start = 0
    for match in WORD_RE.finditer(text):
        if search_key(match.group()) in keys:
            start = max(0, match.start() - limit // 4)
            break
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    snippet = text[start : start + limit]
    if start + limit < len(text):
        snippet = snippet.rsplit(" ", 1)[0] + " …"
    if start:
        snippet = "… " + snippet
    return snippet


def edit_distance(a, b, cap=3):
    """Damerau–Levenshtein (optimal string alignment) distance, stopping
    early above ``cap``."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev2 = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > cap:
            return cap + 1
        prev2, prev = prev, cur
    return prev[-1]


def _deletes(word, depth):
    """``word`` with up to ``depth`` letters deleted (itself included)."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


_VOWELS = set("aeiouy")
_FOREIGN = set("fjwz")


def correctable(key):
    """Whether an unknown key looks like a mistyped word worth correcting:
    it has a vowel, at most one letter Vietnamese does not use (f, j, w, z)
    and no run of four consonants ("xyzqw", "asdfgh", "kkkk" are not words)."""
    if len(key) < 2 or key.isdigit() or not (set(key) & _VOWELS):
        return False
    if sum(1 for ch in key if ch in _FOREIGN) > 1:
        return False
    run = 0
    for ch in key:
        run = 0 if ch in _VOWELS else run + 1
        if run >= 4:
            return False
    return True


def _max_distance(word):
    return 1 if len(word) < 6 else 2


def build_correction_index(vocabulary):
    """Deletion neighbourhoods of the vocabulary (the SymSpell idea): two
    words within edit distance d share a variant with at most d letters
    deleted, so candidates are found by a few dictionary look-ups instead of
    comparing the key with every word of the catalogue."""
    index = {}
    for word in vocabulary:
        if word.isdigit():
            continue
        for variant in _deletes(word, _max_distance(word)):
            index.setdefault(variant, set()).add(word)
    return index


def correct_keys(keys, vocabulary, bigrams=None, index=None):
    """Spelling correction of query keys against the catalogue's words.

    ``vocabulary`` maps a search key to ``(count, display form)``;
    ``bigrams`` counts pairs of keys that follow each other in names and
    keywords; ``index`` is ``build_correction_index(vocabulary)`` (built
    here when not given). Known keys stay; an unknown key becomes the
    closest word within edit distance 1 (2 for words of six letters or
    more), preferring one that forms a known pair with its neighbours ("ket
    hom" → "ket hon", not "ho"), then a same-length substitution, then the
    most frequent. Unknown keys with no close word are dropped.

    Returns ``(keys, display words, complete)`` where ``complete`` says every
    unknown key found a correction, or ``(None, None, False)`` when nothing
    useful is left or nothing changed.
    """
    bigrams = bigrams or {}
    corrected, display, changed, complete = [], [], False, True
    for position, key in enumerate(keys):
        if key in vocabulary:
            corrected.append(key)
            display.append(vocabulary[key][1])
            continue
        changed = True
        if not correctable(key):
            complete = False
            continue
        if index is None:
            index = build_correction_index(vocabulary)
        limit = _max_distance(key)
        candidates = set()
        for variant in _deletes(key, limit):
            candidates |= index.get(variant, set())
        previous = corrected[-1] if corrected else None
        following = keys[position + 1] if position + 1 < len(keys) else None
        best = None
        for word in candidates:
            count, form = vocabulary[word]
            distance = edit_distance(key, word, cap=limit)
            if distance <= limit:
                pairs = bigrams.get((previous, word), 0) + bigrams.get((word, following), 0)
                rank = (distance, -pairs, len(word) != len(key), -count, word)
                if best is None or rank < best[0]:
                    best = (rank, word, form)
        if best:
            corrected.append(best[1])
            display.append(best[2])
        else:
            complete = False
    if not changed or not corrected:
        return None, None, False
    return corrected, display, complete
