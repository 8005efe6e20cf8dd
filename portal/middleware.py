"""Site-wide middleware: language choice, security headers, no caching of
personal data and logout by POST only.

The two-factor guard for staff lives in ``portal.twofactor.middleware``.
"""

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

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


def public_csp(request):
    """The public policy; the theme's inlined stylesheets (``themes.inline``, first
    text without a render-blocking request) are allowed by their hashes alone."""
    hashes = getattr(request, "csp_style_hashes", None)
    if not hashes:
        return PUBLIC_CSP
    return PUBLIC_CSP.replace("style-src 'self'", "style-src 'self' " + " ".join(hashes), 1)


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Permissions-Policy and friends on every answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(ADMIN_PREFIXES)
            response["Content-Security-Policy"] = ADMIN_CSP if admin else public_csp(request)
        response.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), payment=(self)")
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class PortalLocaleMiddleware:
    """Vietnamese unless the visitor chose another language.

    Unlike Django's ``LocaleMiddleware`` this ignores the browser's
    Accept-Language: a provincial portal speaks Vietnamese first.

    The choice is a plain link, ``?lang=en`` / ``?lang=vi`` (the VI/EN switch,
    a link someone shared): the URL decides the language, and the answer
    stores it in the language cookie, so that the next clicks, without the
    parameter, stay in that language. What caches see:

    - with a valid ``?lang=`` the page depends on its URL alone (every such
      answer sets the same cookie): no ``Vary: Cookie`` from here;
    - without it the language cookie decides (its absence too: Vietnamese),
      so the answer says ``Vary: Cookie``. Anonymous visitors who never
      chose get no cookie at all from the portal (no session, no CSRF token
      on public pages), send none, and share one cached copy.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        asked = request.GET.get("lang")
        from_url = asked in self.supported
        language = asked if from_url else request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if from_url:
            remember_language(response, language)
        else:
            # The language came from the cookie (or its absence): caches
            # must key on it, added to whatever Vary the response has.
            patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response


def remember_language(response, language):
    """The language cookie, as Django's ``set_language`` view writes it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


# Pages that show personal data (the citizen's answers, dossiers, tracking,
# staff pages). Shared counter PCs and proxies must never keep a copy.
PRIVATE_PREFIXES = (
    "/can-bo/",
    "/admin/",
    "/django-admin/",
    "/tai-khoan/",
    "/nop-ho-so/",
    "/tra-cuu-ho-so/",
    "/bo-sung-ho-so/",
    "/ban-giao/",
    "/thanh-toan/",
    "/api/v1/dossiers/",
)
# Logout URLs that end a session: GET (a link, an <img>, a prefetch) must not.
LOGOUT_PATHS = frozenset({"/admin/logout/", "/django-admin/logout/"})


def _signed_in(request):
    """Whether a user is signed in. Without a session cookie nobody is, and
    the session is not read (reading it would add ``Vary: Cookie`` to every
    anonymous page)."""
    user = getattr(request, "user", None)
    if user is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return user.is_authenticated


class PrivatePagesMiddleware:
    """``Cache-Control: no-store`` and ``Pragma: no-cache`` on every staff
    page, every answer to a signed-in user and every page with a citizen's
    personal data; the admin logout only by POST (with CSRF, checked by the
    view behind it)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(getattr(settings, "PORTAL_PRIVATE_PATH_PREFIXES", PRIVATE_PREFIXES))

    def __call__(self, request):
        if request.path in LOGOUT_PATHS and request.method not in ("POST", "OPTIONS"):
            response = HttpResponseNotAllowed(["POST"])
        else:
            response = self.get_response(request)
        if request.path.startswith(self.prefixes) or _signed_in(request):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
            response["Pragma"] = "no-cache"
        return response
