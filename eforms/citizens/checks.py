"""Deployment checks of citizen sign-in (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def citizen_sign_in(app_configs, **kwargs):
    found = []
    if settings.CITIZEN_OIDC_SANDBOX:
        found.append(
            checks.Warning(
                "The sandbox identity provider is on (CITIZEN_OIDC_SANDBOX=1): /sandbox-idp/ signs anyone in.",
                hint="Set CITIZEN_OIDC_SANDBOX=0 and the CITIZEN_OIDC_* values of the national portal's SSO.",
                id="citizens.W001",
            )
        )
        return found
    issuer = settings.CITIZEN_OIDC_ISSUER
    if issuer and not (settings.CITIZEN_OIDC_CLIENT_ID and settings.CITIZEN_OIDC_CLIENT_SECRET):
        found.append(
            checks.Error(
                "CITIZEN_OIDC_ISSUER is set but CITIZEN_OIDC_CLIENT_ID or CITIZEN_OIDC_CLIENT_SECRET is missing.",
                id="citizens.E001",
            )
        )
    if issuer and not issuer.startswith("https://"):
        found.append(checks.Warning("CITIZEN_OIDC_ISSUER is not an HTTPS URL.", id="citizens.W002"))
    return found
