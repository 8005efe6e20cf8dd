"""Demo dossiers for ``make run``: a realistic officer queue and statistics board.

``load_demo_dossiers(count, seed)`` generates dossiers over the last ~75
days for the online procedures of the catalogue, with Vietnamese applicants
from Lâm Đồng, and walks each one through the real workflow: codes from
``allocate_dossier_code`` for the day of receipt, deadlines from the
working-day calendar, every status change through ``record_status`` at its
historic time, and a hand-off branch delivered to the agency's queue (the
officer workspace shows a dossier only once its branch is delivered).

Idempotent: demo dossiers carry ``form_data["demo"]``; when any exists,
nothing is created. Everything is written in one transaction.
"""
import datetime as dt
import logging
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from eforms.dossiers.calendar import WorkingCalendar, add_working_days, working_days_between
from eforms.dossiers.constants import Channel, DossierStatus, PaymentStatus

logger = logging.getLogger("eforms.demo")

S = DossierStatus
DEMO_KEY = "demo"
DEMO_MARK = {"label": "Hồ sơ mẫu (dữ liệu minh họa, không phải hồ sơ thật)", "value": True}
EMAIL_DOMAIN = "example.vn"
WINDOW_DAYS = 75
DEMO_WORKER = "load_demo_dossiers"

# --- people -------------------------------------------------------------------

SURNAMES = [
    ("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 4), ("Phan", 4),
    ("Vũ", 3), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
    ("Lý", 1), ("Đinh", 1), ("Trương", 1), ("Lâm", 1), ("Mai", 1),
]
MIDDLE_MALE = ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Ngọc", "Xuân", "Gia", "Tuấn"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Kim", "Bảo", "Hồng", "Phương", "Khánh"]
GIVEN_MALE = [
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phúc", "Quang", "Sơn", "Tài",
    "Thắng", "Tuấn", "Việt", "Hoàng", "Trung", "Đạt", "Khánh", "Huy", "Lộc", "Toàn", "Vinh", "Hiếu",
]
GIVEN_FEMALE = [
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Ngân", "Nhung", "Phương",
    "Quyên", "Thảo", "Trang", "Vy", "Yến", "Hiền", "Ly", "Uyên", "Tâm", "Loan", "Oanh", "Nhi",
]
# Officers of agencies without a demo account: (one-stop counter, handling officer).
OFFICER_NAMES = [
    "Đặng Thị Thu Hà", "Võ Minh Khoa", "Lê Thị Ngọc Ánh", "Phan Văn Lộc", "Huỳnh Thị Kim Oanh",
    "Trần Quốc Toàn", "Nguyễn Thị Hồng Vân", "Bùi Đức Thịnh", "Đỗ Thị Mỹ Linh", "Ngô Thanh Tùng",
    "Hồ Thị Diệu Hiền", "Lâm Văn Tín", "Mai Thị Thanh Tâm", "Dương Hữu Nghĩa", "Trương Thị Bích Ngọc",
    "Phạm Minh Trí", "Lý Thị Phương Thảo", "Đinh Công Danh", "Vũ Thị Lan Hương", "Nguyễn Hoàng Long",
]
# Three first digits of a CCCD: the province of birth registration (pre-2025
# codes). Mostly Lâm Đồng (068) and the provinces merged into it.
CCCD_PREFIXES = [
    ("068", 70), ("067", 6), ("060", 6), ("079", 4), ("001", 2), ("040", 2), ("038", 2), ("052", 2),
    ("056", 2), ("066", 2), ("049", 1), ("051", 1),
]
MOBILE_PREFIXES = ["032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098",
                   "081", "082", "083", "084", "085", "088", "091", "094", "070", "076", "077", "078",
                   "079", "089", "090", "093", "056", "058"]
