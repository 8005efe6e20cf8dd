"""Rows of the board: the one-stop report's counters per agency, procedure,
officer, field or month, their totals and the measurements of the national
service index (Quyết định 766/QĐ-TTg)."""

from dataclasses import dataclass, fields

from django.utils.translation import gettext as _

from eforms.workspace.stats.counting import classify

COUNTERS = (
    "carried_over",
    "received_online",
    "received_counter",
    "received_postal",
    "early",
    "on_time",
    "late",
    "in_progress_within",
    "in_progress_past",
    "withdrawn",
    "stopped",
    "refused",
    "fee_required",
    "paid_online",
    "digitised",
    "rated",
    "rating_sum",
    "satisfied",
)
SATISFIED_FROM = 4  # ratings 4 and 5 of 5 count as satisfied


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Row:
    """The counters of one group; ``key`` identifies it (agency id, procedure
    code …), ``name`` and ``code`` are shown."""

    key: object
    name: str
    code: str = ""
    carried_over: int = 0
    received_online: int = 0
    received_counter: int = 0
    received_postal: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    in_progress_within: int = 0
    in_progress_past: int = 0
    withdrawn: int = 0
    stopped: int = 0
    refused: int = 0
    fee_required: int = 0
    paid_online: int = 0
    digitised: int = 0
    rated: int = 0
    rating_sum: int = 0
    satisfied: int = 0

    @property
    def agency_id(self):  # the old name of the key of an agency row
        return self.key

    @property
    def received(self):
        return self.received_online + self.received_counter + self.received_postal

    @property
    def to_handle(self):
        """Carried over plus received: everything the period had to handle."""
        return self.carried_over + self.received

    @property
    def resolved(self):
        return self.early + self.on_time + self.late

    @property
    def in_time(self):
        return self.early + self.on_time

    @property
    def in_progress(self):
        return self.in_progress_within + self.in_progress_past

    processing = in_progress

    @property
    def closed_otherwise(self):
        return self.withdrawn + self.stopped

    @property
    def on_time_rate(self):
        """(Early + on time) over resolved, in percent; None when none."""
        return _percent(self.in_time, self.resolved)

    @property
    def on_time_width(self):
        return int(round(self.on_time_rate or 0))

    @property
    def online_rate(self):
        return _percent(self.received_online, self.received)

    @property
    def online_payment_rate(self):
        return _percent(self.paid_online, self.fee_required)

    @property
    def digitised_rate(self):
        return _percent(self.digitised, self.received)

    @property
    def rating_average(self):
        return round(self.rating_sum / self.rated, 2) if self.rated else None

    @property
    def satisfaction_rate(self):
        return _percent(self.satisfied, self.rated)

    @property
    def is_empty(self):
        return not any(getattr(self, name) for name in COUNTERS)

    def count(self, fact, categories):
        for name in categories:
            setattr(self, name, getattr(self, name) + 1)
            if name == "rated":
                self.rating_sum += fact.rating
                if fact.rating >= SATISFIED_FROM:
                    self.satisfied += 1

    def add(self, other):
        for name in COUNTERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self):
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _officer_name(keys):
    full = f"{keys['officer_last'] or ''} {keys['officer_first'] or ''}".strip()
    return full or keys["officer_username"]


# dimension → how a fact names its group: (key, name, code)
DIMENSIONS = {
    "agency": lambda k: (k["agency_id"], k["agency_title"] or _("Chưa xác định cơ quan"), k["agency_code"] or ""),
    "procedure": lambda k: (k["procedure_code"], k["procedure_name"], k["procedure_code"]),
    "officer": lambda k: (
        k["officer_id"],
        _officer_name(k) if k["officer_id"] else _("Chưa phân công cán bộ"),
        k["officer_username"] or "",
    ),
    "field": lambda k: (k["field_id"], k["field_title"] or _("Chưa xác định lĩnh vực"), ""),
}


def aggregate(facts, dimension, start, end, now=None):
    """``(rows, total)``: one Row per group of ``dimension`` with something to
    report, sorted by name, and their total."""
    label = DIMENSIONS[dimension]
    groups = {}
    total = Row(key=None, name=_("Tổng cộng"))
    for fact in facts:
        categories = classify(fact, start, end, now)
        if not categories:
            continue
        key, name, code = label(fact.keys)
        row = groups.get(key)
        if row is None:
            row = groups[key] = Row(key=key, name=name, code=code)
        row.count(fact, categories)
        total.count(fact, categories)
    rows = sorted(groups.values(), key=lambda r: (r.name or "").lower())
    return rows, total


def by_month(facts, period, now=None):
    """One Row per calendar month of ``period``, each counted as its own
    period (so the carried-over of a month is what the previous left open)."""
    rows = []
    for month in period.months():
        row = Row(key=month.first_day, name=f"{month.number:02d}/{month.year}")
        for fact in facts:
            row.count(fact, classify(fact, month.start, month.end, now))
        rows.append(row)
    return rows
