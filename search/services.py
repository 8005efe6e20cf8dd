"""Catalogue search: retrieval, Vietnamese re-ranking, facets, spelling
help and autocomplete (the query log is ``querylog.py``).

Retrieval and ranking live in ``candidates.py`` (weights in
``ranking.py``), the synonym dictionary in ``synonyms.py``, the freshness
of per-process data in ``memo.py``. The order a citizen sees: an exact
procedure code first, promoted procedures next, then the re-ranked
candidates (name coverage far above keywords, field and agency, body text).
"""

import hashlib
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass
from dataclasses import field as dc_field
from math import ceil
from operator import itemgetter

from django.core.cache import cache
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Site

from content.constants import GovernmentLevel, OnlineLevel
from content.models import AgencyPage, FieldPage, HomePage, ProcedurePage
from content.text import collation_key

from . import ranking, synonyms
from .backends.index_queries import matching_ids
from .candidates import ROW_FIELDS, code_rows, gather, live_procedures, live_rows, popularity, profiles, rerank
from .folding import exact_words, has_diacritics, search_key, tokens
from .memo import bump_catalogue_version, catalogue_version, memo, memo_generation
from .text import (
    FULL_CODE_RE,
    build_correction_index,
    clean_query,
    correct_keys,
    highlight,
    looks_like_code,
    query_keys,
)

__all__ = [
    "Filters",
    "SearchOutcome",
    "autocomplete",
    "bump_catalogue_version",
    "live_procedures",
    "search_procedures",
]

PAGE_SIZE = 20
AUTOCOMPLETE_LIMIT = 8
CACHE_TTL = 300
OUTCOME_MEMO_SIZE = 300  # recent search outcomes kept per process
FACET_NAMES = ("field", "agency", "level", "online_level")
SHORTEST_LONE_CORRECTION = 4  # letters of a word corrected when no word of the query is known


def _cache_key(kind, text=""):
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]
    return f"search:{kind}:{catalogue_version()}:{digest}"


@dataclass
class Filters:
    field: FieldPage | None = None
    agency: AgencyPage | None = None
    level: str = ""
    online_level: str = ""

    def as_row_filters(self, skip=None):
        wanted = {}
        if self.field and skip != "field":
            wanted[1] = self.field.pk
        if self.agency and skip != "agency":
            wanted[2] = self.agency.pk
        if self.level and skip != "level":
            wanted[3] = self.level
        if self.online_level and skip != "online_level":
            wanted[4] = self.online_level
        return wanted

    def apply(self, queryset):
        if self.field:
            queryset = queryset.filter(field=self.field)
        if self.agency:
            queryset = queryset.filter(agency=self.agency)
        if self.level:
            queryset = queryset.filter(level=self.level)
        if self.online_level:
            queryset = queryset.filter(online_level=self.online_level)
        return queryset

    @property
    def active(self):
        return bool(self.field or self.agency or self.level or self.online_level)


def _vocabulary():
    """Words of the catalogue's names, keywords, fields and agencies:
    ``({search key: (count, most frequent written form)}, {(key, next key): count},
    spelling-correction index)``."""
    return memo("vocabulary", _build_vocabulary)


def _build_vocabulary():
    counts, forms, bigrams = Counter(), defaultdict(Counter), Counter()
    rows = live_procedures().values_list("title", "keywords", "field__title", "agency__title")
    for row in rows.iterator(chunk_size=2000):
        for text in row:
            for part in (text or "").split(","):
                previous = None
                for word in exact_words(part):
                    folded = search_key(word)
                    if previous:
                        bigrams[(previous, folded)] += 1
                    previous = folded
                    if len(folded) < 2 or folded.isdigit():
                        continue
                    counts[folded] += 1
                    forms[folded][word] += 1
    vocabulary = {word: (count, forms[word].most_common(1)[0][0]) for word, count in counts.items()}
    for key, form in synonyms.known_words().items():
        if len(key) >= 2 and not key.isdigit():
            vocabulary.setdefault(key, (1, form))
    return vocabulary, dict(bigrams), build_correction_index(vocabulary)


def _promotions():
    """``{folded query: [procedure pk, ...]}`` from Wagtail's search
    promotions (editors: Settings → Promoted search results)."""
    return memo("promotions", _build_promotions)


