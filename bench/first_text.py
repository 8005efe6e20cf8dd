"""First text on a slow 3G phone, measured in Debian's Chromium (issue #14).

    .venv/bin/python bench/first_text.py                        # a throwaway demo portal under /tmp
    .venv/bin/python bench/first_text.py http://127.0.0.1:8000  # a running portal (make run)
    .venv/bin/python bench/first_text.py --runs 9 --langs vi --pages home,procedure

Without a URL it prepares a demo portal the way ``make run`` does (SQLite
under ``/tmp/portal-bench-first-text``, migrations, the demo catalogue,
collected static files served by WhiteNoise from their hashed names,
gunicorn with 2 workers × 4 threads as ``manage.py runportal``; DEBUG off,
so pages and static files are compressed as in production), then stops it.

Playwright drives ``/usr/bin/chromium`` (never a downloaded browser) with a
fresh context for every run: an empty cache, no cookie, the first visit.
Each page is loaded under the slow-3G profile of the issue through the
DevTools protocol: ``Network.emulateNetworkConditions`` with 400 ms latency
and 50,000 bytes/s down and up (the protocol counts bytes per second: 400
kbit/s), ``Emulation.setCPUThrottlingRate`` 4 and a 360 × 740 viewport.
Chromium's throttling adds the latency to every request (not to each TCP
round trip), like Lighthouse's “DevTools” throttling.

Pages: home, ``/thu-tuc/``, a procedure page (the first of the catalogue,
or ``--procedure``), ``/tim-kiem/?q=khai+sinh`` and the first step of an
e-form (``/nop-ho-so/<code>/``, “Bắt đầu nộp hồ sơ”, then step 1; its times
count from the button's POST, the redirect included), each in Vietnamese
and in English (``?lang=en``). For each it prints the median and the range
over ``--runs`` (default 5) of first paint, first contentful paint (the
first text), largest contentful paint, the moment the web fonts were
loaded (the last ``.woff2`` response's end, and ``document.fonts.ready``),
the layout shift (CLS) after the first font arrived — the swap's — and the
bytes transferred (the protocol's ``encodedDataLength``: headers and
compressed bodies). The budget of the issue is first text under 1.5 s.

Figures depend on the machine: CPU throttling is relative to the host, so
a loaded machine shows slower paints.
"""

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path("/tmp/portal-bench-first-text")
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CHROMIUM_ARGS += ["--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000}
CPU_SLOWDOWN = 4
VIEWPORT = {"width": 360, "height": 740}
BUDGET_MS = 1500
PAGES = ("home", "catalogue", "procedure", "search", "e-form step 1")

# Runs in every document before its own scripts: collects paint, LCP and
# layout-shift entries and the moment document.fonts.ready resolved.
OBSERVER = """
(() => {
  const seen = window.__firstText = {paints: {}, lcp: 0, shifts: [], fontsReady: null};
  const watch = (type, handle) => {
    try { new PerformanceObserver((list) => list.getEntries().forEach(handle)).observe({type, buffered: true}); }
    catch (e) { /* entry type not supported */ }
  };
  watch("paint", (e) => { seen.paints[e.name] = e.startTime; });
  watch("largest-contentful-paint", (e) => { seen.lcp = Math.max(seen.lcp, e.startTime); });
  watch("layout-shift", (e) => { if (!e.hadRecentInput) seen.shifts.push([e.startTime, e.value]); });
  document.addEventListener("DOMContentLoaded", () => {
    document.fonts.ready.then(() => { seen.fontsReady = performance.now(); });
  });
})();
"""

COLLECT = """
() => {
  const seen = window.__firstText;
  const fonts = performance.getEntriesByType("resource").filter((e) => /\\.woff2(\\?|$)/.test(e.name));
  return {
    fp: seen.paints["first-paint"] ?? null,
    fcp: seen.paints["first-contentful-paint"] ?? null,
    lcp: seen.lcp || null,
    fontsStart: fonts.length ? Math.min(...fonts.map((e) => e.responseEnd)) : null,
    fontsEnd: fonts.length ? Math.max(...fonts.map((e) => e.responseEnd)) : null,
    fontFiles: fonts.length,
    fontsReady: seen.fontsReady,
    shifts: seen.shifts,
  };
}
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", nargs="?", help="a running portal's base URL (default: start a demo portal)")
    parser.add_argument("--runs", type=int, default=5, help="fresh first visits per page and language")
    parser.add_argument("--langs", default="vi,en", help="comma-separated: vi, en")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated: " + ", ".join(PAGES))
    parser.add_argument("--procedure", help="path of a procedure page (default: the first on /thu-tuc/)")
    parser.add_argument("--eform", default="1.000894", help="procedure code of the e-form (default 1.000894)")
    parser.add_argument("--var-dir", type=Path, default=VAR_DIR, help=f"the demo portal's folder (default {VAR_DIR})")
    parser.add_argument("--no-throttle", action="store_true", help="no network or CPU emulation (a check)")
    parser.add_argument("--verbose", action="store_true", help="print every run")
    return parser.parse_args()


# --- the throwaway portal ------------------------------------------------------------------


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


def start_portal(var_dir):
    """Migrate, load the demo catalogue once, collect static files and start
    gunicorn as ``make run`` does; returns ``(process, base URL)``."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DEBUG": "0",
            "PORTAL_VAR_DIR": str(var_dir),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("DATABASE_URL", None)
    python = sys.executable
    var_dir.mkdir(parents=True, exist_ok=True)
    quiet = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
    print(f"preparing the demo portal under {var_dir} …", flush=True)
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], **quiet)
    if not (var_dir / ".demo-loaded").exists():
        subprocess.run([python, "manage.py", "load_demo_catalogue"], **quiet)
        (var_dir / ".demo-loaded").touch()
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], **quiet)
    port = free_port()
    gunicorn = str(Path(python).with_name("gunicorn"))
    command = [gunicorn, "portal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    command += ["--threads", "4", "--timeout", "120"]
    log = open(var_dir / "gunicorn.log", "ab")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
    except SystemExit:
        stop(process)
        raise
    return process, f"http://127.0.0.1:{port}"


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def first_procedure(base):
    """The path of the first procedure listed on ``/thu-tuc/``."""
    with urllib.request.urlopen(base + "/thu-tuc/", timeout=60) as response:
        html = response.read().decode("utf-8", "replace")
    match = re.search(r'href="(/thu-tuc/[a-z0-9-]+/)"', html)
    if not match:
        sys.exit("no procedure found on /thu-tuc/: pass --procedure")
    return match.group(1)


# --- one first visit -----------------------------------------------------------------------


def with_lang(path, lang):
    if lang == "vi":
        return path
    return path + ("&" if "?" in path else "?") + urllib.parse.urlencode({"lang": lang})


def visit(browser, base, name, path, lang, throttle):
    """Load one page in a fresh context under the slow-3G profile; the
    measured figures in milliseconds (bytes for ``bytes``)."""
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN", is_mobile=True, has_touch=True)
    context.add_init_script(OBSERVER)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    transferred = {"bytes": 0, "counting": name != "e-form step 1"}

    def finished(event):
        if transferred["counting"]:
            transferred["bytes"] += event.get("encodedDataLength", 0)

    cdp.on("Network.loadingFinished", finished)
    try:
        page.goto(base + with_lang(path, lang), wait_until="load", timeout=120_000)
        if name == "e-form step 1":
            transferred["counting"] = True  # the step is the first visit of a page whose start was just seen
            button = "Start the application" if lang == "en" else "Bắt đầu nộp hồ sơ"
            with page.expect_navigation(url=re.compile(r"/buoc/1/"), wait_until="load", timeout=120_000):
                page.get_by_role("button", name=re.compile(button, re.I)).click()
        page.wait_for_load_state("networkidle", timeout=120_000)
        page.wait_for_timeout(300)  # the last paints and shifts reach the observers
        seen = page.evaluate(COLLECT)
    finally:
        context.close()
    swap_from = seen["fontsStart"]
    seen["cls_swap"] = sum(value for at, value in seen["shifts"] if swap_from is not None and at >= swap_from)
    seen["cls"] = sum(value for _at, value in seen["shifts"])
    seen["fonts"] = max(filter(None, (seen["fontsEnd"], seen["fontsReady"])), default=None)
    seen["bytes"] = transferred["bytes"]
    return seen


# --- report --------------------------------------------------------------------------------


COLUMNS = (
    ("fp", "first paint", "ms"),
    ("fcp", "first text (FCP)", "ms"),
    ("lcp", "LCP", "ms"),
    ("fonts", "fonts loaded", "ms"),
    ("cls_swap", "CLS of the swap", "cls"),
    ("bytes", "bytes", "bytes"),
)


def fmt(value, unit):
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value / 1000:.2f} s"
    if unit == "cls":
        return f"{value:.3f}"
    return f"{value / 1000:.1f} kB"


