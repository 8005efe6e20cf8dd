#!/usr/bin/env python
"""Where a hand-off's time goes, in one process: the SQL statements (and
commits) per dossier on the producer side (the dossier and its outbox row in
one transaction, published on commit) and on the consumer side (the
worker's task functions called directly: a submission's message with
nothing waiting behind it, the messages of a queue of submissions, whose
first delivers the others with it and whose others then only look, and
the retry sweep's batches), with the milliseconds each took.

    .venv/bin/python bench/handoff_queries.py [--dossiers 300] [--batch 100] [--profile]

Uses the PostgreSQL database of ``bench/handoff.py`` (``portal_bench_handoff``,
migrated by it; ``--database-url`` to change) and a Redis queue that nobody
consumes (deleted afterwards). ``--profile`` prints cProfile's top functions.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=300)
    parser.add_argument("--batch", type=int, default=100, help="branches per batch message")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/portal_bench_handoff")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--profile", action="store_true")
    return parser.parse_args()


def kind(sql):
    word = sql.split(None, 1)[0].upper()
    return "SET" if word == "SET" else word


def main():
    args = parse_args()
    sys.path.insert(0, str(REPO))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DATABASE_URL": args.database_url,
            "CELERY_BROKER_URL": args.redis_url,
            "LOG_LEVEL": "WARNING",
            "DEBUG": "0",
        }
    )
    import django

    django.setup()
    import redis
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from content.models import AgencyIndexPage, AgencyPage, ProcedureIndexPage, ProcedurePage
    from eforms.dossiers.models import Dossier
    from eforms.handoff import services
    from eforms.handoff.constants import HandOffState
    from eforms.handoff.models import DeliveryAttempt, HandOff

    run = uuid.uuid4().hex[:6]
    code = f"benchq{run}"  # not swept as a leftover by a bench/handoff.py running meanwhile
    agencies, procedures = AgencyIndexPage.objects.first(), ProcedureIndexPage.objects.first()
    if agencies is None or procedures is None:
        raise SystemExit("run bench/handoff.py once first: it creates and migrates the bench database")
    agency = agencies.add_child(instance=AgencyPage(title=f"Sở đo truy vấn {run}", slug=code, code=code))
    procedure = procedures.add_child(
        instance=ProcedurePage(
            title=f"Thủ tục đo truy vấn {run}", slug=f"tt-{code}", code=f"1.{int(run, 16) % 10**6:06d}.Q", agency=agency
        )
    )

    def submit(i):
        with transaction.atomic():
            dossier = Dossier(
                code=f"BENCHQ-{run}-{i:06d}",
                lookup_secret="ACDEFGHJ",
                procedure=procedure,
                procedure_code=procedure.code,
                procedure_name=procedure.title,
                agency=agency,
                applicant_name=f"Người nộp {i}",
                form_data={"i": i},
                received_at=timezone.now(),
            )
            dossier.save()
            services.enqueue_handoff(dossier)

    def measure(label, n, work):
        profile = cProfile.Profile() if args.profile else None
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            if profile:
                profile.enable()
            work()
            if profile:
                profile.disable()
            seconds = time.perf_counter() - started
        kinds = Counter(kind(q["sql"]) for q in ctx.captured_queries)
        per = ", ".join(f"{k} {v / n:.2f}" for k, v in sorted(kinds.items()))
        print(
            f"{label:<44} {n:>5} dossiers  {len(ctx.captured_queries) / n:5.2f} statements each ({per}); "
            f"{seconds / n * 1000:6.2f} ms each"
        )
        if profile:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())

    try:
        submit(-1)  # warm up: connections, caches
        services.deliver(HandOff.objects.get(agency=agency).pk)
        n = args.dossiers
        measure("producer: submit + publish on commit", n, lambda: [submit(i) for i in range(n)])
        ids = list(
            HandOff.objects.filter(agency=agency, delivered_at__isnull=True).order_by("id").values_list("pk", flat=True)
        )
        third = len(ids) // 3
        alone, queued, swept = ids[:third], ids[third : 2 * third], ids[2 * third :]
        # Nothing waiting behind each message: none marked published.
        HandOff.objects.filter(pk__in=ids).update(state=HandOffState.PENDING)
        measure(
            "consumer: handoff.deliver, nothing waiting",
            len(alone),
            lambda: [services.deliver_live(pk, "q") for pk in alone],
        )
        HandOff.objects.filter(pk__in=queued).update(state=HandOffState.DISPATCHED)
        measure(
            f"consumer: handoff.deliver, {len(queued)} queued",
            len(queued),
            lambda: [services.deliver_live(pk, "q") for pk in queued],
        )
        measure(
            f"consumer: handoff.deliver_batch of {args.batch}",
            len(swept),
            lambda: [services.deliver_many(swept[i : i + args.batch], "q") for i in range(0, len(swept), args.batch)],
        )
    finally:
        DeliveryAttempt.objects.filter(handoff__agency=agency).delete()
        HandOff.objects.filter(agency=agency).delete()
        Dossier.objects.filter(agency=agency).delete()
        procedure.delete()
        agency.delete()
        redis.Redis.from_url(args.redis_url).delete(agency.queue_name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
