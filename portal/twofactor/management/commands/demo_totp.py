"""Print the current TOTP code of a user's authenticator (demo only).

Refused unless DEBUG is on: it is a convenience for ``make run`` demos and
manual testing, never something a production server should answer.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.twofactor.services import usable_totp


class Command(BaseCommand):
    help = "In mã TOTP hiện tại của tài khoản demo (chỉ khi DEBUG bật)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp chỉ dùng khi DEBUG bật (môi trường demo / phát triển).")
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"Không có tài khoản {username!r}.") from None
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id"))
        if not devices:
            raise CommandError(f"Tài khoản {username!r} chưa có ứng dụng xác thực đã kích hoạt.")
        for device in devices:
            self.stdout.write(usable_totp(device))
