"""Models of the e-forms package. Re-exported here; one module per concern."""
from .calendar import CalendarException
from .dossiers import DailySequence, Dossier, DossierAttachment, DossierStatusChange
from .drafts import DraftUpload, SubmissionDraft
from .forms import FormVersion, ProcedureForm
from .payments import PaymentTransaction

__all__ = [
    "CalendarException",
    "DailySequence",
    "Dossier",
    "DossierAttachment",
    "DossierStatusChange",
    "DraftUpload",
    "FormVersion",
    "PaymentTransaction",
    "ProcedureForm",
    "SubmissionDraft",
]
