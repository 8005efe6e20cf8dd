"""Who may see what. An officer sees a dossier iff a hand-off of it to one of
the officer's agencies has been delivered (``HandOff.objects.delivered_to``);
among those, only an officer of the lead agency decides (see
``eforms.workspace.actions.authorize``)."""

from django.shortcuts import get_object_or_404

from content.models import AgencyPage
from eforms.dossiers.models import Dossier
from eforms.handoff.models import HandOff
from eforms.workspace.models import OfficerMembership, OfficerRole


class Refused(Exception):
    """The user may not do this; ``message`` (Vietnamese, may be None) says
    why, ``dossier`` is what was asked for (for the audit trail)."""

    def __init__(self, dossier, message=None):
        super().__init__(message or "refused")
        self.dossier = dossier
        self.message = message


class DossierHidden(Refused):
    """The dossier was not handed off to any of the user's agencies."""


class NotLeadAgency(Refused):
    """The user's agency only coordinates: it reads, talks, passes on."""


def officer_agencies(user):
    """The agencies (AgencyPage queryset) the user works for."""
    return AgencyPage.objects.filter(pk__in=OfficerMembership.objects.for_user(user).values("agency_id")).order_by(
        "title"
    )


def is_officer(user):
    return OfficerMembership.objects.for_user(user).exists()


def is_leader(user):
    return OfficerMembership.objects.for_user(user).filter(role=OfficerRole.LEADER).exists()


def is_leader_of(user, agency):
    """True when the user is a leader (lãnh đạo) of ``agency``."""
    if agency is None:
        return False
    return OfficerMembership.objects.for_user(user).filter(agency=agency, role=OfficerRole.LEADER).exists()


def visible_dossiers(user):
    """Dossiers the user may open in the workspace."""
    delivered = HandOff.objects.delivered_to(officer_agencies(user)).values("dossier_id")
    return Dossier.objects.filter(pk__in=delivered)


def can_see(user, dossier):
    return visible_dossiers(user).filter(pk=dossier.pk).exists()


def find_dossier(user, uuid):
    """The dossier with this uuid for the user: Http404 when there is none,
    DossierHidden when it exists but was not handed off to the user."""
    dossier = get_object_or_404(Dossier.objects.select_related("agency", "procedure"), uuid=uuid)
    if not can_see(user, dossier):
        raise DossierHidden(dossier)
    return dossier


def leads(user, dossier):
    """True when the user belongs to the agency responsible for the dossier
    (the one that decides and returns the result)."""
    if dossier.agency_id is None:
        return True
    return OfficerMembership.objects.for_user(user).filter(agency_id=dossier.agency_id).exists()
