"""Catalogue search: a query's outcome (candidates, spelling help, pinned
and promoted procedures, the page of hits) for the site and the API.

Retrieval and ranking live in ``candidates.py`` (weights in
``ranking.py``), filters and facet counts in ``facets.py``, autocomplete in
``suggest.py``, the synonym dictionary in ``synonyms.py``, the query log in
``querylog.py``, the freshness of per-process data in ``memo.py``. The order a citizen sees: an exact
procedure code first, promoted procedures next, then the re-ranked
candidates (name coverage far above keywords, field and agency, body text).
"""

from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass
from dataclasses import field as dc_field
from math import ceil
from operator import itemgetter

from wagtail.contrib.search_promotions.models import SearchPromotion

from content.models import HomePage, ProcedurePage

from . import ranking, synonyms
from .candidates import ROW_FIELDS, code_rows, gather, live_procedures, popularity, profiles, rerank, with_related
from .facets import FACET_NAMES, Filters, facets
from .folding import exact_words, has_diacritics, search_key, tokens
from .memo import bump_catalogue_version, memo, memo_generation
from .suggest import autocomplete, procedure_url
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
    "FACET_NAMES",
    "Filters",
    "SearchOutcome",
    "autocomplete",
    "bump_catalogue_version",
    "live_procedures",
    "most_used_procedures",
    "procedure_url",
    "search_procedures",
]

PAGE_SIZE = 20
#: What a page of hits reads of each procedure (the results page, the API,
#: the lobby kiosk): its sheet (steps, conditions, StreamFields) stays in
#: the database. A field read outside this list costs one query per hit.
HIT_FIELDS = ("title", "url_path", "code", "summary", "field_id", "agency_id", "level", "online_level")
OUTCOME_MEMO_SIZE = 300  # recent search outcomes kept per process
SHORTEST_LONE_CORRECTION = 4  # letters of a word corrected when no word of the query is known


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

    if pinned:
        seen = set()
        all_rows = []
        for row in pinned + rows:
            if row[0] not in seen:
                seen.add(row[0])
                all_rows.append(row)
    else:
        all_rows = rows  # gather() gives each procedure once

    outcome.facets = facets(all_rows, filters)
    matching = filters.matching(all_rows)
    if pinned:
        matching_set = {row[0] for row in matching}
        pinned_ids = [row[0] for row in pinned if row[0] in matching_set]
        pinned_set = set(pinned_ids)
        rest = [row[0] for row in matching if row[0] not in pinned_set]
    else:
        pinned_ids = []
        rest = list(map(itemgetter(0), matching))
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
    by_id = {p.pk: p for p in with_related(ProcedurePage.objects.filter(pk__in=page_ids).only(*HIT_FIELDS))}
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
