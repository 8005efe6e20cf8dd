"""``manage.py load_demo_catalogue``: the demo site and catalogue, once.

Idempotent: a second run creates nothing and finishes quickly. ``--limit N``
(or ``DEMO_CATALOGUE_LIMIT``) imports only the first N demo procedures;
``--synthetic N`` adds N generated procedures through the bulk path and
prints the rate.
"""

import os
import time

from django.core.management.base import BaseCommand, CommandError

from content import demo_loader as demo
from content.bulk import analyze, bulk_load_procedures
from content.demo_catalogue import AGENCIES_PATH, FIELDS_PATH, NEWS_PATH, PROCEDURES_PATH
from content.demo_catalogue.synthetic import generate_procedures
from content.editorial import setup_editorial
from content.models import AgencyPage, FieldPage


class Command(BaseCommand):
    help = "Nạp danh mục thủ tục mẫu (chạy lại nhiều lần không tạo trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Chỉ nạp N thủ tục mẫu đầu tiên.")
        parser.add_argument("--synthetic", type=int, default=0, help="Thêm N thủ tục sinh tự động (đo hiệu năng).")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, limit=None, synthetic=0, seed=0, **options):
        started = time.monotonic()
        if limit is None and os.environ.get("DEMO_CATALOGUE_LIMIT"):
            limit = int(os.environ["DEMO_CATALOGUE_LIMIT"])
        sections = demo.ensure_site_tree()
        self.stdout.write(
            f"Cây trang: trang chủ và {len(sections) - 1} mục "
            "(/thu-tuc/, /co-quan/, /linh-vuc/, /tin-tuc/, /huong-dan/)."
        )

        created, updated = demo.load_agencies(sections["co-quan"], demo._read_json(AGENCIES_PATH, "agencies"))
        self.stdout.write(f"Cơ quan: {created} tạo mới, {updated} cập nhật.")
        created, updated = demo.load_fields(sections["linh-vuc"], demo._read_json(FIELDS_PATH, "fields"))
        self.stdout.write(f"Lĩnh vực: {created} tạo mới, {updated} cập nhật.")

        report = demo.import_demo_procedures(PROCEDURES_PATH, limit=limit)
        if report is None:
            self.stdout.write("Thủ tục: chưa có tệp dữ liệu mẫu procedures.json.")
        else:
            self.stdout.write("Thủ tục — " + report.summary())
            if not report.ok:
                for line in report.lines():
                    self.stderr.write(line)
                raise CommandError("Dữ liệu thủ tục mẫu có lỗi; không nạp thủ tục nào.")

        news = demo.load_news(sections["tin-tuc"], demo._read_json(NEWS_PATH, "news"))
        guides = demo.load_guides(sections["huong-dan"], demo._read_json(NEWS_PATH, "guides"))
        self.stdout.write(f"Tin tức: {news} tạo mới; hướng dẫn: {guides} tạo mới.")
        featured = demo.set_featured(sections["home"])
        if featured:
            self.stdout.write(f"Thủ tục được dùng nhiều trên trang chủ: {featured}.")

        groups = setup_editorial()
        self.stdout.write(
            f"Quy trình “{groups['workflow'].name}”, nhóm “{groups['editors'].name}”, “{groups['approvers'].name}” "
            f"và {len(groups['departments'])} nhóm biên tập theo cơ quan."
        )
        for username, password, group in demo.ensure_demo_users(groups):
            self.stdout.write(f"Tài khoản mẫu ({group}) — http://127.0.0.1:8000/admin/ — {username} / {password}")

        if synthetic:
            self._synthetic(synthetic, seed, sections["thu-tuc"])
        else:  # the bulk loader analyses after its load
            self.stdout.write(f"Thống kê cho bộ lập kế hoạch truy vấn (ANALYZE): {analyze():.1f} giây.")
        self.stdout.write(f"Xong sau {time.monotonic() - started:.1f} giây.")

    def _synthetic(self, count, seed, index):
        started = time.monotonic()
        cpu_started = time.process_time()
        records = generate_procedures(
            count,
            seed=seed,
            field_codes=list(FieldPage.objects.values_list("code", flat=True)),
            agency_codes=list(AgencyPage.objects.values_list("code", flat=True)),
        )
        generated = time.monotonic() - started

        def progress(done, total, seconds):
            if done == total or done % 10000 == 0:
                self.stdout.write(f"  … {done}/{total} ({done / max(seconds, 1e-6):.0f} dòng/giây)")

        figures = bulk_load_procedures(records, index, progress=progress)
        total = generated + figures["seconds"] + figures["index_seconds"]
        rate = figures["created"] / total if total else 0
        cpu = time.process_time() - cpu_started
        self.stdout.write(
            f"Thủ tục sinh tự động: {figures['created']} tạo mới, {figures['skipped']} đã có, "
            f"{figures['rejected']} bị loại; sinh {generated:.1f} s, ghi {figures['seconds']:.1f} s, "
            f"chỉ mục tìm kiếm {figures['index_seconds']:.1f} s, ANALYZE {figures['analyze_seconds']:.1f} s — "
            f"{rate:.0f} dòng/giây "
            f"(thời gian CPU của tiến trình: {cpu:.1f} s)."
        )
