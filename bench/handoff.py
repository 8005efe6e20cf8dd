#!/usr/bin/env python
"""Hand-off benchmark: dossiers DELIVERED per second through a real Celery
worker, against the same broker's floor for a no-op task, and the time to
drain a backlog after a broker outage.

For each broker (Redis, RabbitMQ, the embedded filesystem transport):

1. floor: ``--producers`` processes publish ``--dossiers`` no-op tasks in
   all to the department's queue while the worker consumes it (the task
   only counts itself in Redis). Figure: tasks done per second, from the
   first publication to the last task done: what this broker and worker
   can do at best.
2. hand-off: ``--producers`` processes submit ``--dossiers`` dossiers in
   all, each in its own transaction with ``enqueue_handoff`` (the dossier
   row and its outbox row commit together; the delivery task is published
   on commit to ``backoffice.<agency>``), while the real worker delivers
   them through the workspace backend. Figure: dossiers delivered per
   second end to end, from the first dossier created to the last one's
   arrival in the back-office queue (``HandOff.delivered_at`` written by
   the worker), not the producers' loop; the submit→delivered latency
   (p50, p95); the producers' own rate for comparison; and the ratio
   floor / hand-off.
3. backlog: ``--backlog`` dossiers are inserted in bulk with their branches
   in the state the outbox leaves them in when the broker is down (pending,
   publish error recorded, due). The worker (with beat: the retry sweep)
   then starts against the restored broker. Figure: seconds from the
   worker being ready to the last branch delivered.

The database is PostgreSQL ``portal_bench_handoff`` (created and migrated
if missing) unless ``--database-url`` says otherwise. Redis and RabbitMQ are
the machine's (``--redis-url``, ``--amqp-url``); queues are unique per run
and deleted afterwards; the filesystem transport runs in a temporary
directory.

    .venv/bin/python bench/handoff.py                      # all three brokers
    .venv/bin/python bench/handoff.py --brokers redis --dossiers 500 --backlog 2000 --producers 4
    .venv/bin/python bench/handoff.py --database-url sqlite:////tmp/bench.sqlite3

Each broker runs in a child process (Celery reads its broker at start-up);
the parent prints one table at the end.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from celery import shared_task

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CELERY = str(Path(sys.executable).with_name("celery"))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/portal_bench_handoff"


@shared_task(name="bench.noop", acks_late=True)
def noop(counter_key, redis_url):
    """The floor: a task that only counts itself (the worker imports this
    module with ``--include bench.handoff``)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    pipe = client.pipeline()
    pipe.incr(counter_key)
    pipe.set(counter_key + ":last", repr(time.time()))
    pipe.execute()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--brokers", default="redis,amqp,filesystem")
    parser.add_argument("--dossiers", type=int, default=1000, help="throughput run size")
    parser.add_argument("--backlog", type=int, default=10_000, help="backlog to drain after the outage")
    parser.add_argument("--concurrency", type=int, default=4, help="worker processes")
    parser.add_argument("--producers", type=int, default=4, help="submitting processes")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--amqp-url", default="amqp://guest:guest@127.0.0.1:5672//")
    parser.add_argument("--timeout", type=float, default=900, help="give up a phase after this many seconds")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--producer", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- parent: prepare the database, run one child per broker --------------------


def ensure_database(url):
    if not url.startswith(("postgres://", "postgresql://")):
        return
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}", flush=True)


def base_env(args, var_dir):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DEBUG": "0",
            "SECRET_KEY": env.get("SECRET_KEY", "bench-only-secret-key"),
            "DATABASE_URL": args.database_url,
            "PORTAL_VAR_DIR": str(var_dir),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(REPO),
            "HANDOFF_ACK_TIMEOUT": "120",
            "HANDOFF_SWEEP_INTERVAL": "2",
            "HANDOFF_SWEEP_BATCH": "1000",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_BEAT_ONLY": "handoff-redispatch-due",
        }
    )
    return env


def migrate(args):
    var_dir = Path(tempfile.mkdtemp(prefix="bench-handoff-"))
    env = base_env(args, var_dir)
    env["CELERY_BROKER_URL"] = "filesystem://"
    print("migrating the bench database…", flush=True)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=REPO, env=env, check=True)
    shutil.rmtree(var_dir, ignore_errors=True)


