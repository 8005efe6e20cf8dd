"""Small text helpers of the catalogue: Vietnamese folding for the
catalogue's name filter (the full search lives in ``search/``)."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(value):
    """Lower-case, strip diacritics (đ → d) and collapse spaces, so that
    "Đăng ký kết hôn" and "dang ky ket hon" compare equal."""
    if not value:
        return ""
    value = str(value).replace("đ", "d").replace("Đ", "D")
    value = unicodedata.normalize("NFD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return _SPACES.sub(" ", value).strip().lower()


def catalogue_folded_name(code, title, keywords):
    """The folded copy the catalogue filters and sorts on: the name first
    (so that ordering by it is alphabetical without diacritics getting in
    the way), then the code and the keywords."""
    return " ".join(filter(None, [fold(title), (code or "").lower(), fold(keywords)]))[:800]
