"""Access checks shared by the workspace views."""

import functools

import structlog
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from eforms.dossiers import serving
from eforms.dossiers.audit import audit
from eforms.workspace.access import DossierHidden, find_dossier, is_leader, is_officer, officer_agencies

log = structlog.get_logger(__name__)

# A file opened inline never runs scripts of our origin (eforms.dossiers.serving).
PDF_CSP = serving.PDF_CSP
SANDBOX_CSP = serving.SANDBOX_CSP


def forbidden(request, message=None):
    return render(request, "workspace/forbidden.html", {"message": message}, status=403)


def officer_required(view):
    """Logged in (the 2FA middleware adds the second factor) and an officer
    of at least one agency; otherwise a 403 page in Vietnamese."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_officer(request.user):
            log.info("workspace_forbidden", user=request.user.pk, path=request.path)
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


def refused(request, refusal, action, target=""):
    """Audit a refused attempt and answer with the 403 page (a hidden
    dossier gets the same page as any other refusal, as before)."""
    audit(request, action, dossier=refusal.dossier, target=target, allowed=False)
    if isinstance(refusal, DossierHidden):
        log.warning("workspace_dossier_forbidden", user=request.user.pk, dossier=refusal.dossier.code)
    return forbidden(request, refusal.message)


def visible_dossier_or_403(request, uuid, action, target=""):
    """``(dossier, None)`` if the officer may see it; else audit the attempt
    and return ``(None, 403 response)``. Unknown uuid: 404."""
    try:
        return find_dossier(request.user, uuid), None
    except DossierHidden as refusal:
        return None, refused(request, refusal, action, target)


def form_errors(form):
    """A bound form's error messages as one line, for the notice above it."""
    return " ".join(message for errors in form.errors.values() for message in errors)


def dossier_view(action, *, audit_look=False, target=None):
    """An officer's view of one dossier: ``view(request, dossier, **kwargs)``
    runs only when the dossier (``uuid`` of the URL) was handed off to the
    officer's agency; otherwise the attempt is audited (as ``action``, with
    the URL argument named ``target``) and answered with 403. With
    ``audit_look`` the allowed look is audited too."""

    def decorate(view):
        @officer_required
        @functools.wraps(view)
        def wrapper(request, uuid, **kwargs):
            what = str(kwargs[target]) if target else ""
            dossier, denied = visible_dossier_or_403(request, uuid, action, what)
            if denied:
                return denied
            if audit_look:
                audit(request, action, dossier=dossier, target=what)
            return view(request, dossier, **kwargs)

        return wrapper

    return decorate


def private(response, filename, content_type, *, inline):
    """Headers of a document the portal made (receipt, apology letter):
    never cached, never sniffed, never run as a page of ours. A citizen's
    file goes through ``eforms.dossiers.serving.attachment_response``."""
    return serving.private_headers(response, filename, content_type, inline=inline, made_here=True)


def private_file_response(fileobj, filename, content_type, *, inline):
    """A streamed document the portal made (see :func:`private`)."""
    return serving.file_response(fileobj, filename, content_type, inline=inline, made_here=True)
