"""``manage.py import_procedures PATH``: create or update procedures by code
from a JSON, CSV or XLSX file, all or nothing, and print the report."""

from django.core.management.base import BaseCommand, CommandError

from content.catalogue_io import import_procedures


class Command(BaseCommand):
    help = "Nhập danh mục thủ tục từ tệp JSON, CSV hoặc XLSX (tất cả hoặc không gì cả)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và in báo cáo, không ghi.")

    def handle(self, *args, path, dry_run=False, **options):
        try:
            report = import_procedures(path, dry_run=dry_run)
        except FileNotFoundError:
            raise CommandError(f"Không tìm thấy tệp: {path}") from None
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"Nhập thất bại: {len(report.rejected)} dòng bị từ chối, không ghi gì.")
