"""The default synonym dictionary shipped with the portal
(search/data/synonyms.json), loaded by a data migration and by the demo
loader; idempotent: an entry whose terms already exist is left as editors
made it."""

import json
from pathlib import Path

DEFAULTS_PATH = Path(__file__).resolve().parent / "data" / "synonyms.json"


def default_entries():
    with open(DEFAULTS_PATH, encoding="utf-8") as handle:
        return json.load(handle)["synonyms"]


def load_default_synonyms(model):
    """Create the missing default entries as published rows of ``model``
    (``SynonymEntry`` or its historical version in a migration). Returns
    how many were created."""
    existing = set(model.objects.values_list("terms", flat=True))
    new = []
    for row in default_entries():
        terms = ", ".join(row["terms"])
        if terms in existing:
            continue
        existing.add(terms)
        new.append(
            model(
                terms=terms,
                replacement=", ".join(row["replacement"]),
                kind=row["kind"],
                two_way=row.get("two_way", False),
                live=True,
            )
        )
    model.objects.bulk_create(new)
    return len(new)
