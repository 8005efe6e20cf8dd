"""Who may see and decide what, on the workspace's rules
(``eforms.workspace.access``): an officer sees the items of their own
agencies; a leader (``is_leader_of``) of the item's agency approves, returns
and publishes. An item not yet routed to any agency (no center agency
configured) is seen and assigned by leaders."""

from django.db.models import Q
from django.http import Http404

from eforms.feedback.models import Feedback
from eforms.workspace.access import is_leader, is_leader_of, officer_agencies


def visible_items(user):
    scope = Q(agency__in=officer_agencies(user))
    if is_leader(user):
        scope |= Q(agency__isnull=True)
    return Feedback.objects.filter(scope)


def find_item(user, uuid):
    """The item for this officer, or Http404 (another department's item is
    not found, exactly like an unknown one)."""
    item = visible_items(user).select_related("agency", "procedure", "dossier").filter(uuid=uuid).first()
    if item is None:
        raise Http404
    return item


def can_approve(user, item):
    if item.agency_id is None:
        return is_leader(user)
    return is_leader_of(user, item.agency)
