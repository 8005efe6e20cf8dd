"""Load on a running portal's public pages, over HTTP (issue #17).

    .venv/bin/python bench/pages.py http://127.0.0.1:8000
    .venv/bin/python bench/pages.py http://127.0.0.1:8000 --seconds 20 --connections 1,4 --stall-seconds 180

Start the portal first (``make run``, or gunicorn as ``manage.py runportal``
starts it, with production settings for honest figures). For each page
(home, catalogue, catalogue filtered by a field, a procedure page, search
with distinct strings, autocomplete with distinct prefixes) and each number
of connections it keeps that many keep-alive connections busy for
``--seconds`` (and at most ``--max-requests`` requests) and prints
requests/s and p50/p95/p99 latency. Fixed-URL pages go through ``wrk`` when
it is installed (``--no-wrk`` to keep the Python client; wrk prints no p95).
Then the stall probe: 4 threads cycle through every page for
``--stall-seconds`` (default 180, 0 to skip) and print the slowest request.

The procedure page and the field filter are found on ``/thu-tuc/``
(``--procedure`` and ``--field`` override). Every search and autocomplete
request asks something no earlier request asked (two catalogue words, or a
prefix of them), so no result cache answers it.
"""

import argparse
import http.client
import itertools
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

WORDS = (
    "đăng ký khai sinh kết hôn khai tử hộ tịch chứng thực bản sao giấy phép xây dựng lái xe đất đai "
    "quyền sử dụng hộ kinh doanh doanh nghiệp thành lập thay đổi cấp lại trợ cấp thất nghiệp bảo hiểm "
    "lý lịch tư pháp nhận con nuôi giám hộ thường trú tạm trú môi trường lao động việc làm giáo dục "
    "y tế hành nghề dược công chứng phí lệ phí xác nhận tình trạng hôn nhân trích lục"
).split()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="the portal's base URL, e.g. http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=float, default=20, help="per page and number of connections")
    parser.add_argument("--connections", default="1,4", help="comma-separated, default 1,4")
    parser.add_argument("--max-requests", type=int, default=200_000, help="bound per run")
    parser.add_argument("--stall-seconds", type=float, default=180, help="stall probe length, 0 to skip")
    parser.add_argument("--stall-threads", type=int, default=4)
    parser.add_argument("--pages", default="", help="only these pages (comma-separated names)")
    parser.add_argument("--procedure", help="path of a procedure page (default: the first on /thu-tuc/)")
    parser.add_argument("--field", help="field code for the filtered catalogue (default: the first facet)")
    parser.add_argument("--no-wrk", action="store_true", help="never use wrk")
    parser.add_argument("--timeout", type=float, default=30)
    return parser.parse_args()


class Client:
    """One keep-alive HTTP connection; reconnects after an error."""

    def __init__(self, base, timeout):
        parts = urllib.parse.urlsplit(base)
        self.scheme, self.netloc = parts.scheme, parts.netloc
        self.prefix = parts.path.rstrip("/")
        self.timeout = timeout
        self.conn = None

    def _connect(self):
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        self.conn = cls(self.netloc, timeout=self.timeout)

    def get(self, path):
        """``(status, seconds, bytes)``; status 0 on a network error."""
        started = time.perf_counter()
        try:
            if self.conn is None:
                self._connect()
            self.conn.request("GET", self.prefix + path, headers={"Accept-Encoding": "gzip"})
            response = self.conn.getresponse()
            body = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, time.perf_counter() - started, len(body)
        except (OSError, http.client.HTTPException):
            self.close()
            return 0, time.perf_counter() - started, 0

    def close(self):
        if self.conn is not None:
            self.conn.close()
        self.conn = None


def distinct_searches():
    """``/tim-kiem/?q=…`` paths, never the same query twice."""
    for a, b in itertools.permutations(WORDS, 2):
        yield "/tim-kiem/?" + urllib.parse.urlencode({"q": f"{a} {b}"})


def distinct_prefixes():
    """Autocomplete paths with prefixes no earlier request asked."""
    seen = set()
    for a, b in itertools.permutations(WORDS, 2):
        for cut in (1, 2, 3):
            prefix = f"{a} {b[:cut]}"
            if prefix not in seen:
                seen.add(prefix)
                yield "/api/v1/procedures/autocomplete?" + urllib.parse.urlencode({"q": prefix})


class Paths:
    """A thread-safe endless source of paths for one page."""

    def __init__(self, fixed=None, generator=None):
        self.fixed = fixed
        self.factory = generator
        self.source = generator() if generator else None
        self.lock = threading.Lock()

    def next(self):
        if self.fixed:
            return self.fixed
        with self.lock:
            try:
                return next(self.source)
            except StopIteration:  # thousands of combinations: only on very long runs
                self.source = self.factory()
                return next(self.source)


