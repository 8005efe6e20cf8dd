"""Demo officers and a leader for a few demo agencies (idempotent)."""
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from eforms.workspace.models import OfficerMembership, OfficerRole
from portal.twofactor.demo import DEMO_BACKUP_CODES, ensure_demo_two_factor

logger = logging.getLogger("eforms.workspace")

# username, password, full name (Vietnamese order, kept whole in first_name), [(agency code, role)]
DEMO_OFFICERS = [
    ("canbo-stp", "Canbo@2026", "Nguyễn Thị Minh Thư", [("stp", OfficerRole.OFFICER)]),
    ("canbo-sxd", "Canbo@2026", "Trần Văn Hải", [("sxd", OfficerRole.OFFICER)]),
    ("canbo-ubnd", "Canbo@2026", "Lê Hoàng Phúc", [("ubnd-xuan-huong", OfficerRole.OFFICER)]),
    (
        "lanhdao",
        "Lanhdao@2026",
        "Phạm Quốc Bảo",
        [("stp", OfficerRole.LEADER), ("sxd", OfficerRole.LEADER), ("ubnd-xuan-huong", OfficerRole.LEADER)],
    ),
]


class Command(BaseCommand):
    help = "Tạo tài khoản cán bộ và lãnh đạo mẫu cho các cơ quan mẫu (chạy lại không tạo trùng)."

    def handle(self, *args, **options):
        from content.models import AgencyPage

        User = get_user_model()
        lines = []
        with transaction.atomic():
            for username, password, full_name, memberships in DEMO_OFFICERS:
                agencies = [(AgencyPage.objects.filter(code=code).first(), role) for code, role in memberships]
                agencies = [(agency, role) for agency, role in agencies if agency is not None]
                if not agencies:
                    self.stdout.write(f"Bỏ qua {username}: chưa có cơ quan {', '.join(c for c, _r in memberships)}.")
                    continue
                user, created = User.objects.get_or_create(
                    username=username, defaults={"first_name": full_name, "last_name": "", "is_staff": True}
                )
                if created:
                    user.set_password(password)
                    user.email = f"{username}@dichvucong.local"
                    user.save()
                for agency, role in agencies:
                    OfficerMembership.objects.update_or_create(user=user, agency=agency, defaults={"role": role})
                if settings.DEBUG:
                    # Demo only: the shared demo authenticator and backup
                    # codes, so a newcomer can pass the second factor.
                    ensure_demo_two_factor(user)
                names = ", ".join(agency.code for agency, _role in agencies)
                lines.append(f"  {username} / {password}  ({names})")
                logger.info("event=demo_officer user=%s created=%s agencies=%s", username, created, names)
        if lines:
            self.stdout.write("Tài khoản cán bộ mẫu (đăng nhập tại /tai-khoan/dang-nhap/, rồi /can-bo/):")
            for line in lines:
                self.stdout.write(line)
            if settings.DEBUG:
                self.stdout.write(
                    "  Xác thực hai lớp: mã hiện tại bằng “.venv/bin/python manage.py demo_totp <tên đăng nhập>”, "
                    f"hoặc một mã dự phòng: {' '.join(DEMO_BACKUP_CODES)}"
                )
