"""System checks of the national-portal connection (``manage.py check``)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from eforms.national.gateway import get_gateway, sync_enabled


@register(Tags.compatibility)
def check_national_portal(app_configs, **kwargs):
    problems = []
    if sync_enabled():
        configured, why_not = get_gateway().configured()
        if not configured:
            problems.append(Error(f"National portal synchronisation: {why_not}.", id="national.E001"))
    return problems


@register(Tags.security, deploy=True)
def check_national_portal_deploy(app_configs, **kwargs):
    if settings.NATIONAL_PORTAL_SANDBOX:
        return [
            Warning(
                "The national portal's sandbox receiver is on.",
                hint="Set NATIONAL_PORTAL_SANDBOX=0 and NATIONAL_PORTAL_URL to the LGSP adapter in production.",
                id="national.W001",
            )
        ]
    url = settings.NATIONAL_PORTAL_URL
    if url and not url.startswith("https://"):
        return [
            Warning(
                "NATIONAL_PORTAL_URL is not HTTPS: dossier data would cross the network in clear.",
                id="national.W002",
            )
        ]
    return []
