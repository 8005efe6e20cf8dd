"""Demo citizens of the sandbox identity provider (invented people; the
numbers agree with their birth dates and sex as a real CCCD does), and the
faulty answers it can give on purpose."""

from django.utils.translation import gettext_lazy as _

USERNAME_PREFIX = "sandbox-idp-"

PEOPLE = {
    "068090012345": {
        "name": "Nguyễn Văn An",
        "birthdate": "1990-05-12",
        "gender": "Nam",
        "phone_number": "0912345678",
        "email": "nguyenvanan@example.com",
        "address": {
            "formatted": "12 Trần Phú, Phường Xuân Hương - Đà Lạt, Lâm Đồng",
            "street_address": "12 Trần Phú",
            "province_code": 68,
            "ward_code": 24781,
        },
        "loa": 2,
    },
    "068185004321": {
        "name": "Trần Thị Bích Ngọc",
        "birthdate": "1985-09-02",
        "gender": "Nữ",
        "phone_number": "0987654321",
        "email": "tranthibichngoc@example.com",
        "address": {
            "formatted": "5 Lê Hồng Phong, Phường Lâm Viên - Đà Lạt, Lâm Đồng",
            "street_address": "5 Lê Hồng Phong",
            "province_code": 68,
            "ward_code": 24778,
        },
        "loa": 1,
    },
    "001203007788": {
        "name": "Lê Minh Khôi",
        "birthdate": "2003-01-20",
        "gender": "Nam",
        "phone_number": "0355123456",
        "email": "",
        "address": {
            "formatted": "8 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội",
            "street_address": "8 Hàng Bài",
            "province_code": 1,
            "ward_code": 70,
        },
        "loa": 2,
    },
}

# Broken answers, to try the portal's error handling (the person behind each
# is Nguyễn Văn An): what the ID token or the claims get wrong.
FAULTS = {
    "forged": _("Mã thông báo định danh (ID token) ký bằng khóa giả"),
    "expired": _("Mã thông báo định danh đã hết hạn"),
    "audience": _("Mã thông báo định danh cấp cho ứng dụng khác (aud)"),
    "nonce": _("Mã thông báo định danh có nonce sai"),
    "missing": _("Thiếu số định danh cá nhân trong thông tin trả về"),
}
FAULT_PERSON = "068090012345"


def username_for(key):
    return f"{USERNAME_PREFIX}{key}"


def key_of(username):
    return username[len(USERNAME_PREFIX) :] if username.startswith(USERNAME_PREFIX) else None


def person_for(key):
    """``(person dict, fault or None)`` for a chooser key (a CCCD number or
    ``loi-<fault>``), or ``(None, None)``."""
    if key in PEOPLE:
        return PEOPLE[key], None
    if key and key.startswith("loi-") and key[4:] in FAULTS:
        return PEOPLE[FAULT_PERSON], key[4:]
    return None, None


def choices():
    people = list(PEOPLE.items())
    faults = [(f"loi-{code}", label) for code, label in FAULTS.items()]
    return people, faults
