"""Demo workspace accounts: officers and a leader for a few demo agencies
(idempotent), with the shared demo second factor when DEBUG is on."""

import structlog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from content.models import AgencyPage
from eforms.workspace.models import OfficerMembership, OfficerRole
from portal.twofactor.demo import ensure_demo_two_factor

log = structlog.get_logger(__name__)

# username, password, full name (Vietnamese order, kept whole in first_name), [(agency code, role)]
DEMO_OFFICERS = [
    ("canbo-congan", "Canbo@2026", "Đinh Văn Khoa", [("cong-an-tinh", OfficerRole.OFFICER)]),
    ("canbo-stp", "Canbo@2026", "Nguyễn Thị Minh Thư", [("stp", OfficerRole.OFFICER)]),
    ("canbo-sxd", "Canbo@2026", "Trần Văn Hải", [("sxd", OfficerRole.OFFICER)]),
    ("canbo-ubnd", "Canbo@2026", "Lê Hoàng Phúc", [("ubnd-xuan-huong", OfficerRole.OFFICER)]),
    (
        "lanhdao",
        "Lanhdao@2026",
        "Phạm Quốc Bảo",
        [
            ("cong-an-tinh", OfficerRole.LEADER),
            ("stp", OfficerRole.LEADER),
            ("sxd", OfficerRole.LEADER),
            ("ubnd-xuan-huong", OfficerRole.LEADER),
        ],
    ),
]


def load_demo_workspace():
    """Create or update the demo accounts. Returns ``(accounts, skipped)``:
    ``[(username, password, agency codes)]`` made or kept, and
    ``[(username, wanted agency codes)]`` skipped for want of an agency."""
    user_model = get_user_model()
    accounts, skipped = [], []
    with transaction.atomic():
        for username, password, full_name, memberships in DEMO_OFFICERS:
            agencies = [(AgencyPage.objects.filter(code=code).first(), role) for code, role in memberships]
            agencies = [(agency, role) for agency, role in agencies if agency is not None]
            if not agencies:
                skipped.append((username, [code for code, _role in memberships]))
                continue
            user, created = user_model.objects.get_or_create(
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
            codes = [agency.code for agency, _role in agencies]
            accounts.append((username, password, codes))
            log.info("demo_officer", user=username, created=created, agencies=codes)
    return accounts, skipped
