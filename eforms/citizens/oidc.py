"""The OpenID Connect relying party, through Authlib: discovery, the
authorization code flow with PKCE (S256), state and nonce kept in the
session, the ID token checked against the provider's JWKS (signature, iss,
aud, exp, nonce), then userinfo. Every failure becomes a ``SignInError``
with a code; the views turn it into a Vietnamese message."""

import re
from dataclasses import dataclass

import structlog
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from joserfc.errors import JoseError
from requests import RequestException

log = structlog.get_logger(__name__)
CLIENT_NAME = "vneid"
_clients = {}


class SignInError(Exception):
    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}")
        self.code, self.detail = code, str(detail)[:300]


def configured():
    return bool(settings.CITIZEN_OIDC_ISSUER and settings.CITIZEN_OIDC_CLIENT_ID)


def client():
    """One Authlib client per configuration (its discovery document and
    keys are cached on it; a key it does not know makes it fetch them again)."""
    key = (
        settings.CITIZEN_OIDC_ISSUER.rstrip("/"),
        settings.CITIZEN_OIDC_CLIENT_ID,
        settings.CITIZEN_OIDC_CLIENT_SECRET,
        settings.CITIZEN_OIDC_SCOPES,
    )
    if key not in _clients:
        oauth = OAuth()
        oauth.register(
            CLIENT_NAME,
            client_id=key[1],
            client_secret=key[2],
            server_metadata_url=f"{key[0]}/.well-known/openid-configuration",
            client_kwargs={
                "scope": key[3],
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": "client_secret_post",
                "default_timeout": settings.CITIZEN_OIDC_TIMEOUT,
            },
        )
        _clients[key] = oauth.create_client(CLIENT_NAME)
    return _clients[key]


def _metadata(app):
    try:
        metadata = app.load_server_metadata()
    except (RequestException, ValueError) as error:
        raise SignInError("unreachable", error) from None
    if metadata.get("issuer", "").rstrip("/") != settings.CITIZEN_OIDC_ISSUER.rstrip("/"):
        # OpenID Connect Discovery 1.0 §4.3: the document must name the issuer we asked
        raise SignInError("issuer", metadata.get("issuer"))
    return metadata


def authorization_redirect(request, redirect_uri):
    """A redirect to the provider's authorization endpoint."""
    if not configured():
        raise SignInError("not_configured")
    app = client()
    _metadata(app)
    return app.authorize_redirect(request, redirect_uri)


@dataclass
class SignInResult:
    claims: dict
    issuer: str


def complete(request):
    """Exchange the code, check the ID token, read userinfo. Returns the
    provider's claims (ID token merged with userinfo)."""
    if not configured():
        raise SignInError("not_configured")
    if request.GET.get("error"):
        raise SignInError(
            "denied" if request.GET["error"] == "access_denied" else "provider_error", request.GET["error"]
        )
    if not request.GET.get("code") or not request.GET.get("state"):
        raise SignInError("missing_parameters")
    app = client()
    metadata = _metadata(app)
    try:
        token = app.authorize_access_token(request)
    except MismatchingStateError:
        raise SignInError("state") from None
    except OAuthError as error:
        raise SignInError("token", f"{error.error}: {error.description}") from None
    except JoseError as error:
        raise SignInError(_jose_code(error), f"{error.error}: {error.description}") from None
    except (RequestException, ValueError) as error:
        raise SignInError("unreachable", error) from None
    id_claims = token.get("userinfo")
    if not id_claims:
        raise SignInError("no_id_token")
    try:
        userinfo = app.userinfo(token=token) if metadata.get("userinfo_endpoint") else {}
    except (RequestException, ValueError, OAuthError) as error:
        raise SignInError("userinfo", error) from None
    if userinfo and userinfo.get("sub") != id_claims.get("sub"):
        raise SignInError("userinfo", "sub differs")  # OIDC Core §5.3.2
    claims = {**dict(userinfo), **dict(id_claims)}
    return SignInResult(claims=claims, issuer=metadata["issuer"])


def _jose_code(error):
    name = type(error).__name__
    if name == "ExpiredTokenError":
        return "expired"
    if name in ("InvalidClaimError", "MissingClaimError"):
        quoted = re.search(r"'([^']+)'", str(error.description or ""))
        name = quoted.group(1) if quoted else ""
        if name == "azp":  # an audience that is not only us, and no authorised party naming us
            return "aud"
        return name if name in ("aud", "nonce", "iss") else "claims"
    return "signature"


# --- claims -> our fields ----------------------------------------------------

_DIGITS = re.compile(r"\d")


def claim(claims, key):
    name = settings.CITIZEN_OIDC_CLAIMS.get(key) or ""
    value = claims.get(name) if name else None
    return value


def level_of(value):
    """``1`` or ``2`` from ``2``, ``"2"``, ``"loa2"`` or an URI ending in the level."""
    digits = _DIGITS.findall(str(value if value is not None else ""))
    if not digits:
        return 1
    return 2 if int(digits[-1]) >= 2 else 1