STREETS = [
    "Trần Phú", "Phan Đình Phùng", "Hai Bà Trưng", "Bùi Thị Xuân", "Nguyễn Văn Trỗi", "Ba Tháng Hai",
    "Yersin", "Hoàng Văn Thụ", "Phù Đổng Thiên Vương", "Xô Viết Nghệ Tĩnh", "Mai Anh Đào", "Đinh Tiên Hoàng",
    "Trần Hưng Đạo", "Lê Hồng Phong", "Hùng Vương", "Nguyễn Công Trứ", "Pasteur", "Hải Thượng", "Lý Tự Trọng",
    "Ngô Quyền", "Huyền Trân Công Chúa", "Nguyễn Tử Lực", "Trần Quang Khải", "Quang Trung",
]
LAM_DONG = 68

SUPPLEMENT_ITEMS = [
    "Bản sao giấy tờ chứng minh nơi cư trú còn mờ, đề nghị nộp lại bản rõ nét.",
    "Tờ khai chưa có chữ ký của người yêu cầu; đề nghị ký và nộp lại tờ khai.",
    "Thiếu bản sao Giấy chứng nhận quyền sử dụng đất; đề nghị bổ sung.",
    "Bản vẽ kèm theo chưa đúng tỷ lệ quy định; đề nghị bổ sung bản vẽ tỷ lệ 1/100.",
    "Giấy ủy quyền chưa được chứng thực; đề nghị bổ sung giấy ủy quyền có chứng thực.",
]
REFUSE_REASONS = [
    "Thủ tục không thuộc thẩm quyền giải quyết của cơ quan; đề nghị nộp hồ sơ tại UBND cấp xã nơi cư trú.",
    "Người nộp không thuộc đối tượng thực hiện thủ tục theo quy định.",
    "Hồ sơ nộp trùng với hồ sơ đang được giải quyết; đề nghị theo dõi hồ sơ đã nộp trước đó.",
]
WITHDRAW_REASON = "Công dân có đơn đề nghị rút hồ sơ để bổ sung, hoàn thiện giấy tờ và nộp lại sau."
REQUEST_TEMPLATES = [
    "Đề nghị cơ quan giải quyết thủ tục “{title}” cho bản thân tôi.",
    "Kính đề nghị cơ quan xem xét, giải quyết hồ sơ “{title}” theo quy định.",
    "Tôi nộp hồ sơ “{title}”, đề nghị nhận kết quả đúng hẹn.",
    "",
]
RATING_COMMENTS = {
    5: ["Cán bộ hướng dẫn nhiệt tình, trả kết quả đúng hẹn.", "Thủ tục nhanh gọn, rất hài lòng.", ""],
    4: ["Giải quyết đúng hẹn, thông báo qua tin nhắn rõ ràng.", ""],
    3: ["Phải bổ sung giấy tờ nhiều lần.", ""],
    2: ["Thời gian chờ tại quầy còn lâu.", ""],
}


@dataclass
class Plan:
    category: str
    agency: object
    procedure: object
    channel: int


@dataclass
class Report:
    created: int = 0
    existing: int = 0
    by_status: Counter = field(default_factory=Counter)
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    officers: list = field(default_factory=list)  # [(username, full name, agencies, visible)]
    undelivered: int = 0

    @property
    def on_time_rate(self):
        done = self.done_on_time + self.done_late
        return round(100 * self.done_on_time / done, 1) if done else None


def demo_dossiers():
    from eforms.dossiers.models import Dossier

    return Dossier.objects.filter(form_data__has_key=DEMO_KEY)


# --- quotas ---------------------------------------------------------------------


def quotas(count):
    """How many dossiers of each kind (``done`` takes the rest)."""
    wanted = [
        ("new", max(2, round(count * 0.025))),
        ("refused", 2 if count >= 60 else 1),
        ("withdrawn", 1),
        ("overdue", 3 if count >= 100 else 2),
        ("waiting", max(1, round(count * 0.02))),
        ("accepted", max(1, round(count * 0.02))),
        ("processing", max(2, round(count * 0.10))),
        ("late", max(1, round(count * 0.0125))),
    ]
    result, left = {}, count
    for name, n in wanted:
        n = min(n, max(0, left - 1)) if name != "new" else min(n, left)
        result[name] = n
        left -= n
    result["done"] = max(0, left)
    return result


