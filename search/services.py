"""Catalogue search: retrieval through Wagtail's search backend, Vietnamese
re-ranking, facets, spelling help, autocomplete and the query log.

Retrieval goes through whatever backend ``WAGTAILSEARCH_BACKENDS`` selects,
always with the folded query (search/folding.py) against the folded copies
the index holds. The backend's relevance order is then refined over the best
``RERANK`` candidates with what a citizen expects: an exact procedure code
first, promoted procedures next, then the name weighted far above the
keywords (citizens' synonyms), far above field and agency, above body text;
with diacritics in the query, names with exactly those diacritics first.
"""

import hashlib
import logging
import time
import uuid
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass
from dataclasses import field as dc_field
from math import ceil
from operator import itemgetter

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Site

from content.constants import GovernmentLevel, OnlineLevel
from content.models import AgencyPage, FieldPage, HomePage, ProcedurePage

from .backends.index_queries import matching_ids
from .folding import exact_words, has_diacritics, search_key, tokens
from .text import (
    FULL_CODE_RE,
    build_correction_index,
    clean_query,
    correct_keys,
    highlight,
    looks_like_code,
    query_keys,
)

logger = logging.getLogger("search")

PAGE_SIZE = 20
RERANK = 200  # candidates re-ranked in Python
MAX_MATCHES = 5000  # matches read for facets on non-database backends
AUTOCOMPLETE_LIMIT = 8
CACHE_TTL = 300
OUTCOME_MEMO_SIZE = 300  # recent search outcomes kept per process
VERSION_KEY = "search:catalogue-version"
FACET_NAMES = ("field", "agency", "level", "online_level")


# --- cache versioning -------------------------------------------------------


def catalogue_version():
    """A token that changes whenever the catalogue changes (a fresh random
    one after a cache flush, so stale derived data is never mistaken for
    current)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex[:12]
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    return version


def bump_catalogue_version(**kwargs):
    """Signal receiver: a procedure, field, agency or promotion changed."""
    cache.set(VERSION_KEY, uuid.uuid4().hex[:12], None)


_MEMO = {}
MEMO_MAX_AGE = 60  # seconds; bounds staleness across processes with a local cache


def _memo(name, build):
    """Per-process memo of data derived from the whole catalogue, rebuilt
    when the catalogue version changes (or after MEMO_MAX_AGE)."""
    version = catalogue_version()
    entry = _MEMO.get(name)
    now = time.monotonic()
    if entry and entry[0] == version and now - entry[1] < MEMO_MAX_AGE:
        return entry[2]
    value = build()
    _MEMO[name] = (version, now, value)
    return value


def _cache_key(kind, text=""):
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]
    return f"search:{kind}:{catalogue_version()}:{digest}"


# --- querysets -------------------------------------------------------------


def live_procedures():
    """Procedures a citizen may see: published and not private."""
    return ProcedurePage.objects.live().public()


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


# --- retrieval -------------------------------------------------------------

ROW_FIELDS = ("pk", "field_id", "agency_id", "level", "online_level")


def _live_rows():
    """``{pk: (pk, field_id, agency_id, level, online_level)}`` of every live,
    public procedure (memoised per catalogue version)."""
    return _memo(
        "live-rows",
        lambda: {row[0]: row for row in live_procedures().values_list(*ROW_FIELDS).iterator(chunk_size=5000)},
    )


def _backend_rows(keys, operator="and"):
    """All live procedures matching ``keys`` as ``(pk, field_id, agency_id,
    level, online_level)`` in the backend's relevance order."""
    if not keys:
        return []
    ids = matching_ids(ProcedurePage, keys, operator=operator)
    if ids is not None:  # database backends: one statement on the index
        live = _live_rows()
        return [live[pk] for pk in ids if pk in live]
    results = live_procedures().search(" ".join(keys), operator=operator)
    objects = results[:MAX_MATCHES]
    return [tuple(getattr(obj, name) for name in ROW_FIELDS) for obj in objects]


def _code_rows(cleaned):
    """Procedures whose code is the query (exact first) or starts with it."""
    code = cleaned.strip().upper()
    queryset = live_procedures().filter(Q(code__iexact=code) | Q(code__istartswith=code))
    rows = list(queryset.values_list(*ROW_FIELDS, "code").order_by("code")[:50])
    rows.sort(key=lambda row: (row[5].upper() != code, row[5]))
    return [row[:5] for row in rows]


def _vocabulary():
    """Words of the catalogue's names, keywords, fields and agencies:
    ``({search key: (count, most frequent written form)}, {(key, next key): count},
    spelling-correction index)``."""
    return _memo("vocabulary", _build_vocabulary)


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
    return vocabulary, dict(bigrams), build_correction_index(vocabulary)


def _promotions():
    """``{folded query: [procedure pk, ...]}`` from Wagtail's search
    promotions (editors: Settings → Promoted search results)."""
    return _memo("promotions", _build_promotions)


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


# --- ranking ----------------------------------------------------------------


def _phrase_in(needle, haystack):
    if not needle or len(needle) > len(haystack):
        return False
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


# Words that make a procedure a variant of a base one (re-issue, extension,
# amendment, closing...). Unless the query asks for them, the base procedure
# ranks first: "giấy phép xây dựng" means getting one, not renewing it.
# Matched with their diacritics ("lại" is not "lái").
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


@dataclass
class _Profile:
    """What ranking needs of one procedure, computed once per catalogue
    version: name keys, keyword phrases' keys, field/agency keys, exact
    words, variant markers."""

    name: list
    name_set: frozenset
    keyword_phrases: list
    related: frozenset
    exact: frozenset
    variants: list


