"""Citizens' tests: the portal talks to its sandbox identity provider over
real HTTP, through pytest-django's live server."""

import pytest

from .oidc_client import Browser


@pytest.fixture
def oidc(live_server, settings):
    """The relying party pointed at the sandbox provider of the live server,
    with its client registered there."""
    from eforms.citizens.sandbox.clients import register_client

    settings.CITIZEN_OIDC_ISSUER = f"{live_server.url}/sandbox-idp"
    settings.CITIZEN_OIDC_CLIENT_ID = "portal-test-client"
    settings.CITIZEN_OIDC_CLIENT_SECRET = "portal-test-secret-0123456789"
    settings.CITIZEN_OIDC_REDIRECT_URI = f"{live_server.url}/dang-nhap/xac-thuc/"
    register_client(
        settings.CITIZEN_OIDC_CLIENT_ID, settings.CITIZEN_OIDC_CLIENT_SECRET, [settings.CITIZEN_OIDC_REDIRECT_URI]
    )
    return live_server


@pytest.fixture
def browser_session(oidc):
    return Browser(oidc.url)