# --- the generator ------------------------------------------------------------------


class DemoGenerator:
    def __init__(self, count=240, seed=None, now=None):
        self.count = count
        self.rng = random.Random(seed)
        self.now = now or timezone.now()
        self.tz = timezone.get_current_timezone()
        self.today = timezone.localtime(self.now).date()
        start = self.today - dt.timedelta(days=WINDOW_DAYS)
        calendar = WorkingCalendar(start, self.today)
        self.days = [
            start + dt.timedelta(days=i)
            for i in range(WINDOW_DAYS + 1)
            if calendar.is_working_day(start + dt.timedelta(days=i))
        ]
        self.past_days = [d for d in self.days if d < self.today]
        self._versions = {}
        self._components = {}
        self._wards = None
        self._staff = {}
        self.serial = 0

    # -- catalogue -------------------------------------------------------------

    def load_catalogue(self):
        from content.constants import OnlineLevel
        from content.models import ProcedurePage
        from eforms.workspace.models import OfficerMembership, OfficerRole

        procedures = list(
            ProcedurePage.objects.live()
            .filter(online_level__in=[OnlineLevel.PARTIAL, OnlineLevel.FULL], agency__isnull=False, agency__live=True)
            .select_related("agency")
            .order_by("code")
        )
        self.by_agency = {}
        for procedure in procedures:
            self.by_agency.setdefault(procedure.agency_id, []).append(procedure)
        self.agencies = {p.agency_id: p.agency for p in procedures}
        self.officer_agencies = set()
        self.officer_users, self.leader_users = {}, {}
        for membership in OfficerMembership.objects.filter(agency_id__in=self.agencies).select_related("user"):
            if membership.role == OfficerRole.LEADER:
                self.leader_users.setdefault(membership.agency_id, membership.user)
            else:
                self.officer_users.setdefault(membership.agency_id, membership.user)
                self.officer_agencies.add(membership.agency_id)
        return bool(procedures)

    def _weight(self, agency_id):
        return 4 if agency_id in self.officer_agencies else 1

    def _pick_procedure(self, needs_days, agency_ids=None):
        pool = [a for a in (agency_ids or self.by_agency) if self._candidates(a, needs_days)]
        if not pool:
            pool = [a for a in self.by_agency if self._candidates(a, needs_days)]
        if not pool:
            needs_days, pool = False, list(self.by_agency)
        agency_id = self.rng.choices(pool, weights=[self._weight(a) for a in pool])[0]
        return self.rng.choice(self._candidates(agency_id, needs_days))

    def _candidates(self, agency_id, needs_days):
        procedures = self.by_agency.get(agency_id, [])
        if needs_days:
            return [p for p in procedures if p.processing_days is not None and 2 <= p.processing_days <= 30]
        return procedures

    def plans(self):
        """What to make: (category, procedure, channel), officer agencies first
        for the kinds an officer should see (fresh, overdue, waiting)."""
        plans = []
        officer_first = sorted(self.officer_agencies) or None
        for category, n in quotas(self.count).items():
            for i in range(n):
                needs_days = category in ("overdue", "waiting", "processing", "accepted", "late")
                if category in ("new", "overdue", "waiting", "late") and officer_first:
                    agencies = [officer_first[i % len(officer_first)]] if category != "new" or i < 2 * len(officer_first) else None
                else:
                    agencies = None
                procedure = self._pick_procedure(needs_days, agencies)
                plans.append(Plan(category, procedure.agency, procedure, self._channel(category)))
        return plans

    def _channel(self, category):
        if category in ("new", "refused"):
            return Channel.ONLINE
        if category == "accepted":
            return Channel.IN_PERSON
        roll = self.rng.random()
        return Channel.ONLINE if roll < 0.78 else Channel.IN_PERSON if roll < 0.95 else Channel.POSTAL

    # -- people ------------------------------------------------------------------

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
        from anyascii import anyascii

        parts = anyascii(name).lower().split()
        local = rng.choice([
            f"{parts[-1]}.{parts[0]}{birth.year % 100:02d}",
            "".join(parts) + str(rng.randint(1, 99)),
            f"{parts[0]}{parts[-1]}{birth:%d%m}",
        ])
        self.serial += 1
        email = f"{local}.{self.serial}@{EMAIL_DOMAIN}"
        return {"name": name, "birth": birth, "cccd": cccd, "phone": phone, "email": email, "female": female}

    def address(self, agency):
        from eforms.formdefs import divisions

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
            street = f"Tổ dân phố {self.rng.randint(1, 30)}" if self.rng.random() < 0.5 else f"Thôn {self.rng.randint(1, 12)}"
        return {
            "province": str(LAM_DONG),
            "ward": str(ward_code),
            "street": street,
            "text": divisions.format_address(street, ward_code, LAM_DONG),
        }

    def staff(self, agency):
        """(counter officer label, handling officer user or None, handling label, leader user or None)."""
        if agency.pk not in self._staff:
            from eforms.dossiers.history import actor_label_for

            index = sum(map(ord, agency.code or "x"))
            counter = OFFICER_NAMES[index % len(OFFICER_NAMES)]
            user = self.officer_users.get(agency.pk)
            handler = actor_label_for(user) if user else OFFICER_NAMES[(index + 7) % len(OFFICER_NAMES)]
            self._staff[agency.pk] = (counter, user, handler, self.leader_users.get(agency.pk))
        return self._staff[agency.pk]

    # -- time --------------------------------------------------------------------

    def moment(self, day):
        """A time of office hours on ``day`` (07:30–11:15, 13:30–16:45)."""
        if self.rng.random() < 0.6:
            minutes = self.rng.randint(7 * 60 + 30, 11 * 60 + 15)
        else:
            minutes = self.rng.randint(13 * 60 + 30, 16 * 60 + 45)
        at = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60, self.rng.randint(0, 59)))
        return timezone.make_aware(at, self.tz)

    def today_moment(self):
        """A fresh submission of today, before now: during today's office
        hours when there were some, else earlier today (online, 24/7)."""
        local_now = timezone.localtime(self.now)
        opening = timezone.make_aware(dt.datetime.combine(self.today, dt.time(7, 0)), self.tz)
        if self.today in self.days and local_now >= opening + dt.timedelta(minutes=20):
            latest = min(local_now - dt.timedelta(minutes=3), opening.replace(hour=17))
            span = (latest - opening).total_seconds()
            return opening + dt.timedelta(seconds=self.rng.uniform(0, span))
        midnight = timezone.make_aware(dt.datetime.combine(self.today, dt.time(0, 0)), self.tz)
        earliest = max(midnight, self.now - dt.timedelta(hours=10))
        span = max(60.0, (self.now - dt.timedelta(minutes=3) - earliest).total_seconds())
        return min(earliest + dt.timedelta(seconds=self.rng.uniform(0, span)), self.now - dt.timedelta(minutes=1))

    def after(self, at, working_days):
        """``at`` plus a (fractional) number of working days, to the second."""
        days = Decimal(str(round(max(working_days, 0.01), 2)))
        return add_working_days(at, days).replace(microsecond=0) + dt.timedelta(seconds=self.rng.randint(0, 59))

    # -- one dossier's life ------------------------------------------------------------

    def simulate(self, plan, received_at):
        """The events ``[(status, at, actor, label, note)]`` and the fields of
        a dossier received at ``received_at``, or None when the plan cannot
        fit (dates in the future, deadline on the wrong side of now)."""
        from content.constants import OnlineLevel

        rng, now = self.rng, self.now
        procedure, agency, category = plan.procedure, plan.agency, plan.category
        counter, user, handler, leader = self.staff(agency)
        days = procedure.processing_days
        due = add_working_days(received_at, days) if days is not None else None
        fields = {"due_at": due}
        online = plan.channel == Channel.ONLINE
        events = []

        def add(status, at, actor=None, label=None, note=""):
            events.append((status, at, actor, label, note))

        if online:
            add(S.NEW, received_at, None, "Công dân", "Nộp hồ sơ trực tuyến")
        elif plan.channel == Channel.POSTAL:
            add(S.NEW, received_at, None, "Công dân", "Gửi hồ sơ qua dịch vụ bưu chính công ích")
            add(S.ACCEPTED, received_at + dt.timedelta(minutes=rng.randint(5, 40)), None, counter,
                "Tiếp nhận hồ sơ gửi qua dịch vụ bưu chính công ích.")
        else:
            add(S.NEW, received_at, None, "Công dân", "Nộp hồ sơ trực tiếp tại Bộ phận Một cửa")
            add(S.ACCEPTED, received_at + dt.timedelta(minutes=rng.randint(3, 12)), None, counter,
                "Tiếp nhận trực tiếp tại quầy.")
        if category == "new":
            return events, fields
        if category == "refused":
            add(S.NOT_ACCEPTED, self.after(received_at, rng.uniform(0.1, 0.9)), user, handler, rng.choice(REFUSE_REASONS))
            return self._fits(events, fields, lambda: True)
        t = events[-1][1]
        if online:
            t = self.after(t, rng.uniform(0.05, 0.6))
            add(S.ACCEPTED, t, user, handler, "Hồ sơ đầy đủ, hợp lệ; tiếp nhận và hẹn trả kết quả.")
        if category == "accepted":
            return self._fits(events, fields, lambda: due is None or due > now)
        t = self.after(t, rng.uniform(0.01, 0.4)) if not online else t + dt.timedelta(seconds=rng.randint(20, 90))
        add(S.PROCESSING, t, user, handler, "")
        if category == "withdrawn":
            add(S.WITHDRAWN, self.after(t, rng.uniform(0.3, 1.5)), None, "Công dân", WITHDRAW_REASON)
            return self._fits(events, fields, lambda: True)
        if category == "waiting":
            limit = min(2.0, float(days) * 0.4) if days else 1.0
            paused = self.after(t, rng.uniform(0.2, max(0.25, limit)))
            add(S.SUPPLEMENT_REQUESTED, paused, user, handler, rng.choice(SUPPLEMENT_ITEMS))
            fields["supplement"] = (events[-1][4], paused, None)
            return self._fits(events, fields, lambda: paused < now and (due is None or paused < due))
        if category in ("done", "late") and rng.random() < 0.07 and days:
            paused = self.after(t, rng.uniform(0.2, 1.0))
            resumed = self.after(paused, rng.uniform(0.5, 3.0))
            items = rng.choice(SUPPLEMENT_ITEMS)
            add(S.SUPPLEMENT_REQUESTED, paused, user, handler, items)
            extra = working_days_between(paused, resumed)
            due = add_working_days(due, extra) if extra else due
            fields["due_at"] = due
            add(S.PROCESSING, resumed, None, "Công dân",
                f"Đã nộp bổ sung giấy tờ. Thời hạn được cộng thêm {extra} ngày làm việc; "
                f"hẹn trả mới: {timezone.localtime(due):%d/%m/%Y %H:%M}.")
            fields["supplement"] = (items, paused, resumed)
            t = resumed
        if category == "processing":
            return self._fits(events, fields, lambda: due is None or due > now + dt.timedelta(hours=2))
        if category == "overdue":
            return self._fits(events, fields, lambda: due is not None and due < now - dt.timedelta(hours=1))
        # completed: on time, or (rarely) late
        if due is None:
            completed = self.after(t, rng.uniform(0.05, 0.6))
        elif category == "late":
            completed = self.after(due, rng.uniform(0.2, 2.5))
        else:
            remaining = float(working_days_between(t, due))
            completed = self.after(t, max(0.05, remaining * rng.uniform(0.25, 0.92)))
            if completed > due:
                return None
        approver, approver_label = (leader, None) if leader else (user, handler)
        add(S.COMPLETED, completed, approver, approver_label, "Lãnh đạo đã ký duyệt kết quả giải quyết.")
        fields["completed_at"] = completed
        full = procedure.online_level == OnlineLevel.FULL
        returned = self.after(completed, rng.uniform(0.02, 0.6) if full and online else rng.uniform(0.1, 3.0))
        if returned < now - dt.timedelta(minutes=5):
            how = "Trả qua dịch vụ bưu chính." if plan.channel == Channel.POSTAL else "Trả trực tiếp tại quầy."
            add(S.RETURNED, returned, None, counter, how)
            fields["returned_at"] = returned
            fields["result_place"] = how.rstrip(".")
        return self._fits(events, fields, lambda: completed < now - dt.timedelta(minutes=10))

    def _fits(self, events, fields, check):
        if events[-1][1] >= self.now or not check():
            return None
        return events, fields

    def received_candidates(self, plan):
        category, days = plan.category, plan.procedure.processing_days
        n = len(self.past_days)
        if category in ("processing", "accepted", "waiting"):
            back = max(2, int(days or 2))
            return self.past_days[max(0, n - back):] + ([self.today] if self.today in self.days else [])
        if category == "overdue":
            back = int(days or 2)
            return self.past_days[max(0, n - back - 6): max(1, n - back)]
        return self.past_days

    def plan_received(self, plan):
        if plan.category == "new":
            received = self.today_moment()
            return received, self.simulate(plan, received)
        for _attempt in range(60):
            day = self.rng.choice(self.received_candidates(plan) or self.past_days)
            received = self.moment(day)
            if received >= self.now:
                continue
            outcome = self.simulate(plan, received)
            if outcome is not None:
                return received, outcome
        return None, None

    # -- writing ---------------------------------------------------------------------

    def form_data(self, plan, person, address):
        if plan.channel != Channel.ONLINE:
            components = self._components.get(plan.procedure.pk)
            if components is None:
                components = list(plan.procedure.components.all())
                self._components[plan.procedure.pk] = components
            received = [f"{c.name} — {c.originals or 1} bản chính, {c.copies or 0} bản sao" for c in components]
            return None, {
                "thanh_phan_da_nhan": {
                    "label": "Giấy tờ đã nhận (bản giấy)",
                    "value": received,
                    "items": [
                        {"component_id": c.pk, "name": c.name, "originals": c.originals or 1, "copies": c.copies or 0}
                        for c in components
                    ],
                },
                "ghi_chu": {"label": "Ghi chú tiếp nhận", "value": ""},
                DEMO_KEY: DEMO_MARK,
            }
        from eforms.formdefs.schema import current_version, iter_fields

        version = self._versions.get(plan.procedure.pk)
        if version is None:
            version = current_version(plan.procedure)
            self._versions[plan.procedure.pk] = version
        answers = {}
        for _step, spec in iter_fields(version.schema):
            name, kind = spec.get("name"), spec["type"]
            if not name or kind == "file":
                continue
            answers.update(self._answer(name, kind, spec, plan, person, address))
        answers[DEMO_KEY] = DEMO_MARK
        return version, answers

    def _answer(self, name, kind, spec, plan, person, address):
        fixed = {
            "applicant_name": person["name"],
            "applicant_id_number": person["cccd"],
            "applicant_birth_date": person["birth"].isoformat(),
            "applicant_phone": person["phone"],
            "applicant_email": person["email"],
        }
        if name in fixed:
            return {name: fixed[name]}
        if kind == "address":
            return {
                f"{name}_province": address["province"], f"{name}_ward": address["ward"],
                f"{name}_street": address["street"], name: address["text"],
            }
        if name == "request_content" or kind == "textarea":
            return {name: self.rng.choice(REQUEST_TEMPLATES).format(title=plan.procedure.title)}
        if kind == "date":
            return {name: (self.today - dt.timedelta(days=self.rng.randint(30, 900))).isoformat()}
        if kind == "number":
            return {name: self.rng.randint(1, 3)}
        if kind == "checkbox":
            return {name: True}
        if kind in ("choice", "multichoice"):
            options = [o.get("value", o) if isinstance(o, dict) else o for o in spec.get("choices") or spec.get("options") or []]
            if not options:
                return {}
            return {name: [options[0]] if kind == "multichoice" else options[0]}
        if kind == "phone":
            return {name: person["phone"]}
        if kind == "email":
            return {name: person["email"]}
        if kind == "cccd":
            return {name: person["cccd"]}
        if spec.get("required"):
            return {name: person["name"] if "ten" in name else "Theo giấy tờ đính kèm"}
        return {}

    def create(self, plan, received_at, events, fields):
        from eforms.dossiers.codes import allocate_dossier_code, generate_lookup_secret
        from eforms.dossiers.history import record_status
        from eforms.dossiers.models import Dossier
        from eforms.submission.services import receiving_unit_code

        procedure, agency = plan.procedure, plan.agency
        person = self.person()
        address = self.address(agency)
        version, form_data = self.form_data(plan, person, address)
        counter, user, handler, _leader = self.staff(agency)
        full = procedure.online_level == "full"
        fee = procedure.fee_vnd or 0
        paid_online = plan.channel == Channel.ONLINE and full and fee > 0
        dossier = Dossier(
            code=allocate_dossier_code(receiving_unit_code(procedure), received_at),
            lookup_secret=generate_lookup_secret(),
            procedure=procedure,
            procedure_code=procedure.code,
            procedure_name=procedure.title[:500],
            agency=agency,
            channel=plan.channel,
            applicant_name=person["name"],
            applicant_id_number=person["cccd"],
            applicant_phone=person["phone"],
            applicant_email=person["email"],
            applicant_address=address["text"][:500],
            form_data=form_data,
            form_version=version,
            received_at=received_at,
            processing_days=procedure.processing_days,
            due_at=add_working_days(received_at, procedure.processing_days) if procedure.processing_days is not None else None,
            fee_vnd=fee,
            payment_status=PaymentStatus.PAID if paid_online else PaymentStatus.NOT_REQUIRED,
            result_place=(procedure.receiving_address or agency.address or "")[:500],
            assigned_officer=user if user is not None and any(e[2] is user for e in events) else None,
        )
        supplement = fields.pop("supplement", None)
        for position, (status, at, actor, label, note) in enumerate(events):
            if status == S.SUPPLEMENT_REQUESTED and supplement is not None:
                note = self._supplement_request(dossier, user, *supplement)
            if status == S.PROCESSING and dossier.status == S.SUPPLEMENT_REQUESTED:
                dossier.clock_paused_at = None
                dossier.due_at = fields["due_at"]
            if status == S.COMPLETED:
                dossier.completed_at = fields["completed_at"]
            if status == S.RETURNED:
                dossier.returned_at = fields["returned_at"]
                dossier.result_place = fields["result_place"]
                if self.rng.random() < 0.35:
                    dossier.rating = self.rng.choices([5, 4, 3, 2], weights=[70, 20, 7, 3])[0]
                    dossier.rating_comment = self.rng.choice(RATING_COMMENTS[dossier.rating])
            # The first change creates the row; the others are saved once below.
            record_status(dossier, status, actor=actor, actor_label=label or None, note=note, at=at, save=position == 0)
        dossier.save()
        Dossier.objects.filter(pk=dossier.pk).update(created_at=received_at, updated_at=events[-1][1])
        self._hand_off(dossier, received_at)
        return dossier

    def _supplement_request(self, dossier, user, items, requested_at, fulfilled_at):
        """The citizen's supplement request, as the workflow makes it; returns
        the history note (what is missing and where to upload it)."""
        from django.conf import settings

        from eforms.dossiers.models import SupplementRequest
        from eforms.workspace.services import supplement_upload_path

        request = SupplementRequest.objects.create(dossier=dossier, items=items, requested_by=user)
        SupplementRequest.objects.filter(pk=request.pk).update(
            requested_at=requested_at,
            fulfilled_at=fulfilled_at,
            citizen_note="Đã nộp bổ sung bản điện tử giấy tờ theo yêu cầu." if fulfilled_at else "",
        )
        link = settings.PORTAL_BASE_URL.rstrip("/") + supplement_upload_path(request)
        return f"Giấy tờ cần bổ sung:\n{items}\n\nNộp bổ sung trực tuyến tại: {link}"

    def _hand_off(self, dossier, received_at):
        """Create the branches through the outbox and deliver the workspace
        ones here (the workspace backend only records the delivery), so the
        dossiers are in the queues without a running worker. Publishing
        after commit then finds nothing open and sends nothing."""
        from eforms.handoff.constants import BackendKind
        from eforms.handoff.models import DeliveryAttempt, HandOff
        from eforms.handoff.services import deliver, enqueue_handoff

        for branch in enqueue_handoff(dossier):
            if branch.backend != BackendKind.WORKSPACE:
                continue  # webhook / e-mail: the worker delivers it after commit
            deliver(branch.pk, worker=DEMO_WORKER)
            at = received_at + dt.timedelta(seconds=self.rng.randint(2, 20))
            HandOff.objects.filter(pk=branch.pk).update(
                created_at=received_at, dispatched_at=at, delivered_at=at, updated_at=at
            )
            DeliveryAttempt.objects.filter(handoff_id=branch.pk).update(started_at=at, finished_at=at)

    def run(self):
        """Create the dossiers (in receipt order, so each day's running
        numbers follow the time of receipt). Returns the number created."""
        made = []
        for plan in self.plans():
            received, outcome = self.plan_received(plan)
            if outcome is None:
                # Could not fit (no procedure with a suitable deadline): an ordinary completed one instead.
                plan.category = "done"
                received, outcome = self.plan_received(plan)
                if outcome is None:
                    continue
            made.append((received, plan, outcome))
        made.sort(key=lambda item: item[0])
        for received, plan, (events, fields) in made:
            self.create(plan, received, events, fields)
        return len(made)


