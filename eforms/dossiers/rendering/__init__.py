"""The one renderer of a dossier's answers (model: open-forms
``submissions/rendering``).

``AnswerRenderer`` is built from a dossier (``for_dossier``) or from a
draft and the schema of its form version (``for_draft``) and yields rows
``(label, value)`` in the order of the form, grouped by step in
``sections()``. The text of an answer is the same everywhere (dates
dd/mm/yyyy, Có/Không, choices by their label, addresses composed, files by
name, labels translated); the mode only decides how it is carried:

- ``Mode.CITIZEN_HTML`` — the citizen's review page (escaped, line breaks);
- ``Mode.OFFICER_HTML`` — the officer's detail page, plus the answers the
  form does not name;
- ``Mode.TEXT`` — the PDF documents;
- ``Mode.CELL`` — a CSV / XLSX cell, safe against formula injection;
- ``Mode.JSON`` — the machine value (ISO dates, booleans, choice values).

A new output is a new mode, never a second copy of the formatting rules.
"""

from eforms.dossiers.rendering.renderer import AnswerRenderer, Row, Section
from eforms.dossiers.rendering.values import Mode, answer_text, neutralize

__all__ = ["AnswerRenderer", "Mode", "Row", "Section", "answer_text", "form_data_rows", "neutralize"]


def form_data_rows(dossier, mode=Mode.TEXT):
    """The dossier's answers as ``(label, value)`` pairs in ``mode``."""
    return [tuple(row) for row in AnswerRenderer.for_dossier(dossier, mode).rows()]
