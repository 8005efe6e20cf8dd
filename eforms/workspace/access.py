"""Who may see what. An officer sees a dossier iff a hand-off of it to one of
the officer's agencies has been delivered (``HandOff.objects.delivered_to``)."""
import logging

from django.db.models import Q

from eforms.dossiers.models import Dossier
from eforms.workspace.models import OfficerMembership, OfficerRole

logger = logging.getLogger("eforms.workspace")


def officer_agencies(user):
    """The agencies (AgencyPage queryset) the user works for."""
    from content.models import AgencyPage

    return AgencyPage.objects.filter(
        pk__in=OfficerMembership.objects.for_user(user).values("agency_id")
    ).order_by("title")


def is_officer(user):
    return OfficerMembership.objects.for_user(user).exists()


def is_leader(user):
    return OfficerMembership.objects.for_user(user).filter(role=OfficerRole.LEADER).exists()


def _delivered_dossier_ids(agencies):
    try:
        from eforms.handoff.models import HandOff
    except ImportError:  # the hand-off app has not landed: route by the dossier's agency
        logger.warning("event=workspace_visibility_fallback reason=handoff_models_missing")
        return None
    return HandOff.objects.delivered_to(agencies).values("dossier_id")


def visible_dossiers(user):
    """Dossiers the user may open in the workspace."""
    agencies = officer_agencies(user)
    ids = _delivered_dossier_ids(agencies)
    if ids is None:
        return Dossier.objects.filter(agency__in=agencies)
    return Dossier.objects.filter(Q(pk__in=ids))


def can_see(user, dossier):
    return visible_dossiers(user).filter(pk=dossier.pk).exists()


# What an officer of a coordinating (liên thông) or forwarded-to agency may do
# on a dossier another agency leads: read it, talk about it, pass it on.
COORDINATOR_ACTIONS = frozenset({"forward"})


def leads(user, dossier):
    """True when the user belongs to the agency responsible for the dossier
    (the one that decides and returns the result)."""
    if dossier.agency_id is None:
        return True
    return OfficerMembership.objects.for_user(user).filter(agency_id=dossier.agency_id).exists()