def _slug(text):
    from anyascii import anyascii

    return "-".join(anyascii(text).lower().replace("-", " ").split())


# --- entry point ---------------------------------------------------------------------


def load_demo_dossiers(count=240, seed=None, now=None):
    """Create ``count`` demo dossiers unless some exist. Returns a ``Report``."""
    report = Report()
    existing = demo_dossiers().count()
    if existing:
        report.existing = existing
    else:
        generator = DemoGenerator(count=count, seed=seed, now=now)
        if not generator.load_catalogue():
            return report
        with transaction.atomic():
            report.created = generator.run()
        logger.info("event=demo_dossiers_created count=%s seed=%s", report.created, seed)
    summarize(report, now=now)
    return report


def summarize(report, now=None):
    from django.db.models import Count, F

    from eforms.dossiers.deadlines import overdue_q
    from eforms.workspace.access import visible_dossiers
    from eforms.workspace.models import OfficerMembership

    now = now or timezone.now()
    dossiers = demo_dossiers()
    report.by_status = Counter(dict(dossiers.values_list("status").annotate(n=Count("id")).values_list("status", "n")))
    done = dossiers.filter(status__in=[S.COMPLETED, S.RETURNED])
    report.done_late = done.filter(due_at__isnull=False, completed_at__gt=F("due_at")).count()
    report.done_on_time = done.count() - report.done_late
    report.overdue = dossiers.filter(overdue_q(now)).count()
    report.undelivered = dossiers.exclude(handoffs__state="delivered").count()
    users = {}
    for membership in OfficerMembership.objects.select_related("user", "agency").order_by("user__username"):
        users.setdefault(membership.user, []).append(membership.agency.code)
    report.officers = []
    ids = dossiers.values("pk")
    for user, codes in users.items():
        visible = visible_dossiers(user).filter(pk__in=ids)
        report.officers.append((user.get_username(), user.get_full_name(), codes, visible.count(),
                                visible.filter(overdue_q(now)).count(), visible.filter(status=S.NEW).count()))
    return report
