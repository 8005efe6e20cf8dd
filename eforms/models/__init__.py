"""Models of the e-forms package. Re-exported here; one module per concern."""
from .dossiers import DailySequence, Dossier, DossierAttachment, DossierStatusChange

__all__ = ["DailySequence", "Dossier", "DossierAttachment", "DossierStatusChange"]
