"""Bulk load of synthetic procedures: rows written and the search index pass.

    .venv/bin/python bench/bulk_index.py --count 2000              # SQLite file under /tmp
    .venv/bin/python bench/bulk_index.py --count 20000 --postgres  # PostgreSQL database portal_bench_bulk

Starts from an empty throwaway database every run (migrate, the demo site
tree with its agencies and fields, no demo procedures), then loads
``--count`` synthetic procedures through ``content.bulk.bulk_load_procedures``
(what ``load_demo_catalogue --synthetic N`` does) and prints the seconds of
each part: generating the records, writing the rows, the search index pass,
ANALYZE, and procedures per second over the whole load. ``--reindex`` then
times the index pass again over the rows already there (the same code path,
the index entries replaced).
"""

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SQLITE_VAR_DIR = "/tmp/portal-bench-bulk"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/portal_bench_bulk"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help=f"use {POSTGRES_URL}")
    parser.add_argument("--count", type=int, default=2000, help="synthetic procedures (default 2000)")
    parser.add_argument("--reindex", action="store_true", help="time the index pass again over the loaded rows")
    return parser.parse_args()


def configure(args):
    database_url = os.environ.get("DATABASE_URL") or (POSTGRES_URL if args.postgres else "")
    shutil.rmtree(SQLITE_VAR_DIR, ignore_errors=True)
    os.makedirs(SQLITE_VAR_DIR, exist_ok=True)
    os.environ["PORTAL_VAR_DIR"] = SQLITE_VAR_DIR
    if database_url:
        os.environ["DATABASE_URL"] = database_url
        _recreate_postgres_database(database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["DEBUG"] = "0"  # no query log in memory
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    return database_url or "SQLite"


def _recreate_postgres_database(url):
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def main():
    args = parse_args()
    where = configure(args)

    from django.core.management import call_command

    from content import bulk
    from content import demo_loader as demo
    from content.demo_catalogue import AGENCIES_PATH, FIELDS_PATH
    from content.demo_catalogue.synthetic import generate_procedures
    from content.models import AgencyPage, FieldPage, ProcedurePage

    call_command("migrate", verbosity=0)
    sections = demo.ensure_site_tree()
    demo.load_agencies(sections["co-quan"], demo._read_json(AGENCIES_PATH, "agencies"))
    demo.load_fields(sections["linh-vuc"], demo._read_json(FIELDS_PATH, "fields"))

    started, cpu = time.monotonic(), time.process_time()
    records = generate_procedures(
        args.count,
        field_codes=list(FieldPage.objects.values_list("code", flat=True)),
        agency_codes=list(AgencyPage.objects.values_list("code", flat=True)),
    )
    generated = time.monotonic() - started
    figures = bulk.bulk_load_procedures(records, sections["thu-tuc"])
    total = generated + figures["seconds"] + figures["index_seconds"] + figures["analyze_seconds"]
    print(f"bulk load of {figures['created']} procedures on {where}")
    print(f"  generate records   {generated:7.1f} s")
    print(f"  write rows         {figures['seconds']:7.1f} s")
    print(f"  search index pass  {figures['index_seconds']:7.1f} s")
    _print_index_parts(figures.get("index_parts") or {})
    print(f"  ANALYZE            {figures['analyze_seconds']:7.1f} s")
    print(f"  total              {total:7.1f} s  ({figures['created'] / total:.0f} procedures/s)")
    print(f"  CPU of this process {time.process_time() - cpu:6.1f} s (the rest: the database server, other work)")
    if args.reindex:
        ids = list(ProcedurePage.objects.order_by("pk").values_list("pk", flat=True))
        index_pass = getattr(bulk, "update_search_index", None) or bulk._update_search_index  # before the batching
        started, cpu = time.monotonic(), time.process_time()
        parts = index_pass(ProcedurePage, ids)
        print(
            f"  index pass again   {time.monotonic() - started:7.1f} s, "
            f"{time.process_time() - cpu:.1f} s CPU of this process ({len(ids)} procedures)"
        )
        _print_index_parts(parts or {})


def _print_index_parts(parts):
    """Where the index pass went (content/bulk_search.py on PostgreSQL)."""
    labels = (
        ("read_seconds", "reading pages"),
        ("rows_seconds", "building rows"),
        ("sql_seconds", "INSERT of the rows"),
        ("finish_seconds", "title norms, GIN"),
    )
    for key, label in labels:
        if key in parts:
            print(f"    {label:<19}{parts[key]:7.1f} s")


if __name__ == "__main__":
    main()
