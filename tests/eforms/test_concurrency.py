"""Two tabs submitting the same draft at the same moment, and many
submissions at once: exactly one dossier per draft, no duplicate codes."""

import threading

import pytest
from django.db import connections
from django.test import Client

from eforms.dossiers.models import Dossier

from . import helpers

pytestmark = pytest.mark.django_db(transaction=True)


def _parallel(functions):
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait()
            results[index] = function()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_same_draft_submitted_concurrently_gives_one_dossier(client, procedure):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    session = client.cookies["sessionid"].value

    def tab():
        other = Client()
        other.cookies["sessionid"] = session
        return helpers.submit(other, procedure, draft)

    responses = _parallel([tab, tab, tab])
    assert all(r.status_code == 302 for r in responses), [r.status_code for r in responses]
    assert len({r["Location"] for r in responses}) == 1
    assert Dossier.objects.count() == 1


def test_concurrent_submissions_get_distinct_codes(procedure):
    clients = [Client() for _ in range(4)]
    drafts = []
    for c in clients:
        draft = helpers.start(c, procedure)
        helpers.fill_all(c, procedure, draft)
        drafts.append(draft)
    responses = _parallel(
        [lambda c=c, d=d: helpers.submit(c, procedure, d) for c, d in zip(clients, drafts, strict=True)]
    )
    assert all(r.status_code == 302 for r in responses)
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 4
    assert [c[-4:] for c in codes] == ["0001", "0002", "0003", "0004"]


@pytest.mark.django_db
def test_openapi_schema_lists_the_status_endpoint(client):
    schema = client.get("/api/v1/schema/").json()
    assert "/api/v1/dossiers/status" in schema["paths"]
