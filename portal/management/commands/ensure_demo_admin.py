"""Create the demo administrator once (``make run``) and print the login.

With DEBUG on, the demo administrator also gets a confirmed authenticator
with a FIXED, published secret and ten fixed backup codes, so that anyone
trying the demo can pass the second factor: add the printed ``otpauth://``
URI to an authenticator app, run ``manage.py demo_totp admin``, or type one
of the backup codes. Never run a demo database in production.
"""
from base64 import b32decode
from binascii import hexlify

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.twofactor.services import new_backup_codes

DEMO_ADMIN = ("admin", "admin@dichvucong.local", "Quantri@2026")
# Published demo secret (base32, 20 bytes). Demo databases only.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DEMO_BACKUP_CODES = [
    "demo2026", "lamdong1", "lamdong2", "lamdong3", "lamdong4",
    "lamdong5", "lamdong6", "lamdong7", "dalat234", "dalat567",
]


def demo_key_hex():
    return hexlify(b32decode(DEMO_TOTP_SECRET)).decode("ascii")


@transaction.atomic
def ensure_demo_two_factor(user):
    """The fixed demo authenticator and backup codes (reset on every run)."""
    device = TOTPDevice.objects.filter(user=user, name="Demo").first()
    if device is None:
        device = TOTPDevice(user=user, name="Demo")
    device.key = demo_key_hex()
    device.confirmed = True
    device.drift = 0
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    new_backup_codes(user, codes=DEMO_BACKUP_CODES)
    return device


class Command(BaseCommand):
    help = "Create the demo administrator if missing and print the login."

    def handle(self, *args, **options):
        username, email, password = DEMO_ADMIN
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": email, "is_staff": True, "is_superuser": True,
                      "first_name": "Quản trị", "last_name": "viên"},
        )
        if created:
            user.set_password(password)
            user.save()
        self.stdout.write(
            f"Quản trị (admin) — http://127.0.0.1:8000/admin/ — {username} / {password}"
        )
        if not settings.DEBUG:
            self.stdout.write(
                "Xác thực hai lớp: DEBUG tắt nên không tạo thiết bị demo; "
                "lần đăng nhập đầu tiên sẽ yêu cầu đăng ký ứng dụng xác thực."
            )
            return
        device = ensure_demo_two_factor(user)
        self.stdout.write(
            "  Bước 1: đăng nhập bằng mật khẩu ở trên.\n"
            "  Bước 2 (xác thực hai lớp), chọn một trong các cách:\n"
            f"    • mã 6 chữ số hiện tại: .venv/bin/python manage.py demo_totp {username}\n"
            f"    • thêm vào ứng dụng xác thực (khoá bí mật {DEMO_TOTP_SECRET}):\n"
            f"      {device.config_url}\n"
            f"    • một mã dự phòng (mỗi mã dùng một lần; được cấp lại mỗi lần chạy lệnh này):\n"
            f"      {' '.join(DEMO_BACKUP_CODES)}"
        )