def _profile(pk, title, keywords, field_title, agency_title):
    profiles = _memo("profiles", dict)
    profile = profiles.get(pk)
    if profile is None:
        name = tokens(title)
        words = exact_words(title)
        word_set = set(words)
        profile = _Profile(
            name=name,
            name_set=frozenset(name),
            keyword_phrases=[k for k in (tokens(p) for p in (keywords or "").split(",")) if k],
            related=frozenset(tokens(field_title)) | frozenset(tokens(agency_title)),
            exact=frozenset(words) | frozenset(exact_words(keywords)),
            variants=[
                [search_key(w) for w in marker]
                for marker in VARIANT_MARKERS
                if marker[0] in word_set and _phrase_in(list(marker), words)
            ],
        )
        profiles[pk] = profile
    return profile


def _score(profile, keys, position, total, query_words):
    """Relevance of one candidate. The name counts most, as a phrase far
    more than as scattered words; citizens' keywords next; field and agency
    little; the backend's own order stands for the body text."""
    name = profile.name
    n = len(keys)
    score = 0.0
    covered = sum(1 for key in keys if key in profile.name_set)
    score += 50.0 * (covered / n) ** 2  # scattered single words count little
    if _phrase_in(keys, name):
        score += 80
        if name[:n] == keys:
            score += 15
    if name == keys:
        score += 40
    score -= 0.8 * max(0, len(name) - n)  # shorter names first
    score -= 6.0 * sum(1 for marker in profile.variants if not _phrase_in(marker, keys))
    best_keyword, containing = 0.0, 0
    for phrase_keys in profile.keyword_phrases:
        if _phrase_in(keys, phrase_keys):
            containing += 1
            best_keyword = max(best_keyword, 90 if phrase_keys == keys else 60)
        elif _phrase_in(phrase_keys, keys):
            best_keyword = max(best_keyword, 35.0 * len(phrase_keys) / n)
        else:
            hit = sum(1 for key in keys if key in phrase_keys)
            best_keyword = max(best_keyword, 25.0 * hit / n)
    score += best_keyword + 5 * min(max(containing - 1, 0), 3)
    score += 10.0 * sum(1 for key in keys if key in profile.related) / n
    score += 15.0 * (1 - position / max(total, 1))
    if query_words:
        exact = sum(1 for word in query_words if word in profile.exact)
        score += 30.0 * exact / len(query_words)
    return score


def _rerank(ids, keys, query_words):
    head = ids[:RERANK]
    profiles = _memo("profiles", dict)
    missing = [pk for pk in head if pk not in profiles]
    if missing:
        for row in ProcedurePage.objects.filter(pk__in=missing).values_list(
            "pk", "title", "keywords", "field__title", "agency__title"
        ):
            _profile(*row)
    total = len(head)
    scored = [
        (-_score(profiles[pk], keys, position, total, query_words), position, pk)
        for position, pk in enumerate(head)
        if pk in profiles
    ]
    scored.sort()
    return [pk for _score_, _position, pk in scored] + ids[RERANK:]


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
        values.sort(key=lambda v: (-v.count, v.label))
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
    recent = _memo("outcomes", OrderedDict)
    if memo_key in recent:
        recent.move_to_end(memo_key)
        return recent[memo_key]
    _search_into(outcome, cleaned, keys, filters, page, per_page)
    recent[memo_key] = outcome
    if len(recent) > OUTCOME_MEMO_SIZE:
        recent.popitem(last=False)
    return outcome


def _search_into(outcome, cleaned, keys, filters, page, per_page):

    rows = _backend_rows(keys)
    display_keys = keys
    corrected_ids = []
    if not looks_like_code(cleaned):
        vocabulary, bigrams, correction_index = _vocabulary()
        if any(key not in vocabulary for key in keys):
            corrected, words, complete = correct_keys(keys, vocabulary, bigrams, correction_index)
            if corrected and (complete or not rows):
                # Nothing found, or only through the body text with words no
                # name uses ("ket hom"): the corrected query's matches first.
                outcome.suggestion = " ".join(words)
                corrected_rows = _backend_rows(corrected)
                if corrected_rows:
                    if not rows:
                        outcome.corrected_query = outcome.suggestion
                    display_keys = corrected
                    corrected_ids = [row[0] for row in corrected_rows]
                    seen_ids = set(corrected_ids)
                    rows = corrected_rows + [row for row in rows if row[0] not in seen_ids]

    # Pinned: the exact (or partially typed) code, then editors' promotions.
    pinned = _code_rows(cleaned) if looks_like_code(cleaned) else []
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
        ordered = pinned_ids + _rerank(first, display_keys, query_words) + _rerank(others, keys, query_words)
    else:
        ordered = pinned_ids + _rerank(rest, display_keys, query_words)

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
        ids = [row[0] for row in _code_rows(cleaned)]
    else:
        ids = matching_ids(ProcedurePage, keys, prefix=True, limit=200)
        if ids is not None:
            live = _live_rows()
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


# --- help when nothing matches, query log ----------------------------------


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


def log_search(outcome, filters):
    """Count a citizen's search in the log, once: its first page, unfiltered
    (paging and narrowing down are not new searches)."""
    if not outcome.empty_query and outcome.page == 1 and not filters.active:
        log_query(outcome.query, outcome.keys)


def log_query(cleaned, keys):
    """Count the query in Wagtail's search log (Reports → Search terms)."""
    if not keys or sum(len(k) for k in keys) < 2:
        return
    try:
        with transaction.atomic():  # one commit for the three statements
            Query.get(cleaned).add_hit()
    except Exception:  # the log must never break a search
        logger.exception("search.query_log_failed")
