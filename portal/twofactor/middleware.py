"""Two-factor guard: password, then second factor, then access.

Any authenticated user (staff or workspace officer) who has not passed the
second factor in this session is sent to verification (or to enrollment when
they have no device yet) before any path under ``TWOFACTOR_PROTECTED_PATHS``.
Wagtail's and Django admin's own login pages redirect to ours. Everything
outside the protected prefixes (static files, ``/healthz``, ``/api/v1/``,
``/tai-khoan/``, public pages) passes untouched.
"""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from . import conf


def _login_aliases():
    aliases = set()
    for name in ("wagtailadmin_login", "admin:login"):
        try:
            aliases.add(reverse(name))
        except NoReverseMatch:
            pass
    return aliases


def _wants_json(request):
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._aliases = None

    def login_aliases(self):
        if self._aliases is None:
            self._aliases = _login_aliases()
        return self._aliases

    def __call__(self, request):
        path = request.path_info
        if path in self.login_aliases():
            return self._to_our_login(request)
        if path.startswith(conf.protected_paths()) and not path.startswith(conf.exempt_paths()):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and not user.is_verified():
                return self._to_second_factor(request, user)
        return self.get_response(request)

    def _to_our_login(self, request):
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = ""
        target = reverse("twofactor:login")
        return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)

    def _to_second_factor(self, request, user):
        from .services import has_confirmed_device

        if _wants_json(request):
            return JsonResponse({"detail": "Cần xác thực hai lớp.", "code": "second_factor_required"}, status=401)
        name = "twofactor:verify" if has_confirmed_device(user) else "twofactor:enroll"
        next_url = request.get_full_path() if request.method == "GET" else ""
        target = reverse(name)
        return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
