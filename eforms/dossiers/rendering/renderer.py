"""``AnswerRenderer``: the answers of a dossier (or of a draft) as
sections of (label, value) rows, in the order of the form version they were
given with."""

from dataclasses import dataclass, field

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from eforms.dossiers.rendering.values import EMPTY, Mode, answer_text, carry, machine_value
from eforms.formdefs import divisions
from eforms.formdefs.schema import DISPLAY_TYPES, condition_met

SKIP_KEYS = {"csrfmiddlewaretoken"}
ADDRESS_PARTS = ("province", "ward", "street")


@dataclass(frozen=True)
class Row:
    """One answer; unpacks as ``(label, value)``."""

    name: str
    label: str
    value: object  # in the renderer's mode
    text: str  # the one text of the answer, whatever the mode
    kind: str = ""

    def __iter__(self):
        return iter((self.label, self.value))


@dataclass
class Section:
    """The answers of one step (``number`` counts from 1)."""

    key: str
    title: str
    number: int
    rows: list = field(default_factory=list)


def _key_label(key):
    return capfirst(str(key).replace("_", " ").strip())


def _label(text):
    return _(text) if text else ""


class AnswerRenderer:
    """Render ``answers`` given with ``schema`` (a form version's schema,
    or None for data without one) in ``mode``.

    ``files`` maps a file field's name to the names of its files.
    """

    def __init__(self, schema, answers, *, files=None, mode=Mode.TEXT):
        self.schema = schema if isinstance(schema, dict) and "steps" in schema else None
        self.answers = answers if isinstance(answers, dict) else {}
        self.raw = answers
        self.files = files or {}
        self.mode = Mode(mode)

    @classmethod
    def for_dossier(cls, dossier, mode=Mode.TEXT):
        version = dossier.form_version if dossier.form_version_id else None
        schema = getattr(version, "schema", None)
        return cls(schema, dossier.form_data or {}, files=_dossier_files(dossier, schema), mode=mode)

    @classmethod
    def for_draft(cls, draft, uploads, mode=Mode.CITIZEN_HTML):
        """``uploads``: field name → uploads (``uploads_by_field(draft)``)."""
        files = {name: [u.original_name for u in items] for name, items in uploads.items()}
        return cls(draft.form_version.schema, draft.data or {}, files=files, mode=mode)

    # --- rows ---------------------------------------------------------------

    def row(self, name, label, value, kind=""):
        text = answer_text(value, kind or None)
        data = None if text == EMPTY else machine_value(value)
        return Row(name=name, label=label, value=carry(text, data, self.mode), text=text, kind=kind)

    def _field_row(self, spec):
        name, kind = spec["name"], spec["type"]
        value = self.answers.get(name)
        if kind == "file":
            value = self.files.get(name) or []
        elif kind == "address" and _blank_address(value):
            parts = [self.answers.get(f"{name}_{part}") for part in ADDRESS_PARTS]
            value = divisions.format_address(parts[2], parts[1], parts[0]) if parts[0] else None
        return self.row(name, _label(spec.get("label")) or _key_label(name), value, kind)

    def sections(self):
        """The form's steps with their visible answers."""
        if self.schema is None:
            return [Section(key="data", title="", number=1, rows=self._extra_rows(set()))]
        sections = []
        for number, step in enumerate(self.schema["steps"], start=1):
            section = Section(key=step.get("key") or f"step{number}", title=_label(step.get("title")), number=number)
            for spec in step["fields"]:
                if spec["type"] in DISPLAY_TYPES or not spec.get("name"):
                    continue
                if not condition_met(spec, self.answers):
                    continue
                section.rows.append(self._field_row(spec))
            sections.append(section)
        return sections

    def _extra_rows(self, named):
        """Answers the form does not name (counter dossiers store
        ``{"key": {"label": …, "value": …}}``)."""
        rows = []
        for key, value in self.answers.items():
            if key in named or key in SKIP_KEYS:
                continue
            if isinstance(value, dict) and "label" in value and "value" in value:
                rows.append(self.row(key, str(value["label"]), value["value"]))
            else:
                rows.append(self.row(key, _key_label(key), value))
        return rows

    def rows(self):
        """Every row in order; the officer's mode, the documents and the
        exports also get the answers the form does not name."""
        if not isinstance(self.raw, dict):
            return [self.row("", _("Dữ liệu"), self.raw)]
        sections = self.sections()
        rows = [row for section in sections for row in section.rows]
        if self.schema is None or self.mode == Mode.CITIZEN_HTML:
            return rows
        return rows + self._extra_rows(self._named())

    def _named(self):
        named = set()
        for step in self.schema["steps"]:
            for spec in step["fields"]:
                name = spec.get("name")
                if not name:
                    continue
                named.add(name)
                if spec["type"] == "address":
                    named.update(f"{name}_{part}" for part in ADDRESS_PARTS)
        return named

    def __iter__(self):
        return iter(self.rows())


def _blank_address(value):
    return value in (None, "")


def _dossier_files(dossier, schema):
    """File field name → names of the dossier's submitted files for it,
    matched by component (or, without one, by the component's name)."""
    if not isinstance(schema, dict) or "steps" not in schema or dossier.pk is None:
        return {}
    attachments = [a for a in dossier.attachments.all() if a.kind in ("submission", "counter_scan")]
    files = {}
    for step in schema["steps"]:
        for spec in step["fields"]:
            if spec["type"] != "file" or not spec.get("name"):
                continue
            component_id = spec.get("component_id")
            component_name = spec.get("component_name") or spec.get("label")
            files[spec["name"]] = [
                a.original_name
                for a in sorted(attachments, key=lambda a: a.pk)
                if (component_id and a.component_id == component_id) or a.component_name == component_name
            ]
    return files
