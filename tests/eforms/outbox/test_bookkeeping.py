"""``engine.bookkeeping``: the outbox's own records commit without waiting
for PostgreSQL's WAL flush, in that transaction only; nested in a caller's
transaction (the submission's), the caller's commit is left as it is."""

import pytest
from django.db import connection, transaction

from eforms.handoff.models import HandOff
from eforms.outbox.engine import bookkeeping
from tests.eforms.handoff.helpers import make_agency, make_dossier, make_procedure

pytestmark = pytest.mark.django_db(transaction=True)


def synchronous_commit():
    if connection.vendor != "postgresql":
        return "not postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_relaxed_for_its_own_transaction_only():
    dossier = make_dossier(make_procedure(make_agency("stp", "Sở Tư pháp")))
    expected = "off" if connection.vendor == "postgresql" else "not postgresql"
    with bookkeeping():
        inside = synchronous_commit()
        HandOff.objects.create(dossier=dossier, agency=dossier.agency)
    assert inside == expected
    assert synchronous_commit() in ("on", "not postgresql")  # the session's setting is untouched
    assert HandOff.objects.filter(dossier=dossier).exists()  # committed
    with bookkeeping(enabled=False):
        assert synchronous_commit() in ("on", "not postgresql")


def test_nested_in_a_callers_transaction_changes_nothing_and_rolls_back_with_it():
    dossier = make_dossier(make_procedure(make_agency("stp", "Sở Tư pháp")))
    with pytest.raises(RuntimeError), transaction.atomic():
        with bookkeeping():
            assert synchronous_commit() in ("on", "not postgresql")
            HandOff.objects.create(dossier=dossier, agency=dossier.agency)
        raise RuntimeError("the caller fails after")
    assert not HandOff.objects.exists()
