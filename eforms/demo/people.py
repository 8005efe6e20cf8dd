"""Demo people: applicants from Lâm Đồng (names, CCCD numbers, mobiles,
e-mail addresses, addresses on the two-tier unit list) and the officers
who handle their dossiers."""

import datetime as dt

from anyascii import anyascii

from eforms.demo.constants import EMAIL_DOMAIN
from eforms.dossiers.history import actor_label_for
from eforms.formdefs import divisions
from eforms.formdefs.validators import MOBILE_PREFIXES as VALID_MOBILE_PREFIXES

SURNAMES = [
    ("Nguyễn", 30),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 3),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Trương", 1),
    ("Lâm", 1),
    ("Mai", 1),
]
MIDDLE_MALE = ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Ngọc", "Xuân", "Gia", "Tuấn"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Kim", "Bảo", "Hồng", "Phương", "Khánh"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khoa",
    "Long",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Tuấn",
    "Việt",
    "Hoàng",
    "Trung",
    "Đạt",
    "Khánh",
    "Huy",
    "Lộc",
    "Toàn",
    "Vinh",
    "Hiếu",
]
GIVEN_FEMALE = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Ngân",
    "Nhung",
    "Phương",
    "Quyên",
    "Thảo",
    "Trang",
    "Vy",
    "Yến",
    "Hiền",
    "Ly",
    "Uyên",
    "Tâm",
    "Loan",
    "Oanh",
    "Nhi",
]
# Officers of agencies without a demo account: (one-stop counter, handling officer).
OFFICER_NAMES = [
    "Đặng Thị Thu Hà",
    "Võ Minh Khoa",
    "Lê Thị Ngọc Ánh",
    "Phan Văn Lộc",
    "Huỳnh Thị Kim Oanh",
    "Trần Quốc Toàn",
    "Nguyễn Thị Hồng Vân",
    "Bùi Đức Thịnh",
    "Đỗ Thị Mỹ Linh",
    "Ngô Thanh Tùng",
    "Hồ Thị Diệu Hiền",
    "Lâm Văn Tín",
    "Mai Thị Thanh Tâm",
    "Dương Hữu Nghĩa",
    "Trương Thị Bích Ngọc",
    "Phạm Minh Trí",
    "Lý Thị Phương Thảo",
    "Đinh Công Danh",
    "Vũ Thị Lan Hương",
    "Nguyễn Hoàng Long",
]
# Three first digits of a CCCD: the province of birth registration (pre-2025
# codes). Mostly Lâm Đồng (068) and the provinces merged into it.
CCCD_PREFIXES = [
    ("068", 70),
    ("067", 6),
    ("060", 6),
    ("079", 4),
    ("001", 2),
    ("040", 2),
    ("038", 2),
    ("052", 2),
    ("056", 2),
    ("066", 2),
    ("049", 1),
    ("051", 1),
]
# The validator's mobile prefixes, without the smaller networks (Vietnamobile,
# Gmobile, Itelecom, Reddi) that few applicants use.
MOBILE_PREFIXES = [p for p in VALID_MOBILE_PREFIXES if p not in {"052", "092", "059", "099", "087", "055"}]
STREETS = [
    "Trần Phú",
    "Phan Đình Phùng",
    "Hai Bà Trưng",
    "Bùi Thị Xuân",
    "Nguyễn Văn Trỗi",
    "Ba Tháng Hai",
    "Yersin",
    "Hoàng Văn Thụ",
    "Phù Đổng Thiên Vương",
    "Xô Viết Nghệ Tĩnh",
    "Mai Anh Đào",
    "Đinh Tiên Hoàng",
    "Trần Hưng Đạo",
    "Lê Hồng Phong",
    "Hùng Vương",
    "Nguyễn Công Trứ",
    "Pasteur",
    "Hải Thượng",
    "Lý Tự Trọng",
    "Ngô Quyền",
    "Huyền Trân Công Chúa",
    "Nguyễn Tử Lực",
    "Trần Quang Khải",
    "Quang Trung",
]
LAM_DONG = 68


def _slug(text):
    return "-".join(anyascii(text).lower().replace("-", " ").split())


class PeopleMixin:
    """Applicants, their addresses and each agency's staff (needs ``rng``,
    ``today``, ``officer_users``, ``leader_users``)."""

    def person(self):
        rng = self.rng
        female = rng.random() < 0.52
        surname = rng.choices([s for s, _w in SURNAMES], weights=[w for _s, w in SURNAMES])[0]
        middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        name = f"{surname} {middle} {given}"
        birth = self.today - dt.timedelta(days=rng.randint(18 * 365 + 5, 72 * 365))
        prefix = rng.choices([p for p, _w in CCCD_PREFIXES], weights=[w for _p, w in CCCD_PREFIXES])[0]
        century = 0 if birth.year < 2000 else 2
        cccd = f"{prefix}{century + int(female)}{birth.year % 100:02d}{rng.randint(0, 999999):06d}"
        phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 9999999):07d}"

        parts = anyascii(name).lower().split()
        local = rng.choice(
            [
                f"{parts[-1]}.{parts[0]}{birth.year % 100:02d}",
                "".join(parts) + str(rng.randint(1, 99)),
                f"{parts[0]}{parts[-1]}{birth:%d%m}",
            ]
        )
        self.serial += 1
        email = f"{local}.{self.serial}@{EMAIL_DOMAIN}"
        return {"name": name, "birth": birth, "cccd": cccd, "phone": phone, "email": email, "female": female}

    def address(self, agency):
        if self._wards is None:
            self._wards = divisions.wards_of(LAM_DONG)
        wards = self._wards
        local = []
        code = (agency.code or "").lower()
        if code.startswith("ubnd-"):
            key = code.removeprefix("ubnd-").removeprefix("xa-").removeprefix("phuong-")
            local = [w for w in wards if key in _slug(w[1])]
        dalat = [w for w in wards if "da-lat" in _slug(w[1])]
        roll = self.rng.random()
        pool = local if local and roll < 0.85 else dalat if roll < 0.7 else wards
        ward_code, _name = self.rng.choice(pool or wards)
        if self.rng.random() < 0.75:
            street = f"Số {self.rng.randint(1, 240)} {self.rng.choice(STREETS)}"
        else:
            street = (
                f"Tổ dân phố {self.rng.randint(1, 30)}"
                if self.rng.random() < 0.5
                else f"Thôn {self.rng.randint(1, 12)}"
            )
        return {
            "province": str(LAM_DONG),
            "ward": str(ward_code),
            "street": street,
            "text": divisions.format_address(street, ward_code, LAM_DONG),
        }

    def staff(self, agency):
        """(counter officer label, handling officer user or None, handling label, leader user or None)."""
        if agency.pk not in self._staff:
            index = sum(map(ord, agency.code or "x"))
            counter = OFFICER_NAMES[index % len(OFFICER_NAMES)]
            user = self.officer_users.get(agency.pk)
            handler = actor_label_for(user) if user else OFFICER_NAMES[(index + 7) % len(OFFICER_NAMES)]
            self._staff[agency.pk] = (counter, user, handler, self.leader_users.get(agency.pk))
        return self._staff[agency.pk]
