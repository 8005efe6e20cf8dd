"""Site-wide middleware: language choice and security headers.

The two-factor guard for staff lives in ``portal.twofactor.middleware``.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Public pages: everything is served from our own origin, no inline script.
PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The Wagtail admin uses inline styles and scripts of its own.
ADMIN_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
        "frame-src 'self'",
    ]
)
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Permissions-Policy and friends on every answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(ADMIN_PREFIXES)
            response["Content-Security-Policy"] = ADMIN_CSP if admin else PUBLIC_CSP
        response.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), payment=(self)")
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class PortalLocaleMiddleware:
    """Vietnamese unless the visitor chose another language.

    Unlike Django's ``LocaleMiddleware`` this ignores the browser's
    Accept-Language: a provincial portal speaks Vietnamese first, and the
    language switcher (``/i18n/setlang/``) stores an explicit choice in a
    cookie. ``?lang=en`` also works for links and tests.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        # The language comes from the cookie (or ?lang=): caches must key on
        # it, added to whatever Vary the response already has.
        patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response