def _build_promotions():
    promotions = defaultdict(list)
    picks = (
        SearchPromotion.objects.filter(page__isnull=False)
        .select_related("query")
        .order_by("query_id", "sort_order", "pk")
    )
    for pick in picks:
        promotions[" ".join(tokens(pick.query.query_string))].append(pick.page_id)
    return dict(promotions)


def query_variants(keys):
    """Content keys of the query and of its synonym variants, the query's
    own first (filler words dropped from what the citizen typed, never from
    the dictionary's administrative names)."""
    variants = []
    for segments in synonyms.expand(keys):
        variant = []
        for typed, replacement in segments:
            variant += ranking.strip_filler(typed)
            variant += replacement
        if not variant:
            variant = ranking.content_keys(keys)
        if variant not in variants:
            variants.append(variant)
    return variants


# --- results ----------------------------------------------------------------


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    page: ProcedurePage
    title_html: str
    summary_html: str
    promoted: bool = False


@dataclass
class SearchOutcome:
    query: str = ""
    keys: list = dc_field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    per_page: int = PAGE_SIZE
    hits: list = dc_field(default_factory=list)
    facets: dict = dc_field(default_factory=dict)
    corrected_query: str = ""
    suggestion: str = ""
    empty_query: bool = True

    @property
    def has_results(self):
        return self.total > 0


def _facets(rows, filters):
    """Counts per facet value over ``rows``, each facet under the other
    facets' filters (so a citizen sees what choosing a value would give)."""
    result = {}
    for index, name in enumerate(FACET_NAMES, start=1):
        wanted = filters.as_row_filters(skip=name)
        if wanted:
            checks = list(wanted.items())
            subset = [row for row in rows if all(row[i] == value for i, value in checks)]
        else:
            subset = rows
        counts = Counter(map(itemgetter(index), subset))
        counts.pop(None, None)
        counts.pop("", None)
        result[name] = counts
    labels = _facet_labels(result["field"].keys(), result["agency"].keys())
    selected = {
        "field": filters.field.pk if filters.field else None,
        "agency": filters.agency.pk if filters.agency else None,
        "level": filters.level,
        "online_level": filters.online_level,
    }
    facets = {}
    for name, counts in result.items():
        values = []
        for value, count in counts.items():
            if name in ("field", "agency"):
                code, label = labels[name].get(value, ("", ""))
                if not code:
                    continue
            else:
                choices = GovernmentLevel if name == "level" else OnlineLevel
                code, label = value, str(dict(choices.choices).get(value, value))
            values.append(FacetValue(code, label, count, value == selected[name]))
        values.sort(key=lambda v: (-v.count, collation_key(v.label)))
        facets[name] = values
    return facets


def _facet_labels(field_ids, agency_ids):
    return {
        "field": {
            pk: (code, title)
            for pk, code, title in FieldPage.objects.filter(pk__in=list(field_ids)).values_list("pk", "code", "title")
        },
        "agency": {
            pk: (code, title)
            for pk, code, title in AgencyPage.objects.filter(pk__in=list(agency_ids)).values_list("pk", "code", "title")
        },
    }


def search_procedures(raw_query, filters=None, page=1, per_page=PAGE_SIZE):
    """Search the live catalogue. Never raises on odd input: an empty or
    meaningless query gives an outcome with ``empty_query`` set."""
    filters = filters or Filters()
    cleaned = clean_query(raw_query)
    keys = query_keys(cleaned)
    outcome = SearchOutcome(query=cleaned, keys=keys, per_page=per_page)
    if not keys:
        return outcome
    outcome.empty_query = False
    # Popular queries repeat all day ("đăng ký khai sinh"): keep recent
    # outcomes per process for the current catalogue version.
    memo_key = (
        cleaned,
        filters.field.pk if filters.field else None,
        filters.agency.pk if filters.agency else None,
        filters.level,
        filters.online_level,
        page,
        per_page,
    )
    popularity()  # outcomes follow the popularity prior they were ranked with
    recent = memo("outcomes", OrderedDict, tag=memo_generation("popularity"))
    if memo_key in recent:
        recent.move_to_end(memo_key)
        return recent[memo_key]
    _search_into(outcome, cleaned, keys, filters, page, per_page)
    recent[memo_key] = outcome
    if len(recent) > OUTCOME_MEMO_SIZE:
        recent.popitem(last=False)
    return outcome


