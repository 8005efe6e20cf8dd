"""The parts of ``bench/handoff.py``: the database, the producers, the
worker, the CPU time they use (read from ``/proc``, so that a figure taken on a
loaded machine still says what one message costs).

A producer is ``bench/handoff.py --producer <json>``; it runs one of:

- ``noop``: publish no-op tasks (the floor);
- ``staged``: create its dossiers as the submission does (dossier and
  outbox row in one durable transaction) but keep the publication that the
  transaction registers on commit instead of running it; print ``CREATED``,
  wait for ``go`` on its standard input, then run those publications one
  by one (``publish_rows`` of each dossier: the live submission's code path);
- ``dossiers``: create and publish on commit, as a live submission does.

Each prints one ``PRODUCED`` line of JSON: first and last times, its CPU
seconds, and for ``staged`` the creation figures and each branch's
publication time. Then the tables the parent prints.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CELERY = str(Path(sys.executable).with_name("celery"))
TICK = os.sysconf("SC_CLK_TCK")


# --- the database ---------------------------------------------------------------


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


# --- CPU of a process tree ------------------------------------------------------


def _stat(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    # after the name: state ppid … utime(12) stime(13) cutime cstime
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def tree_cpu(root):
    """CPU seconds (user + system) used so far by ``root`` and its live
    descendants (the worker's main process and its pool)."""
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            found = _stat(int(entry))
            if found:
                stats[int(entry)] = found
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            total += stats[pid][1]
        todo += [child for child, (ppid, _cpu) in stats.items() if ppid == pid]
    return total


# --- the worker -------------------------------------------------------------------


def start_worker(queues, concurrency, hostname, beat, var_dir, env_extra):
    env = dict(os.environ, LOG_LEVEL="WARNING", **env_extra)
    log = open(Path(var_dir) / f"worker-{int(beat)}.log", "ab")
    cmd = [
        CELERY,
        "-A",
        "portal",
        "worker",
        "--loglevel",
        "INFO",
        "-Q",
        ",".join(queues),
        "--concurrency",
        str(concurrency),
        "--hostname",
        hostname,
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--include",
        "bench.handoff",
    ]
    if beat:
        cmd += ["--beat", "--schedule", str(Path(var_dir) / "beat")]
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


# --- producers ----------------------------------------------------------------------


def spawn(script, spec, env):
    return subprocess.Popen(
        [sys.executable, str(script), "--producer", json.dumps(spec)],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def read_line(proc, prefix, timeout):
    """The JSON after ``prefix`` on the producer's next such line."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith(prefix + " "):
            return json.loads(line[len(prefix) + 1 :])
    raise SystemExit(f"a producer failed before {prefix} (exit {proc.poll()})")


def new_dossier(spec, procedure, agency, i, prefix):
    from django.utils import timezone

    from eforms.dossiers.models import Dossier

    return Dossier(
        code=f"BENCH-{spec['run']}-{prefix}-{i:06d}",
        lookup_secret="ACDEFGHJ",
        procedure=procedure,
        procedure_code=procedure.code,
        procedure_name=procedure.title,
        agency=agency,
        applicant_name=f"Người nộp {i}",
        form_data={"i": i, "ho_ten": "Nguyễn Văn An"},
        received_at=timezone.now(),
    )


def producer(spec, noop_task):
    import django

    django.setup()
    from django.db import connection, transaction

    from content.models import AgencyPage, ProcedurePage
    from eforms.handoff.services import enqueue_handoff

    kind, numbers = spec["kind"], range(spec["start"], spec["start"] + spec["count"])
    out = {"count": spec["count"]}
    if kind != "noop":
        procedure = ProcedurePage.objects.get(pk=spec["procedure"])
        agency = AgencyPage.objects.get(pk=spec["agency"])
        connection.ensure_connection()
    if kind == "staged":
        publications, branches = [], []
        time.sleep(max(0.0, spec["go"] - time.time()))
        out["create_first"], cpu = time.time(), time.process_time()
        for i in numbers:
            with transaction.atomic():
                dossier = new_dossier(spec, procedure, agency, i, "a")
                dossier.save()
                branches.append([branch.pk for branch in enqueue_handoff(dossier)])
                # What the commit would run (publish_rows of this dossier's
                # branches), kept to be run later by the same code.
                _sids, publication, _robust = connection.run_on_commit.pop()
                publications.append(publication)
        out["create_last"], out["create_cpu"] = time.time(), time.process_time() - cpu
        print("CREATED " + json.dumps({"count": spec["count"]}), flush=True)
        sys.stdin.readline()  # "go": every producer has created its share
        out["published_at"] = {}
        out["first"], cpu = time.time(), time.process_time()
        for publication, pks in zip(publications, branches, strict=True):
            at = time.time()
            publication()
            for pk in pks:
                out["published_at"][pk] = at
        out["last"], out["cpu"] = time.time(), time.process_time() - cpu
    else:
        time.sleep(max(0.0, spec["go"] - time.time()))
        out["first"], cpu = time.time(), time.process_time()
        for i in numbers:
            if kind == "noop":
                noop_task.apply_async(args=[spec["counter"], os.environ["BENCH_REDIS_URL"]], queue=spec["queue"])
                continue
            with transaction.atomic():
                dossier = new_dossier(spec, procedure, agency, i, "t")
                dossier.save()
                enqueue_handoff(dossier)
        out["last"], out["cpu"] = time.time(), time.process_time() - cpu
    print("PRODUCED " + json.dumps(out), flush=True)
    return 0


# --- the scene ------------------------------------------------------------------------


def make_catalogue(run, code):
    """One agency and one procedure of its own for this run."""
    from wagtail.models import Page

    from content.models import AgencyIndexPage, AgencyPage, HomePage, ProcedureIndexPage, ProcedurePage

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
    return agency, procedure


def insert_backlog(job, procedure, agency, count):
    """``count`` dossiers with their branches as a broker outage leaves them
    (pending, publish error recorded, due), inserted in bulk."""
    from django.db import transaction
    from django.utils import timezone

    from eforms.dossiers.models import Dossier
    from eforms.handoff.constants import BackendKind, HandOffState
    from eforms.handoff.models import HandOff

    now = timezone.now()
    for start in range(0, count, 2000):
        with transaction.atomic():
            dossiers = Dossier.objects.bulk_create(
                [new_dossier(job, procedure, agency, i, "b") for i in range(start, min(count, start + 2000))]
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


def delete_queues(broker, names):
    if broker == "amqp":
        from kombu import Connection

        with Connection(os.environ["CELERY_BROKER_URL"]) as conn:
            channel = conn.channel()
            for name in names:
                try:
                    channel.queue_delete(name)
                except Exception:  # noqa: BLE001 - a missing queue closes the channel; reopen and go on
                    channel = conn.channel()
    elif broker == "redis":
        import redis

        redis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).delete(*names)


# --- the tables -----------------------------------------------------------------------


def print_tables(args, results):
    print(
        f"\nHand-off benchmark (database: {args.database_url.rsplit('@', 1)[-1]}, worker concurrency "
        f"{args.concurrency:d}, {args.producers:d} producers, load average at the end "
        f"{os.getloadavg()[0]:.1f})"
    )
    header = (
        f"{'broker':<11} {'dossiers':>8} {'no-op/s':>8} {'alone/s':>8} {'ratio':>6} {'p50/p95 ms':>12} "
        f"{'creating/s':>10} {'e2e/s':>7} {'ratio':>6} {'producers/s':>11} {'p50/p95 ms':>12} "
        f"{'backlog':>8} {'drain s':>8} {'drain/s':>8} {'once':>5}"
    )
    print(header)
    print("-" * len(header))
    ok = [r for r in results if "error" not in r]
    for r in results:
        if "error" in r:
            print(f"{r['broker']:<11} failed: {r['error']}")
            continue
        print(
            f"{r['broker']:<11} {r['dossiers']:>8} {r['noop_per_s']:>8.1f} {r['alone_per_s']:>8.1f} "
            f"{r['noop_per_s'] / r['alone_per_s']:>6.2f} {r['alone_p50_ms']:>5.0f}/{r['alone_p95_ms']:<6.0f} "
            f"{r['create_per_s']:>10.1f} {r['delivered_per_s']:>7.1f} {r['noop_per_s'] / r['delivered_per_s']:>6.2f} "
            f"{r['submit_per_s']:>11.1f} {r['latency_p50_ms']:>5.0f}/{r['latency_p95_ms']:<6.0f} "
            f"{r['backlog']:>8} {r['drain_s']:>8.1f} {r['drain_per_s']:>8.1f} {'yes' if r['exactly_once'] else 'NO':>5}"
        )
    print(
        "no-op/s: the floor (no-op tasks published and done per second, same broker, queue and worker); "
        "alone/s: hand-off alone, dossiers created beforehand, then published one by one by the submission's "
        "own on-commit code and delivered, per second (the aim: ratio = no-op/s ÷ alone/s within 3); "
        "creating/s: the producers' durable dossier + outbox transactions alone; e2e/s: end to end incl. "
        "creation, dossiers created, published on commit and delivered per second (ratio = no-op/s ÷ e2e/s); "
        "producers/s: the producers' own loop in that run; p50/p95: publication (alone) or submission (e2e) "
        "→ delivered"
    )
    if not ok:
        return
    header = (
        f"\n{'CPU ms per message':<19} {'worker: no-op':>13} {'hand-off alone':>14} {'e2e':>6} "
        f"{'producer: no-op':>15} {'create dossier':>14} {'publish dossier':>15} {'create+publish':>14}"
    )
    print(header)
    print("-" * len(header.strip()))
    for r in ok:
        print(
            f"{r['broker']:<19} {r['noop_worker_ms']:>13.2f} {r['alone_worker_ms']:>14.2f} {r['e2e_worker_ms']:>6.2f} "
            f"{r['noop_producer_ms']:>15.2f} {r['create_producer_ms']:>14.2f} {r['publish_producer_ms']:>15.2f} "
            f"{r['e2e_producer_ms']:>14.2f}"
        )
    print(
        "CPU ms per message: user + system time of the worker's processes (main and pool) and of the producer "
        "processes, from /proc, divided by the messages of the phase; the database server's CPU is not included"
    )
