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
- :func:`collation_key` sorts names in Vietnamese alphabetical order (a < ă
  < â, d < đ, e < ê, o < ô < ơ, u < ư; tones only break ties, in the
  dictionary order ngang, huyền, hỏi, ngã, sắc, nặng): "Dân tộc" < "Đất
  đai" < "Điện", where code-point or folded order would interleave D and Đ.
- :func:`catalogue_folded_name` is what the catalogue filters and sorts on:
  the name's collation key first, then the folded name, code and keywords.
"""

import re
import unicodedata
from functools import lru_cache

__all__ = ["WORD_RE", "catalogue_folded_name", "collation_key", "fold", "search_key", "search_text", "tokens"]

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


# Letters of the Vietnamese alphabet that follow a Latin letter: the base
# letter then a mark above "z" in code-point order ("{" < "|"), so that
# "a" < "ă" < "â" < "b" and "d" < "đ" < "e" compare right as plain strings.
_SHAPES = {
    ("a", "\u0306"): "{",  # ă
    ("a", "\u0302"): "|",  # â
    ("e", "\u0302"): "{",  # ê
    ("o", "\u0302"): "{",  # ô
    ("o", "\u031b"): "|",  # ơ
    ("u", "\u031b"): "{",  # ư
}
# Tones in dictionary order (ngang, huyền, hỏi, ngã, sắc, nặng) as signs
# no folded word contains, so that the catalogue's word filter never
# matches them.
_NO_TONE = "#"
_TONES = {"\u0300": "$", "\u0309": "%", "\u0303": "&", "\u0301": "'", "\u0323": "("}
_KEY_WORD_SEPARATOR = "!"  # sorts after " " (end of a name) and before digits and letters
_KEY_TONE_SEPARATOR = " "


def collation_key(text):
    """A string whose code-point order is the Vietnamese alphabetical order
    of ``text`` (compare keys with a binary collation: SQLite's default,
    ``COLLATE "C"`` on PostgreSQL). Letters first, word by word; tones, in
    dictionary order, only where the letters are equal."""
    if not text:
        return ""
    letters, tones = [], []
    for word in WORD_RE.findall(unicodedata.normalize("NFC", str(text)).lower()):
        out, tone = [], _NO_TONE
        for char in word:
            if char == "đ":
                out.append("d{")
                continue
            base, *marks = unicodedata.normalize("NFD", char)
            shape = ""
            for mark in marks:
                tone = _TONES.get(mark, tone)
                shape = _SHAPES.get((base, mark), shape)
            out.append(base + shape)
        letters.append("".join(out))
        tones.append(tone)
    return _KEY_WORD_SEPARATOR.join(letters) + _KEY_TONE_SEPARATOR + "".join(tones)


def catalogue_folded_name(code, title, keywords):
    """What the catalogue filters and sorts on: the name's collation key
    (so that ordering by it is Vietnamese alphabetical order), then the
    folded name, the code and the keywords (the filter looks for folded
    words in it)."""
    return " ".join(filter(None, [collation_key(title), fold(title), (code or "").lower(), fold(keywords)]))[:800]
