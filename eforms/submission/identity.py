"""Who is applying: the e-form's extension point for a signed-in identity.

The submission layer knows no account system. An app above it (the citizens'
accounts, ``eforms.citizens``) registers one provider at start-up; without one
every applicant is anonymous and the e-form is unchanged.

A provider answers, for a request and a draft:

- ``identity(request, draft)``: an ``ApplicantIdentity`` or ``None``;
- ``required_level(procedure)``: the level of assurance the procedure needs
  (0: none, anonymous submission allowed);
- ``refusal(request, procedure, draft=None)``: ``None`` or ``(message,
  sign-in URL)`` when this request may not submit the procedure;
- ``draft_started(request, draft)`` and ``dossier_submitted(request, draft, dossier)``;
- ``reuse(request, draft, field_name, upload_key)``: copy an earlier document
  of the applicant (one of ``ApplicantIdentity.reusable``) into the draft;
  ``None`` or a message.
"""

from dataclasses import dataclass, field

from eforms.formdefs.forms import answers_as_post


@dataclass(frozen=True)
class ApplicantIdentity:
    """Answers that came from the identity provider (locked: posted values
    are ignored) and the upload fields the applicant is not asked for."""

    answers: dict = field(default_factory=dict)
    skip_uploads: frozenset = frozenset()
    level: int = 0
    source: str = ""
    # ``{file field name: [{"uuid": …, "label": …}]}``: earlier documents the applicant may reuse
    reusable: dict = field(default_factory=dict)


class _Anonymous:
    def identity(self, request, draft):
        return None

    def required_level(self, procedure):
        return 0

    def refusal(self, request, procedure, draft=None):
        return None

    def draft_started(self, request, draft):
        return None

    def dossier_submitted(self, request, draft, dossier):
        return None

    def reuse(self, request, draft, field_name, upload_key):
        return None


_provider = _Anonymous()


def register(provider):
    global _provider
    _provider = provider


def provider():
    return _provider


def identity_for(request, draft):
    return _provider.identity(request, draft)


def locked_post(step, data, identity):
    """The step's POST data with the locked answers put back."""
    if identity is None or not identity.answers:
        return data
    data = data.copy()
    locked = answers_as_post(step, identity.answers)
    for key in locked:
        data.setlist(key, locked.getlist(key))
    return data


def lock_form(form, identity):
    """Show the identity provider's answers read-only on the step."""
    if identity is None:
        return form
    for name, bound_field in form.fields.items():
        if name in identity.answers:
            form.initial[name] = identity.answers[name]
            bound_field.disabled = True
            bound_field.widget.attrs["readonly"] = "readonly"
    return form


def with_identity(answers, identity):
    """Stored answers with the locked ones put back (submission re-validates these)."""
    if identity is None or not identity.answers:
        return dict(answers)
    return {**answers, **identity.answers}
