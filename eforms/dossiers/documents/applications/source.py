"""What an application form is printed from: the procedure, its
application-form component, who it is addressed to and the answers, from a
submitted dossier or from a draft (the preview).

The answers come from the one renderer (``eforms.dossiers.rendering``, text
mode): dates dd/mm/yyyy, choices by their label, addresses composed. A blank
answer is ``None`` here, printed as a dotted line by the layouts.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone

from eforms.dossiers.documents.issuer import issuer_of
from eforms.dossiers.rendering import AnswerRenderer, Mode
from eforms.dossiers.rendering.values import EMPTY

#: what the attachment is called when the procedure names no application form
FALLBACK_COMPONENT_NAME = "Tờ khai (tạo từ biểu mẫu điện tử)"
#: longest answer printed (a pasted book still prints, in bounded time)
MAX_ANSWER_CHARS = 4000
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(value):
    """Printable text of an answer: control characters (NUL …) dropped,
    Unicode composed (so "ệ" is one glyph), bounded length; None when blank."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", CONTROL.sub("", str(value))).strip()
    if not text or text == EMPTY:
        return None
    if len(text) > MAX_ANSWER_CHARS:
        text = text[:MAX_ANSWER_CHARS].rstrip() + " …"
    return text


@dataclass(frozen=True)
class Answer:
    name: str
    label: str
    text: str | None
    kind: str = ""


@dataclass
class ApplicationSource:
    """Everything a layout reads; ``answers`` in the e-form's order."""

    procedure_code: str
    procedure_name: str
    recipient: str  # "Kính gửi: …"
    place: str  # "Làm tại: …"
    answers: list = field(default_factory=list)
    component: object = None  # the ProcedureComponent generated from the e-form, or None
    procedure: object = None
    dossier_code: str = ""
    made_at: object = None  # when it was submitted; None for a preview
    preview: bool = False

    def __post_init__(self):
        self.answers = [
            a if a.text is None else Answer(a.name, a.label, clean_text(a.text), a.kind) for a in self.answers
        ]
        self._by_name = {}
        for answer in self.answers:
            self._by_name.setdefault(answer.name, answer)
        self.used = set()
        self.aliases = {}

    @property
    def component_name(self):
        return self.component.name if self.component is not None else FALLBACK_COMPONENT_NAME

    @property
    def template_name(self):
        return getattr(self.component, "template_name", "") or ""

    def lookup(self, *names):
        """``(name, text)`` of the first of ``names`` answered, or
        ``(None, None)``; every one of ``names`` the e-form has is marked
        printed (an empty answer prints as the dotted line)."""
        for name in names:
            answer = self._by_name.get(self.aliases.get(name, name)) or self._by_name.get(name)
            if answer is None:
                continue
            self.used.add(answer.name)
            if answer.text:
                return name, answer.text
        return None, None

    def value(self, *names):
        """The text of the first of ``names`` answered, or None."""
        return self.lookup(*names)[1]

    def provide(self, name, text):
        """An answer derived from others (a date in words) for the field
        ``name``, when the e-form gave none."""
        if text and not (self._by_name.get(name) and self._by_name[name].text):
            answer = Answer(name=name, label=name, text=clean_text(text))
            self.answers.append(answer)
            self._by_name[name] = answer
            self.used.add(name)

    def alias(self, name, answered_by):
        """Let the official field ``name`` read the answer ``answered_by``
        when the e-form has no field of that name (the applicant is one
        of the parties of a two-party form)."""
        if name not in self._by_name:
            self.aliases[name] = answered_by

    def others(self):
        """The answers no official field printed, in the e-form's order
        (files are components of their own, not part of the form)."""
        return [a for a in self.answers if a.name not in self.used and a.kind != "file" and a.text]


def application_component(procedure):
    """The component of ``procedure`` filled in on the e-form: the first one
    for every applicant, else the first at all; None when there is none."""
    if procedure is None:
        return None
    try:
        components = [c for c in procedure.components.all() if c.generated_from_eform]
    except (AttributeError, ValueError):
        return None
    components.sort(key=lambda c: (c.sort_order if c.sort_order is not None else 0, c.pk or 0))
    general = [c for c in components if not (c.case_group or "").strip()]
    return (general or components or [None])[0]


def answers_from_rows(rows):
    return [Answer(name=row.name, label=row.label, text=clean_text(row.text), kind=row.kind) for row in rows]


def _where(agency):
    who = issuer_of(agency)
    return who.display_name, who.place


def source_for_dossier(dossier):
    procedure = dossier.procedure if dossier.procedure_id else None
    agency = dossier.agency or (procedure.agency if procedure is not None else None)
    recipient, place = _where(agency)
    rows = AnswerRenderer.for_dossier(dossier, Mode.TEXT).rows()
    return ApplicationSource(
        procedure_code=dossier.procedure_code,
        procedure_name=dossier.procedure_name,
        recipient=recipient,
        place=place,
        answers=answers_from_rows(rows),
        component=application_component(procedure),
        procedure=procedure,
        dossier_code=dossier.code,
        made_at=dossier.received_at or timezone.now(),
    )


def source_for_draft(draft, uploads):
    """The preview of a draft; ``uploads``: field name → uploads."""
    procedure = draft.procedure
    recipient, place = _where(procedure.agency)
    rows = AnswerRenderer.for_draft(draft, uploads, Mode.TEXT).rows()
    return ApplicationSource(
        procedure_code=procedure.code,
        procedure_name=procedure.title,
        recipient=recipient,
        place=place,
        answers=answers_from_rows(rows),
        component=application_component(procedure),
        procedure=procedure,
        preview=True,
    )
