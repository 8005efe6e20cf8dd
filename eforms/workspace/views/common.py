"""Access checks shared by the workspace views."""
import functools
import logging

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from eforms.dossiers.audit import audit
from eforms.dossiers.models import Dossier
from eforms.workspace.access import can_see, is_leader, is_officer, officer_agencies

logger = logging.getLogger("eforms.workspace")


def forbidden(request, message=None):
    return render(
        request, "workspace/forbidden.html", {"message": message}, status=403
    )


def officer_required(view):
    """Logged in (the 2FA middleware adds the second factor) and an officer
    of at least one agency; otherwise a 403 page in Vietnamese."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_officer(request.user):
            logger.info("event=workspace_forbidden user=%s path=%s", request.user.pk, request.path)
            return forbidden(request)
        request.officer_agencies = officer_agencies(request.user)
        request.is_leader = is_leader(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def leader_required(view):
    @officer_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.is_leader:
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapper


def visible_dossier_or_403(request, uuid, action, target=""):
    """The dossier, if the officer may see it; else audit the attempt and
    return ``(None, 403 response)``."""
    dossier = get_object_or_404(Dossier.objects.select_related("agency", "procedure"), uuid=uuid)
    if not can_see(request.user, dossier):
        audit(request, action, dossier=dossier, target=target, allowed=False)
        logger.warning("event=workspace_dossier_forbidden user=%s dossier=%s", request.user.pk, dossier.code)
        return None, forbidden(request)
    return dossier, None