def parent(args):
    ensure_database(args.database_url)
    migrate(args)
    results = []
    for broker in [b.strip() for b in args.brokers.split(",") if b.strip()]:
        var_dir = Path(tempfile.mkdtemp(prefix=f"bench-handoff-{broker}-"))
        env = base_env(args, var_dir)
        env["CELERY_BROKER_URL"] = {"redis": args.redis_url, "amqp": args.amqp_url, "filesystem": "filesystem://"}[
            broker
        ]
        cmd = [PYTHON, str(Path(__file__).resolve()), "--child", broker] + [
            a for a in sys.argv[1:] if not a.startswith("--child")
        ]
        print(f"\n== {broker}: {env['CELERY_BROKER_URL']}", flush=True)
        proc = subprocess.run(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
        sys.stdout.write(proc.stdout)
        line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
        if proc.returncode or not line:
            results.append({"broker": broker, "error": f"exit {proc.returncode}"})
        else:
            results.append(json.loads(line[-1][len("RESULT ") :]))
        shutil.rmtree(var_dir, ignore_errors=True)

    print(
        f"\nHand-off benchmark (database: {args.database_url.rsplit('@', 1)[-1]}, "
        f"worker concurrency {args.concurrency:d})"
    )
    header = (
        f"{'broker':<11} {'dossiers':>8} {'no-op/s':>8} {'delivered/s':>11} {'ratio':>6} {'producers/s':>11} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'backlog':>8} {'drain s':>8} {'drain/s':>8} {'once':>5}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        if "error" in r:
            print(f"{r['broker']:<11} failed: {r['error']}")
            continue
        print(
            f"{r['broker']:<11} {r['dossiers']:>8} {r['noop_per_s']:>8.1f} {r['delivered_per_s']:>11.1f} "
            f"{r['noop_per_s'] / r['delivered_per_s']:>6.2f} {r['submit_per_s']:>11.1f} "
            f"{r['latency_p50_ms']:>8.0f} {r['latency_p95_ms']:>8.0f} {r['backlog']:>8} {r['drain_s']:>8.1f} "
            f"{r['drain_per_s']:>8.1f} {'yes' if r['exactly_once'] else 'NO':>5}"
        )
    print(
        "no-op/s: the broker's floor (no-op tasks done per second); delivered/s: dossiers created → arrived "
        "in the back-office queue per second; ratio = no-op/s ÷ delivered/s; producers/s: the producers' own "
        "submission rate"
    )
    return 0 if all("error" not in r for r in results) else 1


# --- child: one broker ------------------------------------------------------------


def child(args):
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from content.models import AgencyIndexPage, AgencyPage, HomePage, ProcedureIndexPage, ProcedurePage
    from eforms.dossiers.models import Dossier
    from eforms.handoff.constants import BackendKind, HandOffState
    from eforms.handoff.models import DeliveryAttempt, HandOff

    broker = args.child
    run = uuid.uuid4().hex[:6]
    code = f"bench{run}"

    def purge(agency_ids):
        DeliveryAttempt.objects.filter(handoff__agency__in=agency_ids).delete()
        HandOff.objects.filter(agency__in=agency_ids).delete()
        Dossier.objects.filter(agency__in=agency_ids).delete()
        ProcedurePage.objects.filter(agency__in=agency_ids).delete()
        AgencyPage.objects.filter(pk__in=agency_ids).delete()

    # leftovers of an interrupted run (their branches would be swept forever)
    stale = list(AgencyPage.objects.filter(code__regex=r"^bench[0-9a-f]{6}$").values_list("pk", flat=True))
    if stale:
        purge(stale)
        print(f"removed {len(stale)} agencies left by interrupted runs", flush=True)

    # -- catalogue objects: one agency, one procedure
    root = Page.get_first_root_node()
    home = HomePage.objects.first() or root.add_child(instance=HomePage(title="Trang chủ", slug=f"bench-home-{run}"))
    agencies = AgencyIndexPage.objects.first() or home.add_child(
        instance=AgencyIndexPage(title="Cơ quan", slug="co-quan")
    )
    procedures = ProcedureIndexPage.objects.first() or home.add_child(
        instance=ProcedureIndexPage(title="Thủ tục", slug="thu-tuc")
    )
    agency = agencies.add_child(instance=AgencyPage(title=f"Sở đo hiệu năng {run}", slug=code, code=code))
    procedure = procedures.add_child(
        instance=ProcedurePage(
            title=f"Thủ tục đo hiệu năng {run}",
            slug=f"tt-{code}",
            code=f"1.{int(run, 16) % 10**6:06d}.B",
            agency=agency,
        )
    )
    queue = agency.queue_name
    sweep_queue = f"sweep.{code}"

    def new_dossier(i, prefix):
        return Dossier(
            code=f"BENCH-{run}-{prefix}-{i:06d}",
            lookup_secret="ACDEFGHJ",
            procedure=procedure,
            procedure_code=procedure.code,
            procedure_name=procedure.title,
            agency=agency,
            applicant_name=f"Người nộp {i}",
            form_data={"i": i, "ho_ten": "Nguyễn Văn An"},
            received_at=timezone.now(),
        )

    def start_worker(beat):
        env = dict(os.environ, HANDOFF_SWEEP_QUEUE=sweep_queue, LOG_LEVEL="WARNING")
        log = open(Path(os.environ["PORTAL_VAR_DIR"]) / f"worker-{beat}.log", "ab")
        cmd = [
            CELERY,
            "-A",
            "portal",
            "worker",
            "--loglevel",
            "INFO",
            "-Q",
            f"{queue},{sweep_queue}",
            "--concurrency",
            str(args.concurrency),
            "--hostname",
            f"bench-{run}-{int(beat)}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--include",
            "bench.handoff",
        ]
        if beat:
            cmd += ["--beat", "--schedule", str(Path(os.environ["PORTAL_VAR_DIR"]) / "beat")]
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        logfile = Path(log.name)
        while b" ready." not in logfile.read_bytes():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"worker did not start:\n{logfile.read_text()[-3000:]}")
            time.sleep(0.1)
        return proc

    def stop_worker(proc):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)

    def wait_delivered(total, started):
        deadline = time.monotonic() + args.timeout
        while True:
            done = HandOff.objects.filter(agency=agency, state=HandOffState.DELIVERED).count()
            if done >= total:
                return
            if time.monotonic() > deadline:
                raise SystemExit(f"timeout: {done}/{total} delivered after {time.monotonic() - started:.0f}s")
            time.sleep(0.2)

    def run_producers(kind, shares, job, offsets=False):
        """``len(shares)`` producer processes started together; each returns
        its first and last submission times."""
        go = time.time() + 3  # all of them imported and connected by then
        procs, start = [], 0
        for count in shares:
            spec = dict(job, kind=kind, count=count, start=start, go=go)
            start += count if offsets else 0
            procs.append(
                subprocess.Popen(
                    [PYTHON, str(Path(__file__).resolve()), "--producer", json.dumps(spec)],
                    cwd=REPO,
                    env=dict(os.environ, BENCH_REDIS_URL=args.redis_url),
                    stdout=subprocess.PIPE,
                    text=True,
                )
            )
        produced = []
        for proc in procs:
            out, _err = proc.communicate(timeout=args.timeout)
            line = [ln for ln in out.splitlines() if ln.startswith("PRODUCED ")]
            if proc.returncode or not line:
                raise SystemExit(f"a producer failed (exit {proc.returncode}):\n{out[-2000:]}")
            produced.append(json.loads(line[-1][len("PRODUCED ") :]))
        return produced

    def wait_counter(key, total):
        import redis

        client = redis.Redis.from_url(args.redis_url)
        deadline = time.monotonic() + args.timeout
        while int(client.get(key) or 0) < total:
            if time.monotonic() > deadline:
                raise SystemExit(f"timeout: {int(client.get(key) or 0)}/{total} no-op tasks done")
            time.sleep(0.05)
        last = float(client.get(key + ":last"))
        client.delete(key, key + ":last")
        return last

    result = {"broker": broker}
    try:
        # -- 1. floor: no-op tasks through the same broker, queue and worker
        worker = start_worker(beat=False)
        counter = f"bench:noop:{run}"
        shares = [args.dossiers // args.producers + (p < args.dossiers % args.producers) for p in range(args.producers)]
        produced = run_producers("noop", shares, {"queue": queue, "counter": counter})
        first = min(p["first"] for p in produced)
        noop_last = wait_counter(counter, args.dossiers)
        result["noop_per_s"] = args.dossiers / (noop_last - first)
        print(f"floor: {args.dossiers} no-op tasks done at {result['noop_per_s']:.1f}/s", flush=True)

        # -- 2. hand-off: producers submit while the worker delivers
        t0 = timezone.now()
        produced = run_producers(
            "dossiers", shares, {"run": run, "procedure": procedure.pk, "agency": agency.pk}, offsets=True
        )
        started = time.monotonic()
        wait_delivered(args.dossiers, started)
        rows = list(HandOff.objects.filter(agency=agency, created_at__gte=t0).values_list("created_at", "delivered_at"))
        latencies = [(delivered - created).total_seconds() * 1000 for created, delivered in rows]
        span = (max(d for _c, d in rows) - min(c for c, _d in rows)).total_seconds()
        submit_span = max(p["last"] for p in produced) - min(p["first"] for p in produced)
        quantiles = statistics.quantiles(latencies, n=20)
        result.update(
            {
                "dossiers": args.dossiers,
                "producers": args.producers,
                "submit_per_s": args.dossiers / submit_span,
                "delivered_per_s": args.dossiers / span,
                "latency_p50_ms": statistics.median(latencies),
                "latency_p95_ms": quantiles[18],
                "duplicates": HandOff.objects.filter(agency=agency).count() - args.dossiers,
            }
        )
        stop_worker(worker)
        print(
            f"hand-off: {args.dossiers} dossiers from {args.producers} producers delivered at "
            f"{result['delivered_per_s']:.1f}/s end to end (producers {result['submit_per_s']:.1f}/s; "
            f"floor/hand-off {result['noop_per_s'] / result['delivered_per_s']:.2f}), "
            f"p50 {result['latency_p50_ms']:.0f} ms, p95 {result['latency_p95_ms']:.0f} ms",
            flush=True,
        )

        # -- 2. backlog after an outage: what the outbox holds when publishing failed
        now = timezone.now()
        batch = 2000
        for start in range(0, args.backlog, batch):
            with transaction.atomic():
                dossiers = Dossier.objects.bulk_create(
                    [new_dossier(i, "b") for i in range(start, min(args.backlog, start + batch))]
                )
                HandOff.objects.bulk_create(
                    [
                        HandOff(
                            dossier=d,
                            agency=agency,
                            backend=BackendKind.WORKSPACE,
                            state=HandOffState.PENDING,
                            next_attempt_at=now,
                            last_error="OperationalError: [Errno 111] Connection refused",
                        )
                        for d in dossiers
                    ]
                )
        print(f"backlog: {args.backlog} dossiers pending after the outage; starting the worker", flush=True)
        started = time.monotonic()
        worker = start_worker(beat=True)
        ready = time.monotonic()
        wait_delivered(args.dossiers + args.backlog, ready)
        drain = time.monotonic() - ready
        stop_worker(worker)
        total = HandOff.objects.filter(agency=agency).count()
        successes = DeliveryAttempt.objects.filter(handoff__agency=agency, ok=True).count()
        result.update(
            {
                "backlog": args.backlog,
                "drain_s": drain,
                "drain_per_s": args.backlog / drain,
                "worker_start_s": ready - started,
                "exactly_once": total == successes == args.dossiers + args.backlog,
            }
        )
        print(
            f"backlog drained in {drain:.1f}s ({result['drain_per_s']:.1f}/s); "
            f"branches={total} successful deliveries={successes}",
            flush=True,
        )
    finally:
        purge([agency.pk])
        if broker == "amqp":
            from kombu import Connection

            with Connection(os.environ["CELERY_BROKER_URL"]) as conn:
                channel = conn.channel()
                for name in (queue, sweep_queue):
                    try:
                        channel.queue_delete(name)
                    except Exception:  # noqa: BLE001 - a missing queue closes the channel; reopen and go on
                        channel = conn.channel()
        elif broker == "redis":
            import redis

            client = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])
            client.delete(queue, sweep_queue)
    print("RESULT " + json.dumps(result), flush=True)
    return 0


