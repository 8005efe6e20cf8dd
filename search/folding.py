"""Vietnamese folding as search reads a query.

The folding itself (:func:`fold`, :func:`search_key`, :func:`tokens`,
:func:`search_text`) lives in ``content.text``: the catalogue needs it to
build the folded copies it stores and indexes, and ``content`` does not
import ``search``. It is re-exported here so that search code and its tests
have one place to import from. What only query analysis needs is defined
here:

- :func:`has_diacritics`: does the query carry marks (then names with exactly
  those marks rank first);
- :func:`exact_words`: the query's words with their marks kept.
"""

import re
import unicodedata

from content.text import WORD_RE, fold, search_key, search_text, tokens

__all__ = ["WORD_RE", "exact_words", "fold", "has_diacritics", "search_key", "search_text", "tokens"]

_SPACES = re.compile(r"\s+")


def has_diacritics(text):
    """True when ``text`` carries any Vietnamese mark (or đ)."""
    return bool(text) and fold(text) != _SPACES.sub(" ", str(text)).strip().lower()


def exact_words(text):
    """Lower-cased NFC words of ``text`` with their diacritics kept."""
    if not text:
        return []
    text = unicodedata.normalize("NFC", str(text)).lower()
    return WORD_RE.findall(text)
