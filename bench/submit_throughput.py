"""Dossiers accepted per second through the real e-form views.

Each dossier goes through the whole flow with Django's test client (no
HTTP server; every request runs the full middleware stack, CSRF aside):
start a draft, fill the applicant step, the request step, upload two 1 MB
PDF attachments, then submit on the review page. "Accept latency" is the
time of the final submit request (dossier code, history, attachments,
hand-off outbox, receipt PDF and e-mail), measured per dossier.

Runs on a fresh test database: SQLite by default, PostgreSQL with
``--postgres`` (``DATABASE_URL``, default postgres://postgres@127.0.0.1:5432/postgres;
a ``test_…`` database is created and dropped). Celery publishes the
hand-off to the embedded filesystem broker instead of running it inline.

    .venv/bin/python bench/submit_throughput.py [--dossiers 60] [--threads 4] [--postgres]
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=60)
    parser.add_argument("--threads", type=int, default=4, help="concurrent clients")
    parser.add_argument("--attachment-mb", type=float, default=1.0)
    parser.add_argument("--postgres", action="store_true")
    return parser.parse_args()


def setup(args):
    var = tempfile.mkdtemp(prefix="bench-submit-")
    os.environ["PORTAL_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    if args.postgres:
        os.environ["DATABASE_URL"] = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.conf import settings

    django.setup()
    test = settings.DATABASES["default"].setdefault("TEST", {})
    # Own database name: the test suite may be using test_<name> concurrently.
    test["NAME"] = f"test_bench_submit_{os.getpid()}" if args.postgres else str(Path(var) / "bench.sqlite3")
    settings.RATE_LIMITS = dict.fromkeys(("draft", "step", "submit", "lookup", "api_status"), "1000000/60")
    settings.ALLOWED_HOSTS = ["*"]
    from portal.celery import app

    app.conf.task_always_eager = False
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return connection


def build_procedure():
    from wagtail.models import Page, Site

    from content.models import HomePage
    from tests.eforms.factories import procedure_page

    root = Page.get_first_root_node()
    home = HomePage.objects.first() or root.add_child(instance=HomePage(title="Trang chủ", slug="trang-chu"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    return procedure_page(home, title="Đăng ký kết hôn")


def one_dossier(procedure, attachment, latencies, errors):
    from django.test import Client
    from django.urls import reverse

    from eforms.formdefs import divisions
    from eforms.submission.models import SubmissionDraft
    from tests.eforms.factories import applicant_answers

    client = Client()
    response = client.post(f"/nop-ho-so/{procedure.code}/")
    draft_uuid = response["Location"].split("/")[3]
    draft = SubmissionDraft.objects.select_related("form_version").get(uuid=draft_uuid)
    steps = draft.form_version.schema["steps"]
    for number, step in enumerate(steps, start=1):
        data = {"action": "next"}
        names = {f.get("name") for f in step["fields"]}
        if "applicant_name" in names:
            data.update(applicant_answers())
            data["applicant_address_ward"] = str(divisions.wards_of(68)[0][0])
        for field in step["fields"]:
            if field["type"] == "file":
                from django.core.files.uploadedfile import SimpleUploadedFile

                data[field["name"]] = SimpleUploadedFile(f"{field['name']}.pdf", attachment, "application/pdf")
        r = client.post(reverse("eforms:step", args=[procedure.code, draft.uuid, number]), data)
        if r.status_code != 302:
            errors.append(f"step {number}: {r.status_code}")
            return
    draft.refresh_from_db()
    started = time.perf_counter()
    r = client.post(
        reverse("eforms:review", args=[procedure.code, draft.uuid]),
        {"submit_token": draft.submit_token, "form_version": str(draft.form_version_id), "declaration": "on"},
    )
    latencies.append(time.perf_counter() - started)
    if r.status_code != 302:
        errors.append(f"submit: {r.status_code}")


def main():
    args = parse_args()
    connection = setup(args)
    try:
        from django.db import connections

        from eforms.dossiers.models import Dossier, DossierAttachment

        procedure = build_procedure()
        size = int(args.attachment_mb * 1024 * 1024)
        attachment = b"%PDF-1.4\n" + b"0" * (size - 9)
        latencies, errors = [], []
        todo = list(range(args.dossiers))
        lock = threading.Lock()

        def worker():
            while True:
                with lock:
                    if not todo:
                        break
                    todo.pop()
                try:
                    one_dossier(procedure, attachment, latencies, errors)
                except Exception as exc:  # noqa: BLE001 - a 500 in the views: count it, keep going
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])
            connections.close_all()

        # warm-up (template and font loading, first PDF)
        one_dossier(procedure, attachment, [], errors)
        started = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(args.threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        accepted = len(latencies)
        codes = list(Dossier.objects.values_list("code", flat=True))
        assert len(codes) == len(set(codes)), "duplicate dossier codes"
        latencies.sort()
        p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)] if latencies else float("nan")
        vendor = connection.vendor
        print(f"database          : {vendor} ({'PostgreSQL' if vendor == 'postgresql' else 'SQLite WAL, IMMEDIATE'})")
        print("driver            : Django test client through the real views (no HTTP server)")
        print(f"clients (threads) : {args.threads}")
        print(f"attachments       : 2 x {args.attachment_mb:g} MB PDF per dossier")
        print(f"dossiers accepted : {accepted} (errors: {len(errors)}{': ' + ', '.join(errors[:3]) if errors else ''})")
        print(f"attachment rows   : {DossierAttachment.objects.count()}")
        print(f"wall time         : {elapsed:.2f} s (whole flow: draft, 3 steps, uploads, submit)")
        print(f"throughput        : {accepted / elapsed:.2f} dossiers/s (whole flow)")
        print(
            f"accept latency    : p50 {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms (final submit request)"
        )
        print(
            f"submit-only rate  : {len(latencies) / sum(latencies) * args.threads:.1f} dossiers/s "
            f"(threads / mean submit latency, upper bound)"
        )
    finally:
        connections_close()
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def connections_close():
    from django.db import connections

    connections.close_all()


if __name__ == "__main__":
    main()
