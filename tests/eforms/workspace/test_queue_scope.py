"""The queue opens on the work still to do; closed dossiers on request."""

import pytest

from eforms.dossiers.constants import DossierStatus

from .conftest import make_dossier

pytestmark = pytest.mark.django_db


def test_default_queue_hides_closed_dossiers(officer_client, procedure):
    open_one = make_dossier(procedure, status=DossierStatus.PROCESSING)
    returned = make_dossier(procedure, status=DossierStatus.RETURNED)
    refused = make_dossier(procedure, status=DossierStatus.NOT_ACCEPTED)

    html = officer_client.get("/can-bo/").content.decode()
    assert open_one.code in html
    assert returned.code not in html and refused.code not in html
    assert "Hồ sơ cần xử lý" in html

    everything = officer_client.get("/can-bo/?scope=tat-ca").content.decode()
    assert open_one.code in everything and returned.code in everything and refused.code in everything

    by_status = officer_client.get(f"/can-bo/?status={int(DossierStatus.RETURNED)}").content.decode()
    assert returned.code in by_status and open_one.code not in by_status

    # A search by code finds a closed dossier too (a citizen at the counter asks about it).
    found = officer_client.get(f"/can-bo/?q={returned.code}").content.decode()
    assert returned.code in found


def test_unknown_scope_is_ignored_not_an_error(officer_client, procedure):
    open_one = make_dossier(procedure, status=DossierStatus.NEW)
    response = officer_client.get("/can-bo/?scope=%3Cscript%3E")
    assert response.status_code == 200
    assert open_one.code in response.content.decode()
