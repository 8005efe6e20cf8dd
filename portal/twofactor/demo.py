"""Demo second factor for ``make run`` accounts (DEBUG only).

Every demo account gets the same FIXED, published TOTP secret and the same
ten backup codes, so anyone trying the demo can pass the second factor: add
the ``otpauth://`` URI to an authenticator app, run
``manage.py demo_totp <username>``, or type a backup code. Never use these
on a real server: ``ensure_demo_two_factor`` refuses unless DEBUG is on.
"""

from base64 import b32decode
from binascii import hexlify

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .services import new_backup_codes

# Published demo secret (base32, 20 bytes). Demo databases only.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DEMO_BACKUP_CODES = [
    "demo2026",
    "lamdong1",
    "lamdong2",
    "lamdong3",
    "lamdong4",
    "lamdong5",
    "lamdong6",
    "lamdong7",
    "dalat234",
    "dalat567",
]
DEMO_DEVICE_NAME = "Demo"


def demo_key_hex():
    return hexlify(b32decode(DEMO_TOTP_SECRET)).decode("ascii")


@transaction.atomic
def ensure_demo_two_factor(user):
    """Give ``user`` the demo authenticator and backup codes (reset on every
    call: used backup codes come back). Returns the TOTP device."""
    if not settings.DEBUG:
        raise ImproperlyConfigured("Demo second factor only with DEBUG on.")
    device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).first()
    if device is None:
        device = TOTPDevice(user=user, name=DEMO_DEVICE_NAME)
    device.key = demo_key_hex()
    device.confirmed = True
    device.drift = 0
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    new_backup_codes(user, codes=DEMO_BACKUP_CODES)
    return device


def demo_instructions(username, device):
    """Lines telling a newcomer how to pass the second factor."""
    return [
        "  Bước 2 (xác thực hai lớp), chọn một trong các cách:",
        f"    • mã 6 chữ số hiện tại: .venv/bin/python manage.py demo_totp {username}",
        f"    • thêm vào ứng dụng xác thực (khoá bí mật {DEMO_TOTP_SECRET}):",
        f"      {device.config_url}",
        "    • một mã dự phòng (mỗi mã dùng một lần; được cấp lại mỗi lần chạy lệnh demo):",
        f"      {' '.join(DEMO_BACKUP_CODES)}",
    ]
