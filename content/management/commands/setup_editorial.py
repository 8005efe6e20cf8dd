"""``manage.py setup_editorial``: editorial groups, approval workflow and one
editor group per department (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from content.editorial import setup_editorial


class Command(BaseCommand):
    help = "Tạo nhóm biên tập, nhóm phê duyệt, quy trình “Phê duyệt thủ tục” và nhóm biên tập của từng cơ quan."

    def handle(self, *args, **options):
        try:
            result = setup_editorial()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Nhóm: {result['editors'].name}, {result['approvers'].name}; "
            f"quy trình: {result['workflow'].name}; {len(result['departments'])} nhóm biên tập theo cơ quan."
        )
