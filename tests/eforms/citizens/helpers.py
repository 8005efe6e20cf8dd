"""Citizens made directly (the sign-in itself is tested over HTTP in
``test_sign_in``) and a Django test client signed in as one."""

import datetime

from django.utils import timezone

from eforms.citizens.models import Citizen
from eforms.citizens.session import SESSION_AT, SESSION_KEY

ADDRESS = {
    "formatted": "12 Trần Phú, Phường Xuân Hương - Đà Lạt, Lâm Đồng",
    "street_address": "12 Trần Phú",
    "province_code": 68,
    "ward_code": 24781,
}


def make_citizen(number="068090012345", level=2, **overrides):
    values = {
        "full_name": "Nguyễn Văn An",
        "birth_date": datetime.date(1990, 5, 12),
        "sex": "Nam",
        "address": ADDRESS["formatted"],
        "phone": "0912345678",
        "email": "nguyenvanan@example.com",
        "level": level,
        "issuer": "http://testserver/sandbox-idp",
        "subject": f"sub-{number}",
        "claims": {"address": ADDRESS, "so_dinh_danh": number},
        **overrides,
    }
    return Citizen.objects.create(id_number=number, **values)


def sign_in_as(client, citizen):
    session = client.session
    session[SESSION_KEY] = str(citizen.uuid)
    session[SESSION_AT] = timezone.now().isoformat()
    session.save()