# --- producer: one submitting process -------------------------------------------


def producer(spec):
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from content.models import AgencyPage, ProcedurePage
    from eforms.dossiers.models import Dossier
    from eforms.handoff.services import enqueue_handoff

    if spec["kind"] == "dossiers":
        procedure = ProcedurePage.objects.get(pk=spec["procedure"])
        agency = AgencyPage.objects.get(pk=spec["agency"])
    time.sleep(max(0.0, spec["go"] - time.time()))
    first = time.time()
    for i in range(spec["start"], spec["start"] + spec["count"]):
        if spec["kind"] == "noop":
            noop.apply_async(args=[spec["counter"], os.environ["BENCH_REDIS_URL"]], queue=spec["queue"])
            continue
        with transaction.atomic():
            dossier = Dossier(
                code=f"BENCH-{spec['run']}-t-{i:06d}",
                lookup_secret="ACDEFGHJ",
                procedure=procedure,
                procedure_code=procedure.code,
                procedure_name=procedure.title,
                agency=agency,
                applicant_name=f"Người nộp {i}",
                form_data={"i": i, "ho_ten": "Nguyễn Văn An"},
                received_at=timezone.now(),
            )
            dossier.save()
            enqueue_handoff(dossier)
    print("PRODUCED " + json.dumps({"first": first, "last": time.time(), "count": spec["count"]}), flush=True)
    return 0


def main(argv=None):
    args = parse_args(argv)
    if args.producer:
        return producer(json.loads(args.producer))
    if args.child:
        return child(args)
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
