"""Who may complete a dossier's current step of its internal process: an
officer holding the step's role (``OfficerMembership.role``) in the agency
that handles the dossier; and who could (the names shown as the step's
handler while it is open)."""

from django.utils.translation import gettext as _

from eforms.processes.roles import StepRole
from eforms.processes.services import current_step
from eforms.workspace.access import Refused
from eforms.workspace.models import OfficerMembership


class WrongStepRole(Refused):
    """The current step belongs to another role, or to another agency."""


def holds_role(user, dossier, role):
    """True when ``user`` holds ``role`` in the dossier's agency."""
    memberships = OfficerMembership.objects.for_user(user).filter(role=role)
    if dossier.agency_id is not None:
        memberships = memberships.filter(agency_id=dossier.agency_id)
    return memberships.exists()


def check_step_role(user, dossier):
    """Raise ``WrongStepRole`` (with the message to show) unless ``user``
    may complete the dossier's current step. No current step: nothing to
    refuse here (the service says the process is finished)."""
    step = current_step(dossier)
    if step is None or holds_role(user, dossier, step.role):
        return step
    agency = dossier.agency.title if dossier.agency_id else ""
    raise WrongStepRole(
        dossier,
        _("Bước %(n)s “%(step)s” do %(role)s của %(agency)s thực hiện; tài khoản của bạn không giữ vai trò này.")
        % {"n": step.number, "step": step.name, "role": StepRole(step.role).label.lower(), "agency": agency},
    )


def handlers_of(dossier, role):
    """Names of the officers holding ``role`` in the dossier's agency."""
    memberships = OfficerMembership.objects.filter(role=role, agency__live=True, user__is_active=True)
    if dossier.agency_id is not None:
        memberships = memberships.filter(agency_id=dossier.agency_id)
    users = [m.user for m in memberships.select_related("user").order_by("user__last_name", "user__first_name")]
    return [u.get_full_name() or u.get_username() for u in users]
