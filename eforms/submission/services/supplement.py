"""What the tracking page shows a citizen whose dossier waits for a
supplement (status 5): the officer's items, one per line (one per dossier
component asked for), the deadline and when it was asked. The upload itself
is the officer-side rule ``eforms.workspace.services.receive_supplement``,
reached from the tracking page with the look-up secret."""

from dataclasses import dataclass, field
from datetime import datetime

from eforms.dossiers.constants import DossierStatus


@dataclass(frozen=True)
class OpenSupplement:
    items: list = field(default_factory=list)
    requested_at: datetime | None = None
    deadline_at: datetime | None = None


def _item_lines(text):
    lines = [line.strip(" \t-•*") for line in (text or "").splitlines()]
    return [line for line in lines if line]


def open_supplement(dossier):
    """The open request as the citizen reads it, or ``None``."""
    if dossier is None or dossier.status != DossierStatus.SUPPLEMENT_REQUESTED:
        return None
    request = dossier.supplement_requests.filter(fulfilled_at__isnull=True).order_by("-requested_at").first()
    if request is None:
        return None
    return OpenSupplement(
        items=_item_lines(request.items),
        requested_at=request.requested_at,
        deadline_at=getattr(request, "deadline_at", None),
    )
