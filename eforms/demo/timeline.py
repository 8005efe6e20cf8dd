"""One dossier's life: office-hour moments, working-day spans, and the
status events from receipt to the returned result."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from content.constants import OnlineLevel
from eforms.dossiers.calendar import add_working_days, working_days_between
from eforms.dossiers.constants import Channel, DossierStatus
from eforms.dossiers.deadlines import compute_due_at, published_time_limit

S = DossierStatus

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


class TimelineMixin:
    """Times and histories (needs ``rng``, ``now``, ``today``, ``tz``,
    ``days``, ``past_days`` and ``staff``)."""

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
        rng, now = self.rng, self.now
        procedure, agency, category = plan.procedure, plan.agency, plan.category
        counter, user, handler, leader = self.staff(agency)
        # The published limit of the channel; the clock starts at acceptance.
        days = published_time_limit(procedure, plan.channel)
        due = None
        fields = {"due_at": None, "processing_days": days}
        online = plan.channel == Channel.ONLINE
        events = []

        def add(status, at, actor=None, label=None, note=""):
            nonlocal due
            events.append((status, at, actor, label, note))
            if status == S.ACCEPTED and "accepted_at" not in fields:
                due = compute_due_at(at, days)
                fields.update(accepted_at=at, accepted_due_at=due, due_at=due)

        if online:
            add(S.NEW, received_at, None, "Công dân", "Nộp hồ sơ trực tuyến")
        elif plan.channel == Channel.POSTAL:
            add(S.NEW, received_at, None, "Công dân", "Gửi hồ sơ qua dịch vụ bưu chính công ích")
            add(
                S.ACCEPTED,
                received_at + dt.timedelta(minutes=rng.randint(5, 40)),
                None,
                counter,
                "Tiếp nhận hồ sơ gửi qua dịch vụ bưu chính công ích.",
            )
        else:
            add(S.NEW, received_at, None, "Công dân", "Nộp hồ sơ trực tiếp tại Trung tâm Phục vụ hành chính công")
            add(
                S.ACCEPTED,
                received_at + dt.timedelta(minutes=rng.randint(3, 12)),
                None,
                counter,
                "Tiếp nhận trực tiếp tại quầy.",
            )
        if category == "new":
            return events, fields
        if category == "refused":
            add(
                S.NOT_ACCEPTED,
                self.after(received_at, rng.uniform(0.1, 0.9)),
                user,
                handler,
                rng.choice(REFUSE_REASONS),
            )
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
            add(
                S.PROCESSING,
                resumed,
                None,
                "Công dân",
                f"Đã nộp bổ sung giấy tờ. Thời hạn được cộng thêm {extra} ngày làm việc; "
                f"hẹn trả mới: {timezone.localtime(due):%d/%m/%Y %H:%M}.",
            )
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
            return self.past_days[max(0, n - back) :] + ([self.today] if self.today in self.days else [])
        if category == "overdue":
            back = int(days or 2)
            return self.past_days[max(0, n - back - 6) : max(1, n - back)]
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
