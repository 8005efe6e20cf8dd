"""Fast path for very large catalogues (benchmarks: ``load_demo_catalogue
--synthetic N``).

Records are validated with the importer's schema, then written with a few
bulk INSERTs per batch: the treebeard paths of the new pages are computed
here, the base ``wagtailcore_page`` rows go in with ``bulk_create`` and the
``ProcedurePage`` rows with Django's batched insert (``bulk_create`` refuses
multi-table models). No per-page signals fire; the search index is updated
once at the end, batch by batch (``update_search_index``: set-based on
PostgreSQL's database backend, ``content/bulk_search.py``; the backends'
``add_bulk`` elsewhere). Pages are published
without revisions (their first edit in the admin creates one).
"""

import datetime
import logging
import time
import uuid
from contextlib import ExitStack
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from . import bulk_search
from .catalogue_io.importing import default_slug
from .catalogue_io.schema import Lookups, RecordError, normalize
from .models import (
    AgencyPage,
    FieldPage,
    ProcedureComponent,
    ProcedureFee,
    ProcedureFeeExemption,
    ProcedureLegalBasis,
    ProcedureMethod,
    ProcedurePage,
)
from .signals import catalogue_changed
from .text import catalogue_folded_name

logger = logging.getLogger(__name__)

BATCH = 1000


def bulk_load_procedures(raw_records, index, progress=None):
    """Insert new procedures (existing codes are skipped). Returns a dict of
    figures: ``created``, ``skipped``, ``rejected``, ``seconds``,
    ``index_seconds``."""
    started = time.monotonic()
    lookups = Lookups()
    existing_codes = set(ProcedurePage.objects.values_list("code", flat=True))
    existing_slugs = set(Page.objects.child_of(index).values_list("slug", flat=True))
    records, rejected, skipped = [], 0, 0
    for raw in raw_records:
        try:
            record = normalize(raw, lookups)
        except RecordError:
            rejected += 1
            continue
        if record["code"] in existing_codes:
            skipped += 1
            continue
        existing_codes.add(record["code"])
        slug = record["slug"] or default_slug(record)
        if slug in existing_slugs:
            slug = default_slug(record)
        if slug in existing_slugs:
            rejected += 1
            continue
        existing_slugs.add(slug)
        record["slug"] = slug
        records.append(record)

    content_type = ContentType.objects.get_for_model(ProcedurePage)
    created = 0
    new_ids = []
    for start in range(0, len(records), BATCH):
        chunk = records[start : start + BATCH]
        with transaction.atomic():
            new_ids.extend(_insert_chunk(chunk, index, content_type, lookups))
        created += len(chunk)
        if progress:
            progress(created, len(records), time.monotonic() - started)
    write_seconds = time.monotonic() - started

    index_started = time.monotonic()
    index_parts = update_search_index(ProcedurePage, new_ids)
    catalogue_changed.send(sender=ProcedurePage, ids=new_ids)
    index_seconds = time.monotonic() - index_started
    return {
        "created": created,
        "skipped": skipped,
        "rejected": rejected,
        "seconds": write_seconds,
        "index_seconds": index_seconds,
        "index_parts": index_parts,
        "analyze_seconds": analyze() if created else 0.0,
    }


