"""Each dossier's place in the one-stop report of a period, recomputed from
its history rows (``DossierStatusChange``) and its original due date
(``Dossier.due_at``), never from a mutable "late" flag.

Rules (Decree 61/2018/NĐ-CP as amended, Circular 01/2018/TT-VPCP):

- a dossier enters the report when it is accepted: its first history row
  to status 2 (Được tiếp nhận). A dossier still at 1 (Mới đăng ký) or
  refused (3, Không được tiếp nhận) was never received; refusals are counted
  on their own, in the period of the refusal;
- it leaves the report at its first row to 9 or 10 (resolved), 7 (withdrawn
  at the citizen's request) or 8 (stopped), whichever comes first;
- carried over (tồn kỳ trước): accepted before the period and still open at
  its start; received: accepted within the period, per channel;
- resolved early (trước hạn): finished before the half-day (morning before
  noon, afternoon after) that contains the due date; on time (đúng hạn): in
  that half-day, at or before the due instant; late (quá hạn): after the
  original due date, whatever re-scheduled date an apology letter gave. A
  dossier with no due date (no time limit published) is on time;
- in progress at the end of the period (or now, for the running period):
  within the deadline, or past it; while the dossier waits on the citizen
  (5, 6) the clock reads the instant the pause began.

So ``carried_over + received == resolved + withdrawn + stopped + in_progress``
for every group, which the tests check.

Officers are attributed by the history rows, not by the current assignee: a
dossier counts for every officer who wrote a row of its history (accepted it,
completed a step of its internal process, decided it …) before the end of
the period, so a dossier handled by three officers is in three officers'
rows (and once in the total).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from eforms.dossiers.constants import CLOCK_PAUSED_STATUSES, AttachmentKind, Channel
from eforms.dossiers.constants import DossierStatus as S
from eforms.dossiers.models import DossierAttachment, DossierStatusChange
from eforms.payments.models import PaymentTransaction
from eforms.workspace.models import OfficerMembership

PAUSED = tuple(int(s) for s in CLOCK_PAUSED_STATUSES)
RESOLVED = (S.COMPLETED, S.RETURNED)
NOON = dt.time(12, 0)

RECEIVED_BY_CHANNEL = {
    Channel.IN_PERSON: "received_counter",
    Channel.ONLINE: "received_online",
    Channel.POSTAL: "received_postal",
}
EARLY, ON_TIME, LATE = "early", "on_time", "late"
RESOLVED_KIND, WITHDRAWN_KIND, STOPPED_KIND = "resolved", "withdrawn", "stopped"


@dataclass
class Fact:
    """What the history says about one dossier (plus the grouping keys)."""

    pk: int
    channel: int
    due_at: dt.datetime | None
    accepted_at: dt.datetime | None
    refused_at: dt.datetime | None
    closed_at: dt.datetime | None
    closed_kind: str
    fee_vnd: int
    paid_online: bool
    digitised: bool
    rating: int | None
    keys: dict
    pauses: list = field(default_factory=list)
    # the officers who wrote its history rows: [(user id, first, last, username)]
    handlers: list = field(default_factory=list)

    def paused_since(self, at):
        """Start of the pause that covers ``at``, or None."""
        for start, end in self.pauses:
            if start <= at and (end is None or at < end):
                return start
        return None


def _first(statuses):
    rows = DossierStatusChange.objects.filter(dossier=OuterRef("pk"), to_status__in=[int(s) for s in statuses])
    return Subquery(rows.order_by("created_at", "id").values("created_at")[:1])


GROUP_FIELDS = {
    "agency_id": "agency_id",
    "agency_title": "agency__title",
    "agency_code": "agency__code",
    "procedure_code": "procedure_code",
    "procedure_name": "procedure_name",
    "field_id": "procedure__field_id",
    "field_title": "procedure__field__title",
}


def fetch_facts(queryset, start, end):
    """The facts of every dossier of ``queryset`` that the period
    ``[start, end)`` can count: accepted before ``end`` and not closed before
    ``start``, or refused within the period. Two queries."""
    annotated = queryset.annotate(
        st_accepted=_first([S.ACCEPTED]),
        st_refused=_first([S.NOT_ACCEPTED]),
        st_resolved=_first(RESOLVED),
        st_withdrawn=_first([S.WITHDRAWN]),
        st_stopped=_first([S.STOPPED]),
        st_paid_online=Exists(
            PaymentTransaction.objects.filter(dossier=OuterRef("pk"), state=PaymentTransaction.State.PAID)
        ),
        st_digitised=Exists(
            DossierAttachment.objects.filter(
                dossier=OuterRef("pk"), kind__in=[AttachmentKind.SUBMISSION, AttachmentKind.COUNTER_SCAN]
            )
        ),
    )
    in_flow = Q(st_accepted__lt=end)
    for name in ("st_resolved", "st_withdrawn", "st_stopped"):
        # spelled out: NOT (NULL < start) would drop the open dossiers
        in_flow &= Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": start})
    selected = annotated.filter(in_flow | Q(st_refused__gte=start, st_refused__lt=end))
    rows = list(
        selected.values(
            "pk",
            "channel",
            "due_at",
            "fee_vnd",
            "rating",
            "st_accepted",
            "st_refused",
            "st_resolved",
            "st_withdrawn",
            "st_stopped",
            "st_paid_online",
            "st_digitised",
            *GROUP_FIELDS.values(),
        )
    )
    pauses = _pauses(selected.values("pk"), end)
    handlers = _handlers(selected.values("pk"), end)
    return [_fact(row, pauses.get(row["pk"], []), handlers.get(row["pk"], [])) for row in rows]


def _handlers(ids, end):
    """dossier pk → the officers (members of an agency) who wrote one of its
    history rows before ``end``, in the order they first did."""
    changes = (
        DossierStatusChange.objects.filter(dossier__in=ids, created_at__lt=end, actor__isnull=False)
        .filter(Exists(OfficerMembership.objects.filter(user_id=OuterRef("actor_id"))))
        .order_by("dossier_id", "created_at", "id")
        .values_list("dossier_id", "actor_id", "actor__first_name", "actor__last_name", "actor__username")
    )
    out = {}
    for pk, *officer in changes:
        seen = out.setdefault(pk, [])
        if all(officer[0] != known[0] for known in seen):
            seen.append(tuple(officer))
    return out


def _pauses(ids, end):
    """dossier pk → [(start, end or None)] of its clock pauses before ``end``."""
    changes = (
        DossierStatusChange.objects.filter(dossier__in=ids, created_at__lte=end)
        .filter(Q(to_status__in=PAUSED) | Q(from_status__in=PAUSED))
        .order_by("dossier_id", "created_at", "id")
        .values_list("dossier_id", "from_status", "to_status", "created_at")
    )
    out = {}
    for pk, _from_status, to_status, at in changes:
        spans = out.setdefault(pk, [])
        open_span = bool(spans) and spans[-1][1] is None
        if to_status in PAUSED and not open_span:
            spans.append((at, None))
        elif to_status not in PAUSED and open_span:
            spans[-1] = (spans[-1][0], at)
    return out


def _fact(row, pauses, handlers=()):
    accepted = row["st_accepted"]
    closings = [
        (at, kind)
        for at, kind in (
            (row["st_resolved"], RESOLVED_KIND),
            (row["st_withdrawn"], WITHDRAWN_KIND),
            (row["st_stopped"], STOPPED_KIND),
        )
        if at is not None and accepted is not None and at >= accepted
    ]
    closed_at, closed_kind = min(closings, key=lambda item: item[0]) if closings else (None, "")
    return Fact(
        pk=row["pk"],
        channel=row["channel"],
        due_at=row["due_at"],
        accepted_at=accepted,
        refused_at=row["st_refused"],
        closed_at=closed_at,
        closed_kind=closed_kind,
        fee_vnd=row["fee_vnd"] or 0,
        paid_online=row["st_paid_online"],
        digitised=row["st_digitised"],
        rating=row["rating"],
        keys={name: row[path] for name, path in GROUP_FIELDS.items()},
        pauses=pauses,
        handlers=list(handlers),
    )


def half_day_start(due_at):
    """The start of the half-day (local midnight or noon) containing ``due_at``."""
    local = timezone.localtime(due_at)
    if local.time() <= NOON:
        return local.replace(hour=0, minute=0, second=0, microsecond=0)
    return local.replace(hour=12, minute=0, second=0, microsecond=0)


def timeliness(finished_at, due_at):
    """EARLY, ON_TIME or LATE for a dossier resolved at ``finished_at``."""
    if due_at is None:
        return ON_TIME
    if finished_at > due_at:
        return LATE
    if finished_at < half_day_start(due_at):
        return EARLY
    return ON_TIME


def classify(fact, start, end, now=None):
    """The categories (names of ``Row`` counters) ``fact`` adds to in
    ``[start, end)``; ``now`` caps the end for the running period."""
    out = []
    if fact.accepted_at is None:
        if fact.refused_at is not None and start <= fact.refused_at < end:
            out.append("refused")
        return out
    if fact.accepted_at >= end or (fact.closed_at is not None and fact.closed_at < start):
        return out
    if fact.accepted_at < start:
        out.append("carried_over")
    else:
        out.append(RECEIVED_BY_CHANNEL.get(fact.channel, "received_online"))
        if fact.fee_vnd:
            out.append("fee_required")
            if fact.paid_online:
                out.append("paid_online")
        if fact.digitised or fact.channel == Channel.ONLINE:
            out.append("digitised")
    if fact.closed_at is not None and fact.closed_at < end:
        if fact.closed_kind == RESOLVED_KIND:
            out.append(timeliness(fact.closed_at, fact.due_at))
            if fact.rating:
                out.append("rated")
        else:
            out.append(fact.closed_kind)
        return out
    as_of = min(end, now or timezone.now())
    clock = fact.paused_since(as_of) or as_of
    out.append("in_progress_past" if fact.due_at is not None and fact.due_at < clock else "in_progress_within")
    return out
