"""Create the demo administrator once (``make run``) and print the login.

With DEBUG on, the demo administrator also gets the demo second factor
(``portal.twofactor.demo``: a fixed, published TOTP secret and ten fixed
backup codes) and the command prints how to pass it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from portal.twofactor.demo import demo_instructions, ensure_demo_two_factor

DEMO_ADMIN = ("admin", "admin@dichvucong.local", "Quantri@2026")


class Command(BaseCommand):
    help = "Create the demo administrator if missing and print the login."

    def handle(self, *args, **options):
        username, email, password = DEMO_ADMIN
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": email,
                "is_staff": True,
                "is_superuser": True,
                "first_name": "Quản trị",
                "last_name": "viên",
            },
        )
        if created:
            user.set_password(password)
            user.save()
        self.stdout.write(f"Quản trị (admin) — http://127.0.0.1:8000/admin/ — {username} / {password}")
        if not settings.DEBUG:
            self.stdout.write(
                "  Xác thực hai lớp: DEBUG tắt nên không tạo thiết bị demo; "
                "lần đăng nhập đầu tiên sẽ yêu cầu đăng ký ứng dụng xác thực."
            )
            return
        device = ensure_demo_two_factor(user)
        self.stdout.write("  Bước 1: mật khẩu ở trên, tại http://127.0.0.1:8000/tai-khoan/dang-nhap/")
        for line in demo_instructions(username, device):
            self.stdout.write(line)
