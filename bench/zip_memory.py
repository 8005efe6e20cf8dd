"""Peak memory of the dossier ZIP download for N MB of attachments.

Builds one dossier whose attachments total ``--mb`` MB (``--files`` PDFs of
incompressible bytes, like scans), downloads its ZIP through the officer
view (``/can-bo/ho-so/<uuid>/tai-ve.zip``, Django test client, the full
middleware stack) reading the stream in chunks, and prints:

- RSS growth: the highest resident set size seen during the download (read
  from ``/proc/self/statm`` every 5 ms) minus the size before it;
- tracemalloc peak: the most memory Python objects held at once during a
  second download (precise, but tracing slows the run down).

``--in-memory`` measures the old way for comparison (the whole ZIP built in
a ``BytesIO`` and sent as one response).

Runs on a fresh SQLite test database under a temporary directory.

    .venv/bin/python bench/zip_memory.py [--mb 150] [--files 60] [--in-memory]
"""

import argparse
import gc
import hashlib
import io
import os
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
MB = 1024 * 1024


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=150, help="total size of the attachments (MB)")
    parser.add_argument("--files", type=int, default=60, help="number of attachments")
    parser.add_argument("--in-memory", action="store_true", help="measure the old in-memory ZIP for comparison")
    return parser.parse_args()


def setup():
    var = tempfile.mkdtemp(prefix="bench-zip-")
    os.environ["PORTAL_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(Path(var) / "bench.sqlite3")
    settings.ALLOWED_HOSTS = ["*"]
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)


def rss():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class RssSampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak = rss()
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            self.peak = max(self.peak, rss())
            time.sleep(0.005)

    def stop(self):
        self.done.set()
        self.join()
        return max(self.peak, rss())


def build_dossier(total_mb, files):
    from django.core.files.base import ContentFile

    from eforms.dossiers.models import DossierAttachment
    from tests.eforms.factories import DossierFactory, ProcedurePageFactory, ensure_wagtail_root

    ensure_wagtail_root()
    dossier = DossierFactory(procedure=ProcedurePageFactory(components=("Giấy tờ",)), submitted=True, handed_off=True)
    size = total_mb * MB // files
    block = os.urandom(MB)
    for n in range(files):
        body = b"%PDF-1.4\n" + (block * (size // MB + 1))[: size - 9]
        att = DossierAttachment(
            dossier=dossier,
            component_name=f"Giấy tờ {n + 1}",
            original_name=f"giay-to-{n + 1}.pdf",
            content_type="application/pdf",
            size=size,
            sha256=hashlib.sha256(body).hexdigest(),
        )
        att.file.save("x", ContentFile(body), save=False)
        att.save()
    return dossier


def use_in_memory_zip():
    """The old way: the whole ZIP in one bytes object (for comparison)."""
    from eforms.dossiers.documents import archive
    from eforms.workspace.views import dossier as views

    def in_memory(dossier):
        buffer = io.BytesIO()
        archive.write_dossier_zip(dossier, buffer)
        return io.BytesIO(buffer.getvalue())

    views.dossier_zip_file = in_memory


def download(client, dossier):
    response = client.get(f"/can-bo/ho-so/{dossier.uuid}/tai-ve.zip")
    assert response.status_code == 200, response.status_code
    received = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    return received


def main():
    args = parse_args()
    setup()
    from django.test import Client

    from tests.eforms.factories import OfficerFactory, login

    if args.in_memory:
        use_in_memory_zip()
    dossier = build_dossier(args.mb, args.files)
    client = login(Client(), OfficerFactory(agency=dossier.agency))
    download(client, dossier)  # warm up: fonts, templates, PDF engine loaded once
    gc.collect()

    baseline = rss()
    sampler = RssSampler()
    sampler.start()
    started = time.perf_counter()
    received = download(client, dossier)
    seconds = time.perf_counter() - started
    growth = sampler.stop() - baseline

    gc.collect()
    tracemalloc.start()
    download(client, dossier)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    mode = "in memory (old)" if args.in_memory else "streamed from a temporary file"
    print(f"dossier ZIP, {mode}: {args.files} attachments, {args.mb} MB; ZIP {received / MB:.1f} MB in {seconds:.1f} s")
    print(f"RSS before {baseline / MB:.0f} MB, growth during the download {growth / MB:.1f} MB")
    print(f"tracemalloc peak {peak / MB:.1f} MB")


if __name__ == "__main__":
    main()
