"""Our procedure page against Plone 6's document page, side by side (issue #17).

    .venv/bin/python bench/plone_side_by_side.py --setup
    .venv/bin/python bench/plone_side_by_side.py http://127.0.0.1:8000 [--procedure /thu-tuc/<slug>/]
        [--seconds 10] [--rounds 3] [--connections 1,4]

``--setup`` (once, needs PyPI) builds ``var/bench/plone/``: a Python 3.11
virtualenv with Plone 6.0.13 from the exact pins in
``bench/plone/requirements.txt``, a Zope WSGI instance (waitress, 4 threads,
its per-request access log removed as a production deployment behind a proxy
has it) and a Classic-UI site. Each run then copies the ``<main>`` of the
procedure page into a published Plone Document, so both servers render the
same text, starts Plone on ``--plone-port`` unless something answers there,
warms both up and loads them in turns: every round runs each number of
connections against the portal and then Plone (the order swaps every round,
so a drift of the machine falls on both). It prints requests/s and
p50/p95 of every run, the medians and the ratio portal ÷ Plone.

Start the portal first as for ``bench/pages.py`` (production settings,
``manage.py runportal``: gunicorn, 2 workers × 4 threads). Both servers use
the same 2 cores; Plone runs as one instance, its standard single-instance
set-up (a large Plone site runs several behind a load balancer, as the
portal would run more gunicorn workers).
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from pages import Client, percentile, run_load

ROOT = Path(__file__).resolve().parent.parent
PINS = ROOT / "bench" / "plone" / "requirements.txt"
CREATE_SITE = ROOT / "bench" / "plone" / "create_site.py"
HOME = ROOT / "var" / "bench" / "plone"
VENV = HOME / "venv"
INSTANCE = HOME / "instance"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", nargs="?", help="the running portal, e.g. http://127.0.0.1:8000")
    parser.add_argument("--setup", action="store_true", help="build var/bench/plone (venv, instance, site)")
    parser.add_argument("--procedure", help="procedure page path (default: the first on /thu-tuc/)")
    parser.add_argument("--plone-port", type=int, default=8080)
    parser.add_argument("--seconds", type=float, default=10, help="per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", default="1,4")
    parser.add_argument("--warmup", type=int, default=60, help="requests to each server before measuring")
    parser.add_argument("--timeout", type=float, default=30)
    return parser.parse_args()


def run(command, **kwargs):
    print("$", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, **kwargs)


def setup():
    python = shutil.which("python3.11") or sys.executable
    if not (VENV / "bin" / "python").exists():
        run([python, "-m", "venv", VENV])
    pip = VENV / "bin" / "pip"
    run([pip, "install", "-q", "setuptools==80.10.2"])
    run([pip, "install", "-q", "-r", PINS])
    if not (INSTANCE / "etc" / "zope.ini").exists():
        run([VENV / "bin" / "mkwsgiinstance", "-d", INSTANCE, "-u", "admin:admin"])
    (INSTANCE / "var" / "cache").mkdir(parents=True, exist_ok=True)
    ini = INSTANCE / "etc" / "zope.ini"
    ini.write_text(re.sub(r"(?m)^    translogger\n", "", ini.read_text()))
    print(f"Plone 6 is ready under {HOME}")


def main_of(url, timeout):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        html = response.read().decode("utf-8")
    match = re.search(r"<main\b[^>]*>(.*)</main>", html, re.S)
    if not match:
        sys.exit(f"No <main> on {url}")
    return match.group(1)


def first_procedure(base, timeout):
    with urllib.request.urlopen(base + "/thu-tuc/", timeout=timeout) as response:
        html = response.read().decode("utf-8", "replace")
    match = re.search(r'href="(/thu-tuc/[^"?#]+/)"', html)
    if not match:
        sys.exit("No procedure link on /thu-tuc/: pass --procedure /thu-tuc/<slug>/")
    return match.group(1)


def answers(url, timeout=2):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def start_plone(port):
    """A started Plone process, once it answers on ``port``."""
    ini = INSTANCE / "etc" / "zope.ini"
    ini.write_text(re.sub(r"(?m)^port = \d+$", f"port = {port}", ini.read_text()))
    log = open(HOME / "plone.log", "ab")
    process = subprocess.Popen(
        [VENV / "bin" / "runwsgi", ini], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if answers(f"http://127.0.0.1:{port}/"):
            return process
        if process.poll() is not None:
            sys.exit(f"Plone exited; see {HOME / 'plone.log'}")
        time.sleep(1)
    sys.exit(f"Plone did not answer on port {port} within 180 s; see {HOME / 'plone.log'}")


def warm(base, path, count, timeout):
    client = Client(base, timeout)
    for _ in range(count):
        status, _took, _size = client.get(path)
        if status != 200:
            sys.exit(f"{base}{path} answered {status}")
    client.close()


class Fixed:
    def __init__(self, path):
        self.path = path

    def next(self):
        return self.path


def measure(base, path, connections, seconds, timeout):
    latencies, errors, elapsed, _slowest = run_load(base, Fixed(path), connections, seconds, 10**7, timeout)
    return {
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.50) * 1000,
        "p95": percentile(latencies, 0.95) * 1000,
        "errors": errors,
    }


def main():
    args = parse_args()
    if args.setup:
        setup()
        if not args.url:
            return
    if not args.url:
        sys.exit("Give the running portal's URL (or --setup).")
    if not (VENV / "bin" / "runwsgi").exists():
        sys.exit("Plone is not set up: run bench/plone_side_by_side.py --setup first.")
    base = args.url.rstrip("/")
    procedure = args.procedure or first_procedure(base, args.timeout)
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as body:
        body.write(main_of(base + procedure, args.timeout))
    plone = None
    try:
        if answers(f"http://127.0.0.1:{args.plone_port}/"):
            print("A Plone already answers on that port: its /Plone/thu-tuc is measured as it is.")
        else:
            # ZODB's FileStorage has one writer: the Document is written before Plone starts.
            subprocess.run(
                [VENV / "bin" / "zconsole", "run", INSTANCE / "etc" / "zope.conf", CREATE_SITE, body.name],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            plone = start_plone(args.plone_port)
        plone_base, plone_path = f"http://127.0.0.1:{args.plone_port}", "/Plone/thu-tuc"
        warm(base, procedure, args.warmup, args.timeout)
        warm(plone_base, plone_path, args.warmup, args.timeout)
        report(args, [("portal", base, procedure), ("Plone 6", plone_base, plone_path)])
    finally:
        os.unlink(body.name)
        if plone is not None:
            os.killpg(plone.pid, signal.SIGTERM)
            plone.wait(timeout=30)


def report(args, servers):
    counts = [int(part) for part in args.connections.split(",") if part.strip()]
    results = {(name, c): [] for name, _base, _path in servers for c in counts}
    print(f"\n{'round':>5}  {'server':<8} {'conn':>4}  {'req/s':>8}  {'p50 ms':>7}  {'p95 ms':>7}  errors")
    for number in range(1, args.rounds + 1):
        order = servers if number % 2 else list(reversed(servers))
        for connections in counts:
            for name, base, path in order:
                figures = measure(base, path, connections, args.seconds, args.timeout)
                results[(name, connections)].append(figures)
                print(
                    f"{number:>5}  {name:<8} {connections:>4}  {figures['rps']:>8.1f}  "
                    f"{figures['p50']:>7.1f}  {figures['p95']:>7.1f}  {figures['errors']}",
                    flush=True,
                )
    print("\nmedians over the rounds")
    for connections in counts:
        ours = statistics.median(r["rps"] for r in results[(servers[0][0], connections)])
        theirs = statistics.median(r["rps"] for r in results[(servers[1][0], connections)])
        print(
            f"  {connections} connection(s): portal {ours:.1f} req/s, Plone 6 {theirs:.1f} req/s, "
            f"ratio {ours / theirs:.2f}×"
        )


if __name__ == "__main__":
    main()
