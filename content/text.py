"""Small text helpers of the catalogue: the folded name its filter sorts
and matches on. Folding itself is ``search.folding.fold`` (re-exported)."""
from search.folding import fold  # the project's one Vietnamese folding

__all__ = ["catalogue_folded_name", "fold"]


def catalogue_folded_name(code, title, keywords):
    """The folded copy the catalogue filters and sorts on: the name first
    (so that ordering by it is alphabetical without diacritics getting in
    the way), then the code and the keywords."""
    return " ".join(filter(None, [fold(title), (code or "").lower(), fold(keywords)]))[:800]
