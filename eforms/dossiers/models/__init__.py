"""Models of the dossier core, one module per concern (tables of the
``eforms`` app label)."""

from .calendar import CalendarException
from .dossiers import DailySequence, Dossier, DossierAttachment, DossierStatusChange
from .fees import DossierFee
from .process import ApologyLetter, AuditAction, AuditEvent, SupplementRequest

__all__ = [
    "ApologyLetter",
    "AuditAction",
    "AuditEvent",
    "CalendarException",
    "DailySequence",
    "Dossier",
    "DossierAttachment",
    "DossierFee",
    "DossierStatusChange",
    "SupplementRequest",
]