def _recognisable(rows, variants):
    """A correction is offered only when its best match's name holds most
    of the corrected words: a person sees at once that it is what they
    meant (a nonsense query never becomes a real-looking one)."""
    ids = rerank([row[0] for row in rows[:50]], variants, [], variants[0])[:1]
    if not ids:
        return False
    profile = profiles(ids)[ids[0]]
    keys = variants[0]
    return ranking.title_coverage(profile, keys) * 2 >= len(keys) or any(
        ranking.phrase_in(keys, phrase) for phrase in profile.keyword_phrases
    )


def _search_into(outcome, cleaned, keys, filters, page, per_page):
    variants = query_variants(keys)
    vocabulary = _vocabulary()[0]
    rows, partial = gather(variants, vocabulary)
    display_keys = keys
    corrected_ids, corrected_variants = [], []
    if not looks_like_code(cleaned):
        vocabulary, bigrams, correction_index = _vocabulary()
        unknown = [key for key in keys if key not in vocabulary]
        # Nothing the catalogue knows and a short word: too little to guess
        # from ("bla bla" is no typo of "bìa").
        if unknown and not (len(unknown) == len(keys) and min(map(len, keys)) < SHORTEST_LONE_CORRECTION):
            corrected, words, complete = correct_keys(keys, vocabulary, bigrams, correction_index)
            if corrected and (complete or not rows or partial):
                # Nothing found, or only through the body text with words no
                # name uses ("ket hom"): the corrected query's matches first,
                # if a person would recognise them as what they typed.
                corrected_variants = query_variants(corrected)
                corrected_rows, _ = gather(corrected_variants, vocabulary)
                if corrected_rows and _recognisable(corrected_rows, corrected_variants):
                    outcome.suggestion = " ".join(words)
                    if not rows or partial:
                        outcome.corrected_query = outcome.suggestion
                    display_keys = corrected
                    corrected_ids = [row[0] for row in corrected_rows]
                    seen_ids = set(corrected_ids)
                    rows = corrected_rows + [row for row in rows if row[0] not in seen_ids]

    # Pinned: the exact (or partially typed) code, then editors' promotions.
    pinned = code_rows(cleaned) if looks_like_code(cleaned) else []
    promoted_ids = _promotions().get(" ".join(keys), [])
    if promoted_ids:
        promoted_rows = list(live_procedures().filter(pk__in=promoted_ids).values_list(*ROW_FIELDS))
        promoted_rows.sort(key=lambda row: promoted_ids.index(row[0]))
        if pinned and FULL_CODE_RE.match(cleaned.strip()):
            pinned = pinned[:1] + promoted_rows + pinned[1:]
        else:
            pinned = promoted_rows + pinned

    seen = set()
    all_rows = []
    for row in pinned + rows:
        if row[0] not in seen:
            seen.add(row[0])
            all_rows.append(row)

    outcome.facets = _facets(all_rows, filters)
    wanted = filters.as_row_filters()
    if wanted:
        checks = list(wanted.items())
        matching = [row for row in all_rows if all(row[i] == v for i, v in checks)]
    else:
        matching = all_rows
    matching_set = {row[0] for row in matching}
    pinned_ids = [row[0] for row in pinned if row[0] in matching_set]
    pinned_set = set(pinned_ids)
    rest = [row[0] for row in matching if row[0] not in pinned_set]
    query_words = exact_words(cleaned) if has_diacritics(cleaned) else []
    if corrected_ids:
        corrected_set = set(corrected_ids)
        first = [pk for pk in rest if pk in corrected_set]
        others = [pk for pk in rest if pk not in corrected_set]
        ordered = (
            pinned_ids
            + rerank(first, corrected_variants, query_words, display_keys)
            + rerank(others, variants, query_words, keys)
        )
    else:
        ordered = pinned_ids + rerank(rest, variants, query_words, keys)

    outcome.total = len(ordered)
    outcome.pages = max(1, ceil(outcome.total / per_page)) if outcome.total else 0
    outcome.page = min(max(1, page), max(outcome.pages, 1))
    start = (outcome.page - 1) * per_page
    page_ids = ordered[start : start + per_page]
    pages = ProcedurePage.objects.filter(pk__in=page_ids).select_related("field", "agency")
    by_id = {p.pk: p for p in pages}
    promoted_set = set(promoted_ids)
    prefix = display_keys[-1:] if len(display_keys[-1]) >= 3 else []
    for pk in page_ids:
        procedure = by_id.get(pk)
        if procedure is None:
            continue
        outcome.hits.append(
            Hit(
                page=procedure,
                title_html=highlight(procedure.title, display_keys, prefix),
                summary_html=highlight(procedure.summary, display_keys, prefix, limit=240),
                promoted=pk in promoted_set,
            )
        )
    return outcome


