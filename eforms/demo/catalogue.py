"""What to make: quotas per kind of dossier, and the procedures (of the
live online catalogue) each one is made for."""

from dataclasses import dataclass

from content.constants import OnlineLevel
from content.models import ProcedurePage
from eforms.dossiers.constants import Channel
from eforms.workspace.models import OfficerMembership, OfficerRole


@dataclass
class Plan:
    category: str
    agency: object
    procedure: object
    channel: int


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


class CatalogueMixin:
    """The online procedures by agency, the demo officers, and the plans."""

    def load_catalogue(self):
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
                    agencies = (
                        [officer_first[i % len(officer_first)]]
                        if category != "new" or i < 2 * len(officer_first)
                        else None
                    )
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
