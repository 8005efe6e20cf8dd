"""``check --deploy`` warns while the sandbox provider is on and names a
missing client registration."""

from eforms.citizens.checks import citizen_sign_in


def test_sandbox_on_is_a_deploy_warning(settings):
    settings.CITIZEN_OIDC_SANDBOX = True
    assert [m.id for m in citizen_sign_in(None)] == ["citizens.W001"]


def test_missing_client_secret_is_an_error(settings):
    settings.CITIZEN_OIDC_SANDBOX = False
    settings.CITIZEN_OIDC_ISSUER = "http://sso.example"
    settings.CITIZEN_OIDC_CLIENT_SECRET = ""
    assert {m.id for m in citizen_sign_in(None)} == {"citizens.E001", "citizens.W002"}


def test_configured_production_is_quiet(settings):
    settings.CITIZEN_OIDC_SANDBOX = False
    settings.CITIZEN_OIDC_ISSUER = "https://sso.example"
    settings.CITIZEN_OIDC_CLIENT_ID = "tinh"
    settings.CITIZEN_OIDC_CLIENT_SECRET = "bi-mat"
    assert citizen_sign_in(None) == []
