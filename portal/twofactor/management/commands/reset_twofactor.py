"""Administrator recovery: remove every second-factor device of a user.

The user signs in with the password at the next login and enrols a new
authenticator (and receives new backup codes). The reset is logged.
"""

import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.twofactor.services import reset_two_factor


class Command(BaseCommand):
    help = "Xoá mọi thiết bị xác thực hai lớp của một tài khoản (khôi phục khi mất điện thoại)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"Không có tài khoản {username!r}.") from None
        try:
            operator = getpass.getuser()
        except Exception:  # noqa: BLE001 - no login name in some containers (KeyError, OSError …)
            operator = "unknown"
        removed = reset_two_factor(user, actor=f"os:{operator}", via="manage.py reset_twofactor")
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã đặt lại xác thực hai lớp của {username}: gỡ {removed} thiết bị. "
                "Lần đăng nhập tới, người dùng sẽ đăng ký lại ứng dụng xác thực."
            )
        )
