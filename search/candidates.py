"""Candidates of a search and their order (see ranking.py for the weights).

Retrieval goes through whatever backend ``WAGTAILSEARCH_BACKENDS`` selects,
always with folded keys: every word of the query (AND) for the query itself
and for each variant the synonym dictionary gives, plus names holding most
of the query's words (OR on the name-and-keywords column), so that a query
with one word no procedure uses still finds the procedure whose name holds
the others. The best ``RERANK`` candidates are then re-ranked in Python.
"""

from math import ceil
from operator import itemgetter

from django.db.models import Count, Q

from content.models import AgencyPage, FieldPage, ProcedurePage

from . import ranking
from .backends.index_queries import matching_ids
from .folding import tokens
from .memo import memo, settle

RERANK = 200  # candidates re-ranked in Python
MAX_MATCHES = 5000  # matches read for facets on non-database backends
NAME_MATCHES = 100  # names read for a partial (OR) match
NAME_PASS_BELOW = 30  # the partial pass runs when fewer candidates match every word
PARTIAL_RUN = 3  # consecutive query words in a name that make it a partial match
COMMON_NAME_WORD_SHARE = 0.05  # a word in more names than this share is not asked for in the partial pass ...
COMMON_NAME_WORD_MIN = 50  # ... nor below this many names
ROW_FIELDS = ("pk", "field_id", "agency_id", "level", "online_level")
POPULARITY_MAX_AGE = 900  # seconds: dossiers arrive without a catalogue event
SETTLE_PROFILES = 1000  # new ranking profiles after which they are moved out of the collector's reach
_UNSETTLED = [0]  # profiles made since the last memo.settle()


def live_procedures():
    """Procedures a citizen may see: published and not private."""
    return ProcedurePage.objects.live().public()


def live_rows():
    """``{pk: (pk, field_id, agency_id, level, online_level)}`` of every live,
    public procedure (memoised per catalogue version)."""
    return memo(
        "live-rows",
        lambda: {row[0]: row for row in live_procedures().values_list(*ROW_FIELDS).iterator(chunk_size=5000)},
    )


def backend_rows(keys, operator="and", names_only=False, limit=None):
    """Live procedures matching ``keys`` as row tuples, in the backend's
    relevance order."""
    if not keys:
        return []
    ids = matching_ids(ProcedurePage, keys, operator=operator, names_only=names_only, limit=limit)
    if ids is not None:  # database backends: one statement on the index
        # Looked up in C (map, filter): a common word matches most of the catalogue.
        return list(filter(None, map(live_rows().get, ids)))
    queryset = live_procedures()
    if names_only:
        results = queryset.search(" ".join(keys), operator=operator, fields=["search_name_folded"])
    else:
        results = queryset.search(" ".join(keys), operator=operator)
    objects = results[: limit or MAX_MATCHES]
    return [tuple(getattr(obj, name) for name in ROW_FIELDS) for obj in objects]


def code_rows(cleaned):
    """Procedures whose code is the query (exact first) or starts with it."""
    code = cleaned.strip().upper()
    queryset = live_procedures().filter(Q(code__iexact=code) | Q(code__istartswith=code))
    rows = list(queryset.values_list(*ROW_FIELDS, "code").order_by("code")[:50])
    rows.sort(key=lambda row: (row[5].upper() != code, row[5]))
    return [row[:5] for row in rows]


def popularity():
    """``{pk: 0 … 1}``: dossiers submitted per procedure, log-scaled."""

    def build():
        counts = (
            ProcedurePage.objects.filter(dossiers__isnull=False)
            .values_list("pk")
            .annotate(n=Count("dossiers"))
            .order_by()
        )
        return ranking.popularity_prior(dict(counts))

    return memo("popularity", build, max_age=POPULARITY_MAX_AGE)


def related_names():
    """``{field or agency page id: search keys of its name}`` (memoised per
    catalogue version): a profile's related words without joining the
    field and agency of every candidate."""

    def build():
        names = {}
        for model in (FieldPage, AgencyPage):
            for pk, title in model.objects.values_list("pk", "title").iterator(chunk_size=2000):
                names[pk] = frozenset(tokens(title))
        return names

    return memo("related-names", build)


def related_pages():
    """``{pk: page}`` of every field and agency (memoised per catalogue
    version): a page of hits shows their names without joining both pages
    (three more tables each) to every hit."""

    def build():
        return {page.pk: page for model in (FieldPage, AgencyPage) for page in model.objects.all()}

    return memo("related-pages", build)


