"""The queues a citizen can take a number for at the kiosk: per agency, the
fields its active counters serve, each counter, and the agency's general
queue when no counter names a field. A choice travels as one short value
(``quay:<uuid>``, ``linh-vuc:<agency>:<field>``, ``co-quan:<agency>``)."""

import uuid
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from content.models import AgencyPage, FieldPage
from eforms.lobby.models import Counter
from eforms.lobby.tickets import Queue

MAX_VALUE_LENGTH = 80


@dataclass
class Choice:
    value: str
    label: str
    detail: str = ""


@dataclass
class AgencyChoices:
    agency: AgencyPage
    counters: list = field(default_factory=list)
    choices: list = field(default_factory=list)


def queue_choices():
    """``[AgencyChoices]`` of every agency with an active counter."""
    counters = (
        Counter.objects.filter(active=True).select_related("agency").prefetch_related("fields").order_by("number")
    )
    by_agency = {}
    for counter in counters:
        group = by_agency.setdefault(counter.agency_id, AgencyChoices(counter.agency))
        group.counters.append(counter)
    result = []
    for group in sorted(by_agency.values(), key=lambda g: g.agency.title):
        fields = {}
        for counter in group.counters:
            for served in counter.fields.all():
                fields.setdefault(served.pk, (served, []))[1].append(counter.number)
        for served, numbers in sorted(fields.values(), key=lambda item: item[0].title):
            detail = _("Quầy %(numbers)s") % {"numbers": ", ".join(str(n) for n in sorted(numbers))}
            group.choices.append(Choice(f"linh-vuc:{group.agency.pk}:{served.pk}", served.title, detail))
        if not fields:
            group.choices.append(Choice(f"co-quan:{group.agency.pk}", _("Tất cả lĩnh vực"), ""))
        for counter in group.counters:
            group.choices.append(Choice(f"quay:{counter.uuid}", counter.label, counter.name))
        result.append(group)
    return result


def _int(text):
    return int(text) if text.isdigit() and len(text) < 12 else None


def resolve(value):
    """The Counter or Queue of a choice, or None when it names nothing a
    citizen may queue for (unknown, closed, malformed)."""
    value = (value or "")[:MAX_VALUE_LENGTH]
    kind, _sep, rest = value.partition(":")
    if kind == "quay":
        try:
            counter_uuid = uuid.UUID(rest)
        except ValueError:
            return None
        return Counter.objects.filter(uuid=counter_uuid, active=True).select_related("agency").first()
    if kind == "linh-vuc":
        agency_id, _sep, field_id = rest.partition(":")
        agency_id, field_id = _int(agency_id), _int(field_id)
        if agency_id is None or field_id is None:
            return None
        if not Counter.objects.filter(agency_id=agency_id, active=True, fields=field_id).exists():
            return None
        return Queue(AgencyPage.objects.get(pk=agency_id), FieldPage.objects.get(pk=field_id))
    if kind == "co-quan":
        agency_id = _int(rest)
        if agency_id is None or not Counter.objects.filter(agency_id=agency_id, active=True).exists():
            return None
        return Queue(AgencyPage.objects.get(pk=agency_id))
    return None
