"""Vietnamese text helpers of the catalogue: the project's one folding.

Citizens type "dang ky ket hon", "DANG KY KET HON", "dăng ky ket hon" or
"đăng ký kết hôn"; all must find "Đăng ký kết hôn". Search engines fold some
of this on their own but not consistently (SQLite FTS5 leaves ế, ấ, ự and đ
alone; PostgreSQL's ``simple`` configuration folds nothing), so the catalogue
keeps folded copies of its text (``ProcedurePage.folded_name`` for the
catalogue filter, the ``search_*_folded`` index fields for search) and
``search`` folds queries the same way by importing these functions.

- :func:`fold` strips every tone and vowel mark, maps đ/Đ to d, lower-cases
  and collapses spaces. Input may be NFC or NFD (or a mix, as pasted from
  office documents).
- :func:`search_key` folds one word and also unifies the i/y spelling
  variants of Vietnamese syllables whose only vowel is i/y ("ký"/"kí",
  "lý"/"lí", "quy"/"qui"), a frequent source of "typos" that are not typos.
- :func:`tokens` splits text into search keys.
- :func:`search_text` is what goes into the index: the search keys of a text
  joined by spaces.
- :func:`catalogue_folded_name` is what the catalogue filters and sorts on.
"""

import re
import unicodedata
from functools import lru_cache

__all__ = ["WORD_RE", "catalogue_folded_name", "fold", "search_key", "search_text", "tokens"]

_SPACES = re.compile(r"\s+")
# A "word": letters and digits, plus dots inside procedure codes (1.001612).
WORD_RE = re.compile(r"\w+(?:\.\w+)*", re.UNICODE)
# Consonant onsets after which a final i/y is the syllable's only vowel.
_IY_SYLLABLE = re.compile(r"^(b|c|ch|d|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)[iy]$")

_STRIP = {ord("đ"): "d", ord("Đ"): "d", ord("ð"): "d", ord("Ð"): "d"}


def fold(value):
    """Lower-case text without diacritics: "Đăng Ký" → "dang ky"."""
    if not value:
        return ""
    value = str(value).translate(_STRIP)
    value = unicodedata.normalize("NFD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = unicodedata.normalize("NFC", value)
    return _SPACES.sub(" ", value).strip().lower()


@lru_cache(maxsize=100_000)
def search_key(word):
    """The key one word is indexed and looked up under (memoised: the
    catalogue's vocabulary is small)."""
    word = fold(word)
    if _IY_SYLLABLE.match(word):
        word = word[:-1] + "i"
    return word


def tokens(text):
    """Search keys of the words of ``text``, in order."""
    if not text:
        return []
    return [search_key(word) for word in WORD_RE.findall(str(text)) if word.strip("_")]


def search_text(*parts):
    """Folded copy of some text for the index."""
    return " ".join(key for part in parts if part for key in tokens(part))


def catalogue_folded_name(code, title, keywords):
    """The folded copy the catalogue filters and sorts on: the name first
    (so that ordering by it is alphabetical without diacritics getting in
    the way), then the code and the keywords."""
    return " ".join(filter(None, [fold(title), (code or "").lower(), fold(keywords)]))[:800]
