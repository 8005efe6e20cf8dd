"""``/api/v1/dossiers/``: dossier status by code + look-up secret.

No personal data: the procedure, status, due date, payment state and the
status history (status and time only). An unknown code and a wrong secret
answer the same 404; requests are rate-limited per client.
"""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from eforms.dossiers.constants import DossierStatus
from eforms.submission.services import find_dossier, public_history
from portal import ratelimit

router = Router()


class HistoryEntry(Schema):
    status: int
    label: str
    at: datetime


class DossierStatusOut(Schema):
    code: str
    procedure_code: str
    procedure_name: str
    status: int
    status_label: str
    received_at: datetime
    due_at: datetime | None
    payment_status: str
    payment_status_label: str
    history: list[HistoryEntry]


class ErrorOut(Schema):
    detail: str


@router.get("/status", response={200: DossierStatusOut, 404: ErrorOut, 429: ErrorOut}, summary="Tình trạng hồ sơ")
def dossier_status(request, code: str, secret: str):
    """Status of a dossier: its code and its look-up secret (mã tra cứu)."""
    if ratelimit.hit(request, "api_status"):
        raise HttpError(429, _("Ông/Bà đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."))
    dossier = find_dossier(code[:40], secret[:16])
    if dossier is None:
        return 404, {"detail": _("Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu đã nhập.")}
    return 200, {
        "code": dossier.code,
        "procedure_code": dossier.procedure_code,
        "procedure_name": dossier.procedure_name,
        "status": dossier.status,
        "status_label": str(DossierStatus(dossier.status).label),
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "payment_status": dossier.payment_status,
        "payment_status_label": str(dossier.get_payment_status_display()),
        "history": [{"status": h["status"], "label": str(h["label"]), "at": h["at"]} for h in public_history(dossier)],
    }
