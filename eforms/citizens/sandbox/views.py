"""The sandbox provider's authorization page: instead of VNeID's sign-in, a
chooser of demo citizens (and of broken answers). Choosing one completes the
authorization request of django-oauth-toolkit (authorization code, PKCE)
exactly as a signed-in user would; no Django session is opened for them."""

import structlog
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect
from oauth2_provider.views import AuthorizationView

from eforms.citizens.sandbox.people import choices, person_for, username_for

log = structlog.get_logger(__name__)


def sandbox_user(key):
    """The (non-staff, password-less) user row the OIDC server's grants
    point at for a demo citizen."""
    user, _created = get_user_model().objects.get_or_create(
        username=username_for(key),
        defaults={"is_staff": False, "is_superuser": False, "password": make_password(None)},
    )
    return user


@method_decorator(csrf_protect, name="dispatch")
class SandboxAuthorizationView(AuthorizationView):
    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            key = (request.POST.get("citizen") or "")[:40]
            person, _fault = person_for(key)
            if person is None:
                return self._chooser(request, status=400, error=True)
            request.user = sandbox_user(key)
            log.info("sandbox_idp_chosen", account=key)
            # the authorization request's parameters are in the query string
            return self.get(request, *args, **kwargs)
        return self._chooser(request)

    def _chooser(self, request, status=200, error=False):
        people, faults = choices()
        response = render(
            request,
            "citizens/sandbox_chooser.html",
            {"people": people, "faults": faults, "error": error, "query": request.GET.urlencode()},
            status=status,
        )
        response["Cache-Control"] = "private, no-store"
        return response
