"""System checks: the configured postal operator exists and is usable; the
sandbox post office is never left on a server (``check --deploy``)."""

from django.conf import settings
from django.core import checks

from eforms.postal.operators.registry import names


@checks.register()
def postal_operator(app_configs=None, **kwargs):
    backend = settings.POSTAL_BACKEND
    if backend != "none" and backend not in names():
        return [
            checks.Error(
                f"POSTAL_BACKEND={backend!r} is not a postal operator.",
                hint=f"Set POSTAL_BACKEND to one of: none, {', '.join(names())}.",
                id="postal.E001",
            )
        ]
    if backend == "http" and not (settings.POSTAL_API_URL and settings.POSTAL_API_KEY):
        return [
            checks.Error(
                "POSTAL_BACKEND=http needs POSTAL_API_URL and POSTAL_API_KEY.",
                hint="Set them to the values the postal operator gave, or POSTAL_BACKEND=none.",
                id="postal.E002",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def postal_deploy(app_configs=None, **kwargs):
    found = []
    if settings.POSTAL_BACKEND == "sandbox":
        found.append(
            checks.Warning(
                "The sandbox post office is mounted at /sandbox/buu-chinh/ and answers postal orders itself.",
                hint="Set POSTAL_BACKEND=http with the operator's POSTAL_API_URL and POSTAL_API_KEY, or none.",
                id="postal.W001",
            )
        )
    if settings.POSTAL_BACKEND == "http" and not settings.POSTAL_CALLBACK_SECRET:
        found.append(
            checks.Warning(
                "POSTAL_CALLBACK_SECRET is empty: the callback secret is derived from SECRET_KEY.",
                hint="Agree a secret with the postal operator and set POSTAL_CALLBACK_SECRET.",
                id="postal.W002",
            )
        )
    return found
