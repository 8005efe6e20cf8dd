"""Anonymous pages through nginx (deploy/nginx/portal.conf) and direct.

    .venv/bin/python bench/proxy.py                      # a throwaway demo portal under /tmp
    .venv/bin/python bench/proxy.py --upstream 127.0.0.1:8000 --seconds 20

Starts Debian's nginx (``apt-get install -y nginx``) with the very
configuration a province deploys, ``deploy/nginx/portal.conf``, only its
ports and folders replaced, in front of gunicorn: either a throwaway portal
it starts itself (SQLite under ``/tmp/portal-bench-proxy``, the demo
catalogue, collected static files, gunicorn with 2 workers × 4 threads as
``manage.py runportal``) or ``--upstream`` (then ``--static-root`` names its
STATIC_ROOT). It first shows what the proxy does (a public page kept and
served as a HIT, a request with a session cookie bypassing the cache, an
answer setting a cookie never kept, a hashed static file served by nginx
with a one-year lifetime and gzip), then loads each page through nginx and
direct at 1 and 4 keep-alive connections (``bench/pages.py``'s client) and
prints requests/s and p50/p95/p99. Searches use a different query on every
request, so they pass through to gunicorn (a miss each time) and show the
proxy's own overhead.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import pages  # noqa: E402  (bench/pages.py: the load client)

CONF = ROOT / "deploy" / "nginx" / "portal.conf"
VAR_DIR = Path("/tmp/portal-bench-proxy")
STARTED = []  # processes this run started, stopped at the end whatever happens
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--upstream", help="host:port of a running gunicorn (default: start a demo portal)")
    parser.add_argument("--static-root", help="STATIC_ROOT of --upstream")
    parser.add_argument("--seconds", type=float, default=10, help="per page, connections and route")
    parser.add_argument("--connections", default="1,4")
    parser.add_argument("--pages", default="home,catalogue,catalogue filtered,procedure,search")
    parser.add_argument("--timeout", type=float, default=30)
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"{url} did not answer within {seconds:.0f} s")


def portal_env():
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DEBUG": "0",
            "PORTAL_VAR_DIR": str(VAR_DIR),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "TRUSTED_PROXIES": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("DATABASE_URL", None)
    return env


def start_portal():
    """Migrate, load the demo catalogue once, collect static files, start
    gunicorn; returns ``(process, host:port, static root)``."""
    env = portal_env()
    python = sys.executable
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    quiet = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
    print(f"preparing the demo portal under {VAR_DIR} …", flush=True)
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], **quiet)
    if not (VAR_DIR / ".demo-loaded").exists():
        subprocess.run([python, "manage.py", "load_demo_catalogue"], **quiet)
        (VAR_DIR / ".demo-loaded").touch()
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], **quiet)
    port = free_port()
    gunicorn = str(Path(python).with_name("gunicorn"))
    command = [gunicorn, "portal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    command += ["--threads", "4", "--timeout", "120"]
    log = open(VAR_DIR / "gunicorn.log", "ab")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    STARTED.append(process)
    wait_for(f"http://127.0.0.1:{port}/healthz")
    return process, f"127.0.0.1:{port}", VAR_DIR / "static"


def render_conf(upstream, static_root, port, cache_dir):
    """deploy/nginx/portal.conf with this run's upstream, port and folders."""
    text = CONF.read_text()
    replacements = {
        "server 127.0.0.1:8000;": f"server {upstream};",
        "listen 80;": f"listen 127.0.0.1:{port};",
        "alias /srv/portal/var/static/;": f"alias {str(static_root).rstrip('/')}/;",
        "/var/cache/nginx/portal": str(cache_dir),
    }
    for old, new in replacements.items():
        if old not in text:
            sys.exit(f"{CONF} no longer holds {old!r}: update bench/proxy.py")
        text = text.replace(old, new)
    return text


def start_nginx(upstream, static_root):
    prefix = Path(tempfile.mkdtemp(prefix="portal-bench-nginx-"))
    prefix.chmod(0o755)  # nginx's workers run as another user (nobody, www-data)
    port = free_port()
    (prefix / "logs").mkdir()
    (prefix / "portal.conf").write_text(render_conf(upstream, static_root, port, prefix / "cache"))
    mime = "include /etc/nginx/mime.types;" if os.path.exists("/etc/nginx/mime.types") else ""
    (prefix / "nginx.conf").write_text(
        f"""daemon off;
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    {mime}
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    sendfile on;
    keepalive_timeout 65;
    include {prefix}/portal.conf;
}}
"""
    )
    check = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")], capture_output=True)
    if check.returncode:
        sys.exit("nginx refused the configuration:\n" + check.stderr.decode())
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")], start_new_session=True)
    STARTED.append(process)
    wait_for(f"http://127.0.0.1:{port}/healthz", 30)
    return process, f"http://127.0.0.1:{port}", prefix


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.status, response.headers


