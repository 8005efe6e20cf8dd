"""``manage.py setup_form_editorial``: e-form permissions of the editorial
groups and the approval workflow of the e-forms (after ``setup_editorial``;
idempotent). The logic is in ``eforms.formdefs.editorial``."""

from django.core.management.base import BaseCommand

from eforms.formdefs.editorial import setup_form_editorial


class Command(BaseCommand):
    help = "Cấp quyền xây dựng tờ khai điện tử cho các nhóm biên tập và gán quy trình phê duyệt (chạy lại không sao)."

    def handle(self, *args, **options):
        result = setup_form_editorial()
        workflow = result["workflow"]
        self.stdout.write(
            f"Tờ khai điện tử: {len(result['groups'])} nhóm được cấp quyền; quy trình "
            + (f"“{workflow.name}”." if workflow else "chưa có (chạy setup_editorial trước).")
        )
