"""Search latency with 20,000 synthetic procedures.

    .venv/bin/python bench/search_latency.py              # SQLite file under /tmp
    .venv/bin/python bench/search_latency.py --postgres   # PostgreSQL database portal_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/search_latency.py

Builds a throwaway database once (migrate, the demo catalogue, then
``load_demo_catalogue --synthetic N``: bulk insert plus search index), then
times a fixed mix of 200 queries against the JSON API through Django's test
``Client`` (in process: URL routing, middleware, view, ORM and search
backend; no HTTP socket), and prints p50/p95/p99:

- ``search``: ``GET /api/v1/procedures/search?q=…`` (results, highlights,
  facets), a first pass over the mix and a second one (search results are
  not cached; the second pass has the per-procedure ranking profiles warm);
- ``autocomplete cold``: ``GET /api/v1/procedures/autocomplete?q=…`` with an
  empty cache (every prefix computed);
- ``autocomplete warm``: the same prefixes again (per-prefix cache hits, as
  on a busy portal where citizens type the same beginnings).

``--rebuild`` drops the throwaway database first; ``--count`` changes N;
``--stages`` also prints where the first pass spent its time (the engine's
query, candidates, profiles, re-ranking, facets, the page of hits, the
query log; stages nest: candidates include the engine's query).

The figures depend on the machine's load: the README's table says which.
With a file cache (no ``CACHE_URL``) the catalogue version and the query
log are the embedded stack's files under ``PORTAL_VAR_DIR``.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SQLITE_VAR_DIR = "/tmp/portal-bench-search"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help=f"use {POSTGRES_URL}")
    parser.add_argument("--count", type=int, default=20_000, help="synthetic procedures (default 20000)")
    parser.add_argument("--rebuild", action="store_true", help="start from an empty database")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--stages", action="store_true", help="print time per stage of the first pass")
    return parser.parse_args()


def configure(args):
    database_url = os.environ.get("DATABASE_URL")
    if args.postgres and not database_url:
        database_url = POSTGRES_URL
    os.environ["PORTAL_VAR_DIR"] = SQLITE_VAR_DIR
    os.makedirs(SQLITE_VAR_DIR, exist_ok=True)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
        _ensure_postgres_database(database_url, args.rebuild)
    elif args.rebuild:
        for suffix in ("", "-wal", "-shm"):
            path = Path(SQLITE_VAR_DIR) / f"portal.sqlite3{suffix}"
            if path.exists():
                path.unlink()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["DEBUG"] = "0"  # no query log in memory
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    return database_url


def _ensure_postgres_database(url, rebuild):
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and rebuild:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def build(count):
    from django.core.management import call_command

    from content.models import ProcedurePage

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    have = ProcedurePage.objects.count()
    if have < count:
        print(
            f"building: {have} procedures present, loading the demo catalogue and {count} synthetic ones …", flush=True
        )
        with open(os.devnull, "w") as devnull:
            call_command("load_demo_catalogue", synthetic=count, stdout=devnull)
    total = ProcedurePage.objects.live().count()
    print(f"database ready: {total} live procedures ({time.monotonic() - started:.0f} s)")
    return total


def query_mix(n, seed=42):
    """A fixed mix: names with and without diacritics, upper case, partial
    names, citizens' words, codes, typos; and prefixes for autocomplete."""
    from content.models import ProcedurePage
    from search.folding import fold

    rng = random.Random(seed)
    rows = list(ProcedurePage.objects.live().order_by("pk").values_list("title", "keywords", "code"))
    rng.shuffle(rows)
    searches, prefixes = [], []
    kinds = ["exact", "folded", "upper", "partial", "keyword", "code", "typo", "two_words"]
    for i in range(n):
        title, keywords, code = rows[i % len(rows)]
        words = title.split()
        kind = kinds[i % len(kinds)]
        if kind == "exact":
            q = title
        elif kind == "folded":
            q = fold(title)
        elif kind == "upper":
            q = title.upper()
        elif kind == "partial":
            start = rng.randrange(max(1, len(words) - 2))
            q = " ".join(words[start : start + 3])
        elif kind == "keyword":
            q = (keywords or title).split(",")[0].strip() or title
        elif kind == "code":
            q = code
        elif kind == "typo":
            folded = fold(" ".join(words[:4]))
            pos = rng.randrange(1, max(2, len(folded) - 1))
            q = folded[:pos] + folded[pos + 1 :]
        else:
            q = fold(" ".join(words[1:3]) or title)
        searches.append(q)
        typed = fold(title) if i % 2 else title.lower()
        cut = rng.randint(3, min(len(typed), 24))
        prefixes.append(typed[:cut])
    return searches, prefixes