# --- autocomplete ----------------------------------------------------------


def autocomplete(raw_query, limit=AUTOCOMPLETE_LIMIT):
    """Up to ``limit`` suggestions ``{"code", "name", "url"}`` for what is
    being typed: word prefixes, with or without diacritics, or a code.
    Cached per folded prefix and catalogue version."""
    cleaned = clean_query(raw_query)
    keys = query_keys(cleaned)
    if not keys:
        return []
    key = _cache_key("ac", " ".join(keys) + f"|{limit}|{looks_like_code(cleaned)}")
    cached = cache.get(key)
    if cached is not None:
        return cached

    if looks_like_code(cleaned):
        ids = [row[0] for row in code_rows(cleaned)]
    else:
        ids = matching_ids(ProcedurePage, keys, prefix=True, limit=200)
        if ids is not None:
            live = live_rows()
            ids = [pk for pk in ids if pk in live][:60]
        else:
            results = live_procedures().autocomplete(" ".join(keys), operator="and")
            ids = [obj.pk for obj in results[:60]]
    rows = {
        row[0]: row
        for row in ProcedurePage.objects.filter(pk__in=ids).values_list("pk", "code", "title", "url_path", "keywords")
    }

    def rank(item):
        position, pk = item
        _pk, code, title, _url, keywords = rows[pk]
        name = tokens(title)
        complete, last = keys[:-1], keys[-1]
        words_ok = all(k in name for k in complete) and any(w.startswith(last) for w in name)
        starts = (
            name[: len(complete)] == complete and len(name) > len(complete) and name[len(complete)].startswith(last)
        )
        return (not starts, not words_ok, len(name), position)

    ordered = sorted(((pos, pk) for pos, pk in enumerate(ids) if pk in rows), key=rank)
    sites = Site.get_site_root_paths()  # url_path is already in ``rows``
    suggestions = [
        {"code": rows[pk][1], "name": rows[pk][2], "url": _relative_url(rows[pk][3], sites)}
        for _pos, pk in ordered[:limit]
    ]
    cache.set(key, suggestions, CACHE_TTL)
    return suggestions


def _relative_url(url_path, sites):
    for site in sites:
        if url_path.startswith(site.root_path):
            return "/" + url_path[len(site.root_path) :].lstrip("/")
    return ""


def procedure_url(page, request=None):
    """Relative URL of a procedure page from its ``url_path`` and the cached
    site root paths (no per-request site lookup)."""
    return _relative_url(page.url_path, Site.get_site_root_paths()) or (page.get_url(request=request) or "")


# --- help when nothing matches ----------------------------------------------


def most_used_procedures(limit=6):
    """What most citizens come for: the home page's featured procedures,
    else the full-online ones."""
    home = HomePage.objects.live().first()
    procedures = []
    if home is not None and hasattr(home, "featured_procedures"):
        ids = list(home.featured_procedures.values_list("procedure_id", flat=True)[:limit])
        by_id = {p.pk: p for p in live_procedures().filter(pk__in=ids)}
        procedures = [by_id[pk] for pk in ids if pk in by_id]
    if len(procedures) < limit:
        more = (
            live_procedures()
            .exclude(pk__in=[p.pk for p in procedures])
            .order_by("-online_level", "title")[: limit - len(procedures)]
        )
        procedures += list(more)
    return procedures