def discover(base, args):
    with urllib.request.urlopen(base + "/thu-tuc/", timeout=args.timeout) as response:
        html = response.read().decode("utf-8", "replace")
    procedure = args.procedure
    if not procedure:
        match = re.search(r'href="(/thu-tuc/[^"?#]+/)"', html)
        if not match:
            sys.exit("No procedure link on /thu-tuc/: pass --procedure /thu-tuc/<slug>/")
        procedure = match.group(1)
    field = args.field
    if not field:
        match = re.search(r'name="field" value="([^"]+)"', html) or re.search(r"[?&]field=([^&\"]+)", html)
        field = match.group(1) if match else "ho-tich"
    return {
        "home": Paths(fixed="/"),
        "catalogue": Paths(fixed="/thu-tuc/"),
        "catalogue filtered": Paths(fixed="/thu-tuc/?" + urllib.parse.urlencode({"field": field})),
        "procedure": Paths(fixed=procedure),
        "search": Paths(generator=distinct_searches),
        "autocomplete": Paths(generator=distinct_prefixes),
    }


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def run_load(base, paths, connections, seconds, max_requests, timeout):
    """``(latencies, errors, elapsed, slowest)`` of ``connections`` threads."""
    deadline = time.perf_counter() + seconds
    latencies, errors, slowest = [], [0], [(0.0, "", 0.0)]
    lock = threading.Lock()
    budget = itertools.count()
    started = time.perf_counter()

    def worker():
        client = Client(base, timeout)
        mine, bad, worst = [], 0, (0.0, "", 0.0)
        while time.perf_counter() < deadline and next(budget) < max_requests:
            path = paths.next()
            status, took, _size = client.get(path)
            if status != 200:
                bad += 1
            mine.append(took)
            if took > worst[0]:
                worst = (took, path, time.perf_counter() - started)
        client.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad
            slowest[0] = max(slowest[0], worst)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(latencies), errors[0], time.perf_counter() - started, slowest[0]


def run_wrk(base, path, connections, seconds):
    """wrk's figures for a fixed URL: ``(req/s, p50, p99)`` in seconds, or None."""
    command = ["wrk", "-t", str(connections), "-c", str(connections), "-d", f"{int(seconds)}s", "--latency"]
    command += ["-H", "Accept-Encoding: gzip", base.rstrip("/") + path]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not rate:
        return None
    units = {"us": 1e-6, "ms": 1e-3, "s": 1.0}

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", output, re.M)
        return float(match.group(1)) * units[match.group(2)] if match else float("nan")

    return float(rate.group(1)), latency("50"), latency("99")


def ms(seconds):
    return f"{seconds * 1000:8.1f}"


def main():
    args = parse_args()
    base = args.url.rstrip("/")
    pages = discover(base, args)
    if args.pages:
        wanted = {name.strip() for name in args.pages.split(",")}
        pages = {name: paths for name, paths in pages.items() if name in wanted}
    connections = [int(n) for n in args.connections.split(",") if n.strip()]
    use_wrk = bool(shutil.which("wrk")) and not args.no_wrk
    print(f"# {base}: {args.seconds:g} s per page and connection count; client: {'wrk' if use_wrk else 'Python'}")
    print(
        f"{'page':<20} {'conn':>4} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    )
    for name, paths in pages.items():
        for count in connections:
            if use_wrk and paths.fixed:
                figures = run_wrk(base, paths.fixed, count, args.seconds)
                if figures:
                    rate, p50, p99 = figures
                    print(f"{name:<20} {count:>4} {'wrk':>8} {'':>6} {rate:8.1f} {ms(p50)} {'-':>8} {ms(p99)}")
                    continue
            latencies, errors, elapsed, _slowest = run_load(
                base, paths, count, args.seconds, args.max_requests, args.timeout
            )
            rate = len(latencies) / elapsed if elapsed else 0
            print(
                f"{name:<20} {count:>4} {len(latencies):>8} {errors:>6} {rate:8.1f} "
                f"{ms(percentile(latencies, 0.50))} {ms(percentile(latencies, 0.95))} {ms(percentile(latencies, 0.99))}"
            )
    if args.stall_seconds > 0:
        stall_probe(base, pages, args)


def stall_probe(base, pages, args):
    """Every page in turn on ``--stall-threads`` threads; the slowest request."""
    sources = list(pages.values())
    cycle = itertools.cycle(sources)
    lock = threading.Lock()

    class Mixed:
        fixed = None

        @staticmethod
        def next():
            with lock:
                source = next(cycle)
            return source.next()

    latencies, errors, elapsed, (worst, path, at) = run_load(
        base, Mixed, args.stall_threads, args.stall_seconds, args.max_requests * 10, args.timeout
    )
    over = sum(1 for took in latencies if took > 1.0)
    p50, p99 = ms(percentile(latencies, 0.5)).strip(), ms(percentile(latencies, 0.99)).strip()
    mean = statistics.fmean(latencies) * 1000 if latencies else float("nan")
    print(
        f"# stall probe: {args.stall_threads} threads, {elapsed:.0f} s, {len(latencies)} requests "
        f"({errors} errors), mean {mean:.1f} ms, p50/p99 {p50}/{p99} ms, {over} over 1 s; "
        f"slowest {worst * 1000:.0f} ms at {at:.0f} s: {path}"
    )


if __name__ == "__main__":
    main()
