"""The models of the ``eforms`` app label, gathered from the sub-packages
that define them. Django needs this module: an app without one gets no
content types or permissions after a flush or migrate. Code imports models
from their own sub-package (``eforms.dossiers.models`` …), never from here."""

from eforms.dossiers.models import (
    ApologyLetter,
    AuditEvent,
    CalendarException,
    DailySequence,
    Dossier,
    DossierAttachment,
    DossierStatusChange,
    SupplementRequest,
)
from eforms.formdefs.models import FormVersion, ProcedureForm
from eforms.payments.models import PaymentTransaction
from eforms.processes.models import DossierStep, InternalProcess, InternalProcessStep
from eforms.ratings.models import DossierRating
from eforms.submission.models import DraftUpload, SubmissionDraft

__all__ = [
    "ApologyLetter",
    "AuditEvent",
    "CalendarException",
    "DailySequence",
    "Dossier",
    "DossierAttachment",
    "DossierRating",
    "DossierStatusChange",
    "DossierStep",
    "DraftUpload",
    "FormVersion",
    "InternalProcess",
    "InternalProcessStep",
    "PaymentTransaction",
    "ProcedureForm",
    "SubmissionDraft",
    "SupplementRequest",
]
