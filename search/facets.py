"""Search filters and facet counts.

A facet counts the matching procedures per value (field, agency, level,
online level), each under the other facets' filters, so a citizen sees what
choosing a value would give. Counting works on the row tuples of
``candidates.live_rows`` (no query); the names and codes of fields and
agencies are read once per catalogue version.
"""

from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

from content.constants import GovernmentLevel, OnlineLevel
from content.models import AgencyPage, FieldPage
from content.text import collation_key

from .candidates import live_rows
from .memo import memo, memo_generation

FACET_NAMES = ("field", "agency", "level", "online_level")


@dataclass
class Filters:
    field: FieldPage | None = None
    agency: AgencyPage | None = None
    level: str = ""
    online_level: str = ""

    def as_row_filters(self, skip=None):
        wanted = {}
        if self.field and skip != "field":
            wanted[1] = self.field.pk
        if self.agency and skip != "agency":
            wanted[2] = self.agency.pk
        if self.level and skip != "level":
            wanted[3] = self.level
        if self.online_level and skip != "online_level":
            wanted[4] = self.online_level
        return wanted

    def apply(self, queryset):
        if self.field:
            queryset = queryset.filter(field=self.field)
        if self.agency:
            queryset = queryset.filter(agency=self.agency)
        if self.level:
            queryset = queryset.filter(level=self.level)
        if self.online_level:
            queryset = queryset.filter(online_level=self.online_level)
        return queryset

    @property
    def active(self):
        return bool(self.field or self.agency or self.level or self.online_level)

    def matching(self, rows):
        """``rows`` that pass every filter."""
        wanted = self.as_row_filters()
        if not wanted:
            return rows
        checks = list(wanted.items())
        return [row for row in rows if all(row[i] == v for i, v in checks)]


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


def facets(rows, filters):
    """``{facet name: [FacetValue, ...]}`` over ``rows`` (most frequent first,
    then in Vietnamese alphabetical order)."""
    result = _counts(rows) if not filters.active else {}
    for index, name in enumerate(FACET_NAMES, start=1):
        if name in result:
            counts = result[name]
        else:
            wanted = filters.as_row_filters(skip=name)
            if wanted:
                checks = list(wanted.items())
                subset = [row for row in rows if all(row[i] == value for i, value in checks)]
            else:
                subset = rows
            counts = Counter(map(itemgetter(index), subset))
        counts.pop(None, None)
        counts.pop("", None)
        result[name] = counts
    labels = facet_labels()
    selected = {
        "field": filters.field.pk if filters.field else None,
        "agency": filters.agency.pk if filters.agency else None,
        "level": filters.level,
        "online_level": filters.online_level,
    }
    choices = {"level": dict(GovernmentLevel.choices), "online_level": dict(OnlineLevel.choices)}
    found = {}
    for name, counts in result.items():
        values = []
        for value, count in counts.items():
            if name in choices:
                code, label = value, str(choices[name].get(value, value))
                key = collation_key(label)
            else:
                code, label, key = labels[name].get(value, ("", "", ""))
                if not code:
                    continue
            values.append((-count, key, FacetValue(code, label, count, value == selected[name])))
        values.sort(key=itemgetter(0, 1))
        found[name] = [facet for _count, _key, facet in values]
    return found


def _combinations():
    """``({pk: combination index}, [(field, agency, level, online level), ...])``
    of every live procedure: the catalogue holds a few hundred distinct
    combinations, so counting them once and adding up per facet is one
    pass over the matches instead of four (rebuilt with the live rows)."""

    def build():
        index, of = {}, {}
        for row in live_rows().values():
            of[row[0]] = index.setdefault(row[1:5], len(index))
        return of, list(index)

    return memo("facet-combinations", build, tag=memo_generation("live-rows"))


def _counts(rows):
    """``{facet name: Counter}`` over ``rows`` with no filter active."""
    of, combinations = _combinations()
    counts = Counter(map(of.get, map(itemgetter(0), rows)))
    unknown = counts.pop(None, 0)  # published since the live rows were read
    result = {name: Counter() for name in FACET_NAMES}
    per_facet = [result[name] for name in FACET_NAMES]
    for combination, count in counts.items():
        for counter, value in zip(per_facet, combinations[combination], strict=True):
            counter[value] += count
    if unknown:
        for row in rows:
            if row[0] not in of:
                for counter, value in zip(per_facet, row[1:5], strict=True):
                    counter[value] += 1
    return result


def facet_labels():
    """``{"field"|"agency": {pk: (code, title, collation key)}}`` of every
    field and agency (memoised per catalogue version: editing one bumps it)."""

    def build():
        return {
            name: {
                pk: (code, title, collation_key(title))
                for pk, code, title in model.objects.values_list("pk", "code", "title").iterator()
            }
            for name, model in (("field", FieldPage), ("agency", AgencyPage))
        }

    return memo("facet-labels", build)
