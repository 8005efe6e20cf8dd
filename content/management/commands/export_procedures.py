"""``manage.py export_procedures PATH``: write the catalogue as JSON, CSV or
XLSX (by extension); spreadsheet cells are safe from formula injection."""

from django.core.management.base import BaseCommand, CommandError

from content.catalogue_io import export_procedures


class Command(BaseCommand):
    help = "Xuất danh mục thủ tục ra tệp JSON, CSV hoặc XLSX (theo phần mở rộng của tệp)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default=None)

    def handle(self, *args, path, format=None, **options):
        try:
            count = export_procedures(path, file_format=format)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Đã xuất {count} thủ tục vào {path}.")
