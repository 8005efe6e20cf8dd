"""``actions.authorize``: who may perform which action on which dossier. The
lead agency decides; a coordinating (forwarded-to) agency may only pass the
dossier on; an unrelated agency does not see the dossier at all."""

import pytest

from eforms.dossiers.constants import DossierStatus as S
from eforms.dossiers.models import AuditAction, AuditEvent
from eforms.workspace import actions, services
from eforms.workspace.access import DossierHidden, NotLeadAgency

from .conftest import login, make_agency, make_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinated(dossier, officer, sxd, django_capture_on_commit_callbacks):
    """The Justice department leads; it forwarded the dossier to Construction."""
    services.accept(dossier, officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.forward(dossier, officer, sxd, "Lấy ý kiến thẩm định")
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def stranger(db):
    return make_officer("canbo-sct", make_agency("sct", "Sở Công Thương"))


def test_lead_agency_may_perform_every_action(coordinated, officer):
    for name in ("forward", "approve", "reject", "request_supplement", "apology"):
        assert actions.authorize(officer, coordinated, name).name == name


def test_coordinating_agency_may_forward_only(coordinated, other_officer):
    assert actions.authorize(other_officer, coordinated, "forward").name == "forward"
    for name in ("approve", "reject", "mark_returned", "upload_result", "apology"):
        with pytest.raises(NotLeadAgency) as refusal:
            actions.authorize(other_officer, coordinated, name)
        assert refusal.value.dossier == coordinated
        assert "cơ quan chủ trì" in refusal.value.message
    with pytest.raises(NotLeadAgency) as refusal:
        actions.authorize(other_officer, coordinated, "approve")
    assert "Sở Tư pháp" in refusal.value.message


def test_coordinating_agency_sees_only_forward_on_the_page(coordinated, officer, other_officer):
    assert [a.name for a in actions.available(other_officer, coordinated)] == ["forward"]
    lead = {a.name for a in actions.available(officer, coordinated)}
    assert {"approve", "forward", "reject"} <= lead
    assert not actions.apology_allowed(other_officer, coordinated)


def test_unrelated_agency_is_refused_as_hidden(coordinated, stranger):
    for name in ("forward", "approve", "apology"):
        with pytest.raises(DossierHidden):
            actions.authorize(stranger, coordinated, name)


def test_perform_checks_again(coordinated, other_officer):
    with pytest.raises(NotLeadAgency):
        actions.perform("approve", coordinated, other_officer, {"note": ""})
    coordinated.refresh_from_db()
    assert coordinated.status == S.PROCESSING


def test_unknown_action_is_a_key_error(coordinated, officer):
    with pytest.raises(KeyError):
        actions.authorize(officer, coordinated, "khong-co")


def test_over_http(client, coordinated, other_officer, stranger):
    """A coordinator's refusal names the lead agency. An unrelated officer
    gets the generic 403 page, as before this change (no code, no agency
    named), and the attempt is audited as refused."""
    login(client, other_officer)
    response = client.post(f"/can-bo/ho-so/{coordinated.uuid}/thao-tac/approve/", {"approve-note": ""})
    assert response.status_code == 403 and "Sở Tư pháp" in response.content.decode()
    login(client, stranger)
    for response in (
        client.get(f"/can-bo/ho-so/{coordinated.uuid}/"),
        client.post(f"/can-bo/ho-so/{coordinated.uuid}/thao-tac/forward/", {}),
    ):
        assert response.status_code == 403
        body = response.content.decode()
        assert coordinated.code not in body and "Sở Tư pháp" not in body
    assert AuditEvent.objects.filter(username="canbo-sct", action=AuditAction.TRANSITION, allowed=False).exists()
    coordinated.refresh_from_db()
    assert coordinated.status == S.PROCESSING
