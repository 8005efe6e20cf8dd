"""Finding a submitted dossier from what the citizen holds: its code and
look-up secret (tracking page, API) or the link with its UUID and secret
(confirmation, receipt, payment). A wrong secret and an unknown dossier
look the same."""

from eforms.dossiers.codes import lookup_secret_matches
from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.models import Dossier


def find_dossier(code, secret):
    """By code and look-up secret, or None (a code with a NUL byte, which
    PostgreSQL refuses in a query, is no code)."""
    code = (code or "").strip().upper()
    if "\x00" in code:
        return None
    dossier = Dossier.objects.filter(code=code).select_related("procedure", "agency").first()
    if dossier is None or not lookup_secret_matches(secret, dossier.lookup_secret):
        return None
    return dossier


def dossier_by_link(dossier_uuid, secret):
    """By the UUID and secret of a confirmation link, or None."""
    dossier = Dossier.objects.filter(uuid=dossier_uuid).select_related("procedure", "agency").first()
    if dossier is None or not lookup_secret_matches(secret, dossier.lookup_secret):
        return None
    return dossier


def public_history(dossier):
    """The status history without personal data: status, label and time."""
    return [
        {"status": change.to_status, "label": DossierStatus(change.to_status).label, "at": change.created_at}
        for change in dossier.history.all()
    ]
