"""How many documents an ordinary citizen uploads to apply online.

An automated citizen goes through the real e-form views (Django test
client) of every online procedure of the demo catalogue: it answers every
case question ("Trường hợp của Ông/Bà") with the ordinary case ("Không thuộc
trường hợp nào ở trên"), every other question with its first choice,
uploads only what the rendered step marks required (``*``) and submits on
the review page; a refused submission counts as a failure. Printed: the
uploads for Đăng ký khai sinh (1.001193) and Cấp phiếu lý lịch tư pháp
(3.000333), and the average over all online procedures. The targets of
issue 10 are at most 2 each.

Runs on a fresh SQLite test database under a temporary directory.

    .venv/bin/python bench/citizen_uploads.py [--verbose]
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

KHAI_SINH, LY_LICH_TU_PHAP = "1.001193", "3.000333"
TARGET = 2
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
ANSWERS = {
    "text": "Nguyễn Thị Hồng Nhung",
    "textarea": "Đề nghị giải quyết theo quy định.",
    "number": "1",
    "date": "1990-05-17",
    "email": "nhung@example.vn",
    "phone": "0912345678",
    "cccd": "068190001234",
}
_UPLOAD = re.compile(
    r'<div class="form-field eforms-upload[^"]*"[^>]*id="wrap-(?P<name>[^"]+)">\s*<label[^>]*>(?P<label>.*?)</label>',
    re.S,
)


class CitizenStuck(Exception):
    """The automated citizen could not go on (a step or the submit refused)."""


def required_uploads(html):
    """Names of the file inputs a step page marks required (``*``)."""
    return [m["name"] for m in _UPLOAD.finditer(html) if 'class="required"' in m["label"]]


def _answer(field, province, ward):
    kind, name = field["type"], field["name"]
    if kind == "address":
        return {f"{name}_province": province, f"{name}_ward": ward, f"{name}_street": "12 Phan Đình Phùng"}
    if kind in ("choice", "multichoice"):
        choices = field.get("choices") or [""]
        # the ordinary citizen: no case, no fee exemption claimed
        value = choices[-1] if field.get("role") in ("case_question", "fee_category") else choices[0]
        return {name: [value] if kind == "multichoice" else value}
    if kind == "checkbox":
        return {name: "on"} if field.get("required") else {}
    if kind in ANSWERS:
        return {name: ANSWERS[kind]}
    return {}


def apply_as_ordinary_citizen(client, procedure):
    """Apply for ``procedure`` through the views in the ordinary case;
    returns the number of files uploaded (raises ``CitizenStuck``)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from eforms.formdefs import divisions
    from eforms.submission.models import SubmissionDraft

    province = "68"
    ward = str(divisions.wards_of(province)[0][0])
    response = client.post(reverse("eforms:start", args=[procedure.code]))
    if response.status_code != 302:
        raise CitizenStuck(f"start: HTTP {response.status_code}")
    draft = SubmissionDraft.objects.filter(procedure=procedure).order_by("-id").first()
    uploads = 0
    for number, step in enumerate(draft.form_version.schema["steps"], start=1):
        url = reverse("eforms:step", args=[procedure.code, draft.uuid, number])
        page = client.get(url)
        if page.status_code != 200:
            raise CitizenStuck(f"step {number}: HTTP {page.status_code}")
        data = {"action": "next"}
        for field in step["fields"]:
            if field["type"] not in ("file", "heading", "help"):
                data.update(_answer(field, province, ward))
        for name in required_uploads(page.content.decode()):
            data[name] = SimpleUploadedFile(f"{name}.pdf", PDF_BYTES, content_type="application/pdf")
            uploads += 1
        response = client.post(url, data)
        if response.status_code != 302:
            errors = re.findall(r'<ul class="form-error"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
            raise CitizenStuck(f"step {number} ({step['title']}): {errors[:3]}")
    draft.refresh_from_db()
    response = client.post(
        reverse("eforms:review", args=[procedure.code, draft.uuid]),
        {"submit_token": draft.submit_token, "form_version": str(draft.form_version_id), "declaration": "on"},
    )
    if response.status_code != 302:
        raise CitizenStuck(f"submit: HTTP {response.status_code}")
    draft.refresh_from_db()
    if not draft.dossier_id:
        raise CitizenStuck("submit: no dossier")
    return uploads


def measure(procedures, verbose=False, out=sys.stdout):
    """``{code: uploads}`` for ``procedures`` (``None``: stuck)."""
    from django.test import Client

    figures = {}
    for procedure in procedures:
        client = Client()
        try:
            figures[procedure.code] = apply_as_ordinary_citizen(client, procedure)
        except CitizenStuck as exc:
            figures[procedure.code] = None
            out.write(f"  {procedure.code} {procedure.title[:60]}: stuck — {exc}\n")
            continue
        if verbose:
            out.write(f"  {procedure.code} {figures[procedure.code]} {procedure.title[:70]}\n")
    return figures


def setup():
    var = tempfile.mkdtemp(prefix="bench-citizen-")
    os.environ["PORTAL_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(Path(var) / "bench.sqlite3")
    settings.RATE_LIMITS = dict.fromkeys(("draft", "step", "submit", "lookup", "api_status"), "1000000/60")
    settings.ALLOWED_HOSTS = ["*"]
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from django.db import connection

    connection.creation.create_test_db(verbosity=0)


def load_catalogue():
    from content import demo_loader as demo
    from content.demo_catalogue import AGENCIES_PATH, FIELDS_PATH, PROCEDURES_PATH

    sections = demo.ensure_site_tree()
    demo.load_agencies(sections["co-quan"], demo._read_json(AGENCIES_PATH, "agencies"))
    demo.load_fields(sections["linh-vuc"], demo._read_json(FIELDS_PATH, "fields"))
    report = demo.import_demo_procedures(PROCEDURES_PATH)
    if not report.ok:
        raise SystemExit("\n".join(report.lines()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="one line per procedure")
    args = parser.parse_args()
    setup()
    load_catalogue()
    from content.constants import OnlineLevel
    from content.models import ProcedurePage

    online = list(
        ProcedurePage.objects.live().filter(online_level__in=[OnlineLevel.FULL, OnlineLevel.PARTIAL]).order_by("code")
    )
    figures = measure(online, verbose=args.verbose)
    done = [n for n in figures.values() if n is not None]
    average = statistics.mean(done) if done else float("nan")
    stuck = len(figures) - len(done)
    print(f"Đăng ký khai sinh ({KHAI_SINH}): {figures.get(KHAI_SINH)} tệp tải lên (tối đa {TARGET})")
    print(
        f"Cấp phiếu lý lịch tư pháp ({LY_LICH_TU_PHAP}): {figures.get(LY_LICH_TU_PHAP)} tệp tải lên (tối đa {TARGET})"
    )
    print(
        f"Trung bình trên {len(done)} thủ tục trực tuyến: {average:.2f} tệp (tối đa {TARGET}); "
        f"nhiều nhất {max(done) if done else '—'}; {stuck} thủ tục không nộp được"
    )
    ok = (
        figures.get(KHAI_SINH) is not None
        and figures[KHAI_SINH] <= TARGET
        and figures.get(LY_LICH_TU_PHAP) is not None
        and figures[LY_LICH_TU_PHAP] <= TARGET
        and average <= TARGET
        and not stuck
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