def timed(client, url, params):
    started = time.perf_counter()
    response = client.get(url, params)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} {params} → {response.status_code} {response.content[:200]!r}")
    return elapsed


STAGES = (
    ("search.candidates", "matching_ids", "engine query"),
    ("search.services", "gather", "candidates"),
    ("search.candidates", "profiles", "ranking profiles"),
    ("search.services", "rerank", "re-ranking"),
    ("search.services", "facets", "facets"),
    ("search.services", "highlight", "highlights"),
    ("search.api", "_summary", "hits as JSON"),
    ("search.api", "log_search", "query log"),
)


def time_stages():
    """Wrap the search's stages with timers: ``{label: [seconds, calls]}``."""
    import functools
    import importlib

    totals = {}
    for module_name, name, label in STAGES:
        module = importlib.import_module(module_name)
        function = getattr(module, name)
        totals[label] = [0.0, 0]

        def timed_stage(*args, _function=function, _label=label, **kwargs):
            started = time.perf_counter()
            try:
                return _function(*args, **kwargs)
            finally:
                totals[_label][0] += time.perf_counter() - started
                totals[_label][1] += 1

        setattr(module, name, functools.wraps(function)(timed_stage))
    return totals


def percentiles(samples):
    ordered = sorted(samples)

    def pick(p):
        return ordered[min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1)]

    return pick(50), pick(95), pick(99), statistics.mean(ordered), ordered[-1]


def main():
    args = parse_args()
    database_url = configure(args)
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    total = build(args.count)
    searches, prefixes = query_mix(args.queries)
    client = Client()
    cache.clear()
    # One warm-up request per endpoint (connection, imports, first compile).
    timed(client, "/api/v1/procedures/search", {"q": "khai sinh"})
    timed(client, "/api/v1/procedures/autocomplete", {"q": "khai"})
    cache.clear()

    stages = time_stages() if args.stages else {}
    search_cold = [timed(client, "/api/v1/procedures/search", {"q": q}) for q in searches]
    stage_totals = {label: list(value) for label, value in stages.items()}
    search_warm = [timed(client, "/api/v1/procedures/search", {"q": q}) for q in searches]
    cold_ms = [timed(client, "/api/v1/procedures/autocomplete", {"q": q}) for q in prefixes]
    warm_ms = [timed(client, "/api/v1/procedures/autocomplete", {"q": q}) for q in prefixes]

    engine = (
        f"PostgreSQL ({database_url.rsplit('/', 1)[-1]})"
        if database_url
        else f"SQLite ({SQLITE_VAR_DIR}/portal.sqlite3)"
    )
    print(f"\nSearch latency — {engine}, {connection.vendor}, backend {backend}")
    print(f"{total} live procedures, {len(searches)} queries, Django test Client (in process), times in ms")
    print(f"{'endpoint':<22}{'p50':>8}{'p95':>8}{'p99':>8}{'mean':>8}{'max':>8}")
    rows = (
        ("search first pass", search_cold),
        ("search second pass", search_warm),
        ("autocomplete cold", cold_ms),
        ("autocomplete warm", warm_ms),
    )
    for label, samples in rows:
        p50, p95, p99, mean, worst = percentiles(samples)
        print(f"{label:<22}{p50:>8.1f}{p95:>8.1f}{p99:>8.1f}{mean:>8.1f}{worst:>8.1f}")
    if stage_totals:
        print(f"\nsearch first pass, {sum(search_cold):.0f} ms in all; per stage (ms in all, calls, ms per query):")
        for label, (seconds, calls) in stage_totals.items():
            print(f"  {label:<20}{seconds * 1000:>9.0f}{calls:>7}{seconds * 1000 / len(searches):>9.1f}")


if __name__ == "__main__":
    main()
