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


def _officer_name(first, last, username):
    return f"{last or ''} {first or ''}".strip() or username


def _officers(fact):
    """The officer groups of a fact: one per officer who handled it (its
    history rows), or the group of dossiers no officer has handled yet."""
    if not fact.handlers:
        return [(None, _("Chưa có cán bộ xử lý"), "")]
    return [(pk, _officer_name(first, last, username), username) for pk, first, last, username in fact.handlers]


# dimension → how a fact names its groups: [(key, name, code)]
DIMENSIONS = {
    "agency": lambda f: [
        (f.keys["agency_id"], f.keys["agency_title"] or _("Chưa xác định cơ quan"), f.keys["agency_code"] or "")
    ],
    "procedure": lambda f: [(f.keys["procedure_code"], f.keys["procedure_name"], f.keys["procedure_code"])],
    "officer": _officers,
    "field": lambda f: [(f.keys["field_id"], f.keys["field_title"] or _("Chưa xác định lĩnh vực"), "")],
}


def aggregate(facts, dimension, start, end, now=None):
    """``(rows, total)``: one Row per group of ``dimension`` with something to
    report, sorted by name, and their total (each fact once, even when it
    belongs to several groups, as a dossier handled by several officers)."""
    label = DIMENSIONS[dimension]
    groups = {}
    total = Row(key=None, name=_("Tổng cộng"))
    for fact in facts:
        categories = classify(fact, start, end, now)
        if not categories:
            continue
        for key, name, code in label(fact):
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
