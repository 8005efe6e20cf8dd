"""``manage.py load_demo_workspace``: demo officers and a leader for a few
demo agencies (idempotent). The logic is in ``eforms.demo.workspace``;
this command only prints."""

from django.conf import settings
from django.core.management.base import BaseCommand

from eforms.demo.workspace import load_demo_workspace
from portal.twofactor.demo import DEMO_BACKUP_CODES


class Command(BaseCommand):
    help = "Tạo tài khoản cán bộ và lãnh đạo mẫu cho các cơ quan mẫu (chạy lại không tạo trùng)."

    def handle(self, *args, **options):
        accounts, skipped = load_demo_workspace()
        for username, codes in skipped:
            self.stdout.write(f"Bỏ qua {username}: chưa có cơ quan {', '.join(codes)}.")
        if not accounts:
            return
        self.stdout.write("Tài khoản cán bộ mẫu (đăng nhập tại /tai-khoan/dang-nhap/, rồi /can-bo/):")
        for username, password, codes in accounts:
            self.stdout.write(f"  {username} / {password}  ({', '.join(codes)})")
        if settings.DEBUG:
            self.stdout.write(
                "  Xác thực hai lớp: mã hiện tại bằng “.venv/bin/python manage.py demo_totp <tên đăng nhập>”, "
                f"hoặc một mã dự phòng: {' '.join(DEMO_BACKUP_CODES)}"
            )