def summary(values, unit):
    values = [v for v in values if v is not None]
    if not values:
        return "—"
    median = statistics.median(values)
    if len(values) == 1:
        return fmt(median, unit)
    return f"{fmt(median, unit)} ({fmt(min(values), unit)}–{fmt(max(values), unit)})"


def main():
    args = parse_args()
    from playwright.sync_api import sync_playwright  # after argparse: --help works without Playwright

    names = [n.strip() for n in args.pages.split(",") if n.strip()]
    unknown = sorted(set(names) - set(PAGES))
    if unknown:
        sys.exit(f"unknown pages {unknown}; choose from {', '.join(PAGES)}")
    process, base = (None, args.url.rstrip("/")) if args.url else start_portal(args.var_dir)
    try:
        paths = {
            "home": "/",
            "catalogue": "/thu-tuc/",
            "procedure": args.procedure or first_procedure(base),
            "search": "/tim-kiem/?q=khai+sinh",
            "e-form step 1": f"/nop-ho-so/{args.eform}/",
        }
        profile = "no throttling" if args.no_throttle else "slow 3G: 400 ms, 50,000 B/s down and up, CPU ×4"
        print(f"{base} · {profile} · {VIEWPORT['width']}×{VIEWPORT['height']} · median (range) of {args.runs} runs")
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for name in names:
                    for lang in [lang.strip() for lang in args.langs.split(",") if lang.strip()]:
                        runs = []
                        for index in range(args.runs):
                            seen = visit(browser, base, name, paths[name], lang, not args.no_throttle)
                            runs.append(seen)
                            if args.verbose:
                                cells = " · ".join(f"{label} {fmt(seen[key], unit)}" for key, label, unit in COLUMNS)
                                print(f"  {name} [{lang}] run {index + 1}: {cells}", flush=True)
                        rows.append((f"{name} [{lang}] {with_lang(paths[name], lang)}", runs))
                        print_row(*rows[-1])
            finally:
                browser.close()
    finally:
        stop(process)
    over = [label for label, runs in rows if statistics.median(r["fcp"] or 1e9 for r in runs) >= BUDGET_MS]
    if over:
        print(f"first text at or over {BUDGET_MS / 1000:.1f} s (median): " + "; ".join(over))
    else:
        print(f"first text under {BUDGET_MS / 1000:.1f} s (median) on every page measured")


def print_row(label, runs):
    print(label, flush=True)
    for key, title, unit in COLUMNS:
        print(f"  {title:<18} {summary([r[key] for r in runs], unit)}")
    fonts = sorted({r["fontFiles"] for r in runs})
    total_cls = summary([r["cls"] for r in runs], "cls")
    print(f"  {'font files':<18} {', '.join(map(str, fonts))} · CLS of the whole load {total_cls}", flush=True)


if __name__ == "__main__":
    main()