def with_related(procedures):
    """``procedures`` with their field and agency attached from
    :func:`related_pages` (one query for the procedures alone)."""
    related = related_pages()
    for procedure in procedures:
        for name in ("field", "agency"):
            pk = getattr(procedure, f"{name}_id")
            if pk is not None and pk in related:
                setattr(procedure, name, related[pk])
    return procedures


def profiles(pks):
    """Ranking profiles of ``pks`` (memoised per catalogue version: made
    when a search first meets a procedure; the popularity prior is looked
    up when scoring, so dossiers submitted keep them)."""
    known = memo("profiles", dict)
    missing = [pk for pk in pks if pk not in known]
    if missing:
        related = related_names()
        shared = _related_pairs()
        nothing = frozenset()
        rows = ProcedurePage.objects.filter(pk__in=missing).values_list(
            "pk", "title", "keywords", "field_id", "agency_id"
        )
        for pk, title, keywords, field_id, agency_id in rows:
            pair = (field_id, agency_id)
            if pair not in shared:
                shared[pair] = related.get(field_id, nothing) | related.get(agency_id, nothing)
            known[pk] = ranking.make_profile(title, keywords, None, None, related=shared[pair])
        _UNSETTLED[0] += len(missing)
        if _UNSETTLED[0] >= SETTLE_PROFILES:
            _UNSETTLED[0] = 0
            settle()
    return known


def _related_pairs():
    """``{(field id, agency id): their names' keys}``: one frozenset per
    pair for every profile of that pair (memoised per catalogue version)."""
    return memo("related-pairs", dict)


def gather(variants, vocabulary=None):
    """Candidate rows for the query's variants (the first is the query
    itself): every-word matches of each variant, then names holding most of
    a variant's words (only when few candidates match every word: then
    the names holding every word are among them). Returns ``(rows,
    partial)`` where ``partial`` says nothing matched every word."""
    rows, seen = [], set()

    def add(found):
        if not seen and isinstance(found, list):
            # The first match list, one row per procedure: taken whole (tens
            # of thousands of rows for a common word).
            rows.extend(found)
            seen.update(map(itemgetter(0), found))
            if len(seen) == len(rows):
                return
            found, rows[:] = list(rows), []
            seen.clear()
        for row in found:
            if row[0] not in seen:
                seen.add(row[0])
                rows.append(row)

    for variant in variants:
        add(backend_rows(variant))
    partial = not rows
    if len(rows) >= NAME_PASS_BELOW:
        return rows, False
    common = max(COMMON_NAME_WORD_MIN, len(live_rows()) * COMMON_NAME_WORD_SHARE)
    for variant in variants[:4]:
        n = len(variant)
        if n < 2:
            continue
        need = ceil(n / 2) if partial else max(2, n - 1)
        # Words most names hold ("cấp", "đăng ký") would make the engine
        # rank nearly every name: ask for the names holding the rarer ones.
        asked = [k for k in variant if vocabulary is None or vocabulary.get(k, (0,))[0] <= common] or variant
        found = backend_rows(asked, operator="or", names_only=True, limit=NAME_MATCHES)
        known = profiles([row[0] for row in found if row[0] not in seen])
        add(row for row in found if row[0] in known and _names_enough(known[row[0]], variant, need))
    return rows, partial and bool(rows)


def _names_enough(profile, keys, need):
    """A name joins the candidates of a partial match when it holds
    ``need`` of the keys, or a run of at least ``PARTIAL_RUN`` of them in
    the query's order ("… trợ cấp thất nghiệp" after an agency's old name)."""
    return ranking.title_coverage(profile, keys) >= need or ranking.longest_run(
        keys, profile.name, profile.positions
    ) >= min(PARTIAL_RUN, len(keys))


def rerank(ids, variants, query_words, asked):
    """``ids`` with the best ``RERANK`` re-ordered: each scored on the
    variant that suits it best (the query itself first)."""
    head = ids[:RERANK]
    known = profiles(head)
    total = len(head)
    terms = [
        ranking.QueryTerms(variant, query_words, asked, synonym=index > 0) for index, variant in enumerate(variants)
    ]
    score = ranking.score
    prior = popularity()
    scored = []
    for position, pk in enumerate(head):
        profile = known.get(pk)
        if profile is None:
            continue
        weight = prior.get(pk, 0.0)
        best = max(score(profile, variant_terms, position, total, weight) for variant_terms in terms)
        scored.append((-best, position, pk))
    scored.sort()
    return [pk for _score, _position, pk in scored] + ids[RERANK:]