def analyze():
    """``ANALYZE`` the database after a bulk load, so that the planner knows
    the tables' new sizes now rather than when autovacuum gets to them
    (PostgreSQL picked plans 2× slower on a fresh 20,000-procedure catalogue;
    SQLite has no statistics at all until ANALYZE). Returns the seconds."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds = time.monotonic() - started
    logger.info("catalogue analysed in %.2f s", seconds)
    return seconds


def _insert_chunk(chunk, index, content_type, lookups):
    index = Page.objects.select_for_update().get(pk=index.pk)
    last = index.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    now = timezone.now()
    depth = index.depth + 1
    base_rows = []
    for offset, record in enumerate(chunk, start=1):
        base_rows.append(
            Page(
                title=record["name"],
                draft_title=record["name"],
                slug=record["slug"],
                content_type=content_type,
                live=True,
                has_unpublished_changes=False,
                url_path=f"{index.url_path}{record['slug']}/",
                path=Page._get_path(index.path, depth, step + offset),
                depth=depth,
                numchild=0,
                locale_id=index.locale_id,
                translation_key=uuid.uuid4(),
                first_published_at=now,
                last_published_at=now,
                seo_title="",
                search_description="",
            )
        )
    Page.objects.bulk_create(base_rows, batch_size=500)
    if any(row.pk is None for row in base_rows):  # backends that do not return ids
        ids = dict(Page.objects.filter(path__in=[row.path for row in base_rows]).values_list("path", "pk"))
        for row in base_rows:
            row.pk = row.id = ids[row.path]

    pages, methods, components, bases, links, fees, exemptions = [], [], [], [], [], [], []
    through = ProcedurePage.coordinating_agencies.through
    for base, record in zip(base_rows, chunk, strict=False):
        page = ProcedurePage(
            page_ptr_id=base.pk,
            code=record["code"],
            decision_number=record["decision_number"],
            level=record["level"],
            procedure_type=record["procedure_type"],
            field_id=lookups.fields.get(record["field"]),
            agency_id=lookups.agencies.get(record["agency"]),
            competent_agency=record["competent_agency"],
            authorised_agency=record["authorised_agency"],
            for_citizens="citizen" in record["applicants"],
            for_organisations="organisation" in record["applicants"],
            for_enterprises="enterprise" in record["applicants"],
            applicants_note=record["applicants_note"],
            summary=record["summary"],
            steps=[("step", {"title": s["title"], "description": s["description"]}) for s in record["steps"]],
            processing_days=None if record["processing_days"] is None else Decimal(str(record["processing_days"])),
            processing_time_note=record["processing_time_note"],
            payment_pauses_clock=record["payment_pauses_clock"],
            result=record["result"],
            conditions=record["conditions"],
            receiving_address=record["receiving_address"],
            online_level=record["online_level"],
            keywords=record["keywords"],
            folded_name=catalogue_folded_name(record["code"], record["name"], record["keywords"]),
        )
        pages.append(page)
        for order, m in enumerate(record["methods"]):
            methods.append(ProcedureMethod(page_id=base.pk, sort_order=order, **m))
        for order, f in enumerate(record["fees"]):
            fees.append(ProcedureFee(page_id=base.pk, sort_order=order, **f))
        for order, e in enumerate(record["fee_exemptions"]):
            exemptions.append(ProcedureFeeExemption(page_id=base.pk, sort_order=order, **e))
        for order, c in enumerate(record["components"]):
            components.append(
                ProcedureComponent(
                    page_id=base.pk,
                    sort_order=order,
                    case_group=c["case_group"],
                    name=c["name"],
                    originals=c["originals"],
                    copies=c["copies"],
                    required=c["required"],
                    template_name=c["template_name"],
                    template_id=lookups.documents.get(c["template"]) if c["template"] else None,
                )
            )
        for order, b in enumerate(record["legal_bases"]):
            bases.append(
                ProcedureLegalBasis(
                    page_id=base.pk,
                    sort_order=order,
                    number=b["number"],
                    title=b["title"],
                    issued_on=datetime.date.fromisoformat(b["issued_on"]) if b["issued_on"] else None,
                    issuer=b["issuer"],
                )
            )
        for code in record["coordinating_agencies"]:
            links.append(through(procedurepage_id=base.pk, agencypage_id=lookups.agencies[code]))

    local_fields = list(ProcedurePage._meta.local_concrete_fields)
    ProcedurePage.objects.all()._batched_insert(pages, fields=local_fields, batch_size=500)
    ProcedureMethod.objects.bulk_create(methods, batch_size=1000)
    ProcedureFee.objects.bulk_create(fees, batch_size=1000)
    ProcedureFeeExemption.objects.bulk_create(exemptions, batch_size=1000)
    ProcedureComponent.objects.bulk_create(components, batch_size=1000)
    ProcedureLegalBasis.objects.bulk_create(bases, batch_size=1000)
    through.objects.bulk_create(links, batch_size=1000)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(chunk))
    return [row.pk for row in base_rows]


def update_search_index(model, ids):
    """The search index pass of a bulk load, in batches of ``BATCH``: each
    batch is read once for every backend (components prefetched, the few
    fields and agencies read once for the whole pass instead of joined on
    every row), each derived search value (``search_*_folded``) is computed
    once per page instead of once per index column. On PostgreSQL's
    database backend the rows are written set-based in one transaction
    (``content.bulk_search``); other backends get ``add_bulk`` per batch,
    each in its own transaction. Returns the seconds of its parts."""
    derived = _derived_search_methods(model)
    backends = list(get_search_backends(with_auto_update=True))
    related = _related_pages(model)
    components = Prefetch("components", queryset=ProcedureComponent.objects.only("page", "sort_order", "name"))
    figures = {"read_seconds": 0.0}
    with ExitStack() as stack:
        # PostgreSQL's database backend: rows written set-based in one
        # transaction (content/bulk_search.py); other backends: add_bulk.
        writers = [
            stack.enter_context(bulk_search.BulkIndexPass(backend, len(ids))) if bulk_search.supports(backend) else None
            for backend in backends
        ]
        for start in range(0, len(ids), BATCH):
            read_started = time.monotonic()
            objects = list(
                model.objects.filter(pk__in=ids[start : start + BATCH]).prefetch_related(components).order_by("pk")
            )
            for obj in objects:
                for name, pages in related.items():
                    target = pages.get(getattr(obj, f"{name}_id"))
                    if target is not None:
                        setattr(obj, name, target)
                for name in derived:
                    setattr(obj, name, _Constant(getattr(obj, name)()))
            figures["read_seconds"] += time.monotonic() - read_started
            for backend, writer in zip(backends, writers, strict=True):
                if writer is not None:
                    writer.add(model, objects)
                else:
                    with transaction.atomic():
                        backend.add_bulk(model, objects)
    for writer in writers:
        if writer is not None:
            figures.update(writer.figures)
    return figures


class _Constant:
    """A derived search value computed once (stands in for the page's method
    on the throwaway objects of the index pass)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __call__(self):
        return self.value


def _derived_search_methods(model):
    """Names of the search fields that are methods of ``model`` (computed
    values, not columns)."""
    names = set()
    for field in model.get_search_fields():
        name = getattr(field, "field_name", None)
        if not name:
            continue
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            if callable(getattr(model, name, None)):
                names.add(name)
    return sorted(names)


def _related_pages(model):
    """``{foreign key name: {pk: page with its title}}`` of the fields and
    agencies the index reads (a few dozen rows, read once)."""
    if model is not ProcedurePage:
        return {}
    return {
        "field": {page.pk: page for page in FieldPage.objects.only("title")},
        "agency": {page.pk: page for page in AgencyPage.objects.only("title")},
    }
