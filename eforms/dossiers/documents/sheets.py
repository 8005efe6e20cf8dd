"""Old home of the submission sheet and the apology letter, kept while
``eforms.workspace.apology`` still imports from here; new code imports
from ``eforms.dossiers.documents``."""

from eforms.dossiers.documents.apology import apology_pdf
from eforms.dossiers.documents.submission import submission_pdf

__all__ = ["apology_pdf", "submission_pdf"]