def show_behaviour(proxy, direct):
    """What the proxy keeps and what it never keeps, as seen on the wire."""
    print("\nwhat the proxy does:")
    fetch(proxy + "/")
    _status, headers = fetch(proxy + "/")
    print(f"  GET / twice                    → {headers['X-Cache-Status']}, Cache-Control: {headers['Cache-Control']}")
    _status, headers = fetch(proxy + "/", {"Cookie": "sessionid=abc"})
    print(f"  GET / with a session cookie    → {headers['X-Cache-Status']}, Cache-Control: {headers['Cache-Control']}")
    fetch(proxy + "/?lang=en")
    _status, headers = fetch(proxy + "/?lang=en")
    print(
        f"  GET /?lang=en twice (a cookie) → {headers['X-Cache-Status']}, "
        f"Cache-Control: {headers['Cache-Control']}, Set-Cookie: {'yes' if headers['Set-Cookie'] else 'no'}"
    )
    _status, headers = fetch(proxy + "/", {"Cookie": "django_language=en"})
    _status, headers = fetch(proxy + "/", {"Cookie": "django_language=en"})
    print(f"  GET / with the English cookie  → {headers['X-Cache-Status']} (its own copy, key and Vary)")
    with urllib.request.urlopen(direct + "/", timeout=30) as response:
        html = response.read().decode("utf-8", "replace")
    match = re.search(r'(/static/[^"]+\.css)', html)
    if match:
        try:
            _status, headers = fetch(proxy + match.group(1), {"Accept-Encoding": "gzip"})
        except urllib.error.HTTPError as error:
            print(f"  GET {match.group(1)} → {error.code}: not under STATIC_ROOT (run collectstatic)")
            return
        print(
            f"  GET {match.group(1)[:40]}… → Cache-Control: {headers['Cache-Control']}, "
            f"Content-Encoding: {headers.get('Content-Encoding', 'none')} (served by nginx)"
        )


def measure(label, base, paths, connections, args):
    latencies, errors, elapsed, _slowest = pages.run_load(base, paths, connections, args.seconds, 10**6, args.timeout)
    rate = len(latencies) / elapsed if elapsed else 0.0
    p = [pages.percentile(latencies, f) * 1000 for f in (0.5, 0.95, 0.99)]
    print(
        f"  {label:<7} {connections:>2} conn  {rate:8.1f} req/s  p50 {p[0]:7.1f}  p95 {p[1]:7.1f}  p99 {p[2]:7.1f} ms"
    )
    if errors:
        print(f"          {errors} answers were not 200")
    return rate


def main():
    args = parse_args()
    if not NGINX:
        sys.exit("nginx is not installed: run `apt-get install -y nginx` (Debian's package) and try again.")
    try:
        if args.upstream:
            if not args.static_root:
                sys.exit("--upstream needs --static-root (the portal's STATIC_ROOT)")
            upstream, static_root = args.upstream, Path(args.static_root)
        else:
            _portal, upstream, static_root = start_portal()
        _nginx, proxy, prefix = start_nginx(upstream, static_root)
        direct = f"http://{upstream}"
        print(f"gunicorn {direct}, nginx {proxy} (configuration {prefix}/portal.conf)")
        show_behaviour(proxy, direct)
        paths = pages.discover(direct, argparse.Namespace(procedure=None, field=None, timeout=args.timeout))
        wanted = [name.strip() for name in args.pages.split(",") if name.strip()]
        print(f"\nload ({args.seconds:.0f} s each; ms):")
        summary = []
        for name in wanted:
            print(f"{name}:")
            for connections in [int(c) for c in args.connections.split(",")]:
                through = measure("nginx", proxy, paths[name], connections, args)
                alone = measure("direct", direct, paths[name], connections, args)
                summary.append((name, connections, through, alone))
        print("\npage                 conn   nginx req/s  direct req/s  ratio")
        for name, connections, through, alone in summary:
            print(
                f"{name:<20} {connections:>4} {through:>13.1f} {alone:>13.1f} {through / alone if alone else 0:>6.1f}"
            )
    finally:
        for process in reversed(STARTED):
            stop(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
