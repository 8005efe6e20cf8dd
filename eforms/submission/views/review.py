"""``/nop-ho-so/<code>/<draft>/xem-lai/``: review every answer, then submit."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from eforms.dossiers.documents.applications import (
    FALLBACK_COMPONENT_NAME,
    application_component,
    application_pdf,
    source_for_draft,
)
from eforms.dossiers.rendering import AnswerRenderer, Mode
from eforms.postal.forms import PostalChoiceForm
from eforms.postal.services import PostalError, choice_of, initial_choice, postal_enabled, quote_choice, save_choice
from eforms.submission import identity as applicant_identity
from eforms.submission.services import SubmissionError, needs_online_payment, submit_draft, uploads_by_field
from eforms.submission.services.fees import draft_fee
from eforms.submission.views.common import (
    confirmation_url,
    draft_page,
    progress,
    rate_limited,
    too_many,
)


def _review_sections(draft):
    renderer = AnswerRenderer.for_draft(draft, uploads_by_field(draft), Mode.CITIZEN_HTML)
    return [
        {
            "title": section.title,
            "rows": section.rows,
            "key": section.key,
            "url": reverse("eforms:step", args=[draft.procedure.code, draft.uuid, section.number]),
        }
        for section in renderer.sections()
    ]


@require_http_methods(["GET", "POST"])
def review(request, code, draft_uuid):
    procedure, draft, response = draft_page(request, code, draft_uuid)
    if response:
        return response
    submit_error = None
    step_errors = {}
    # the postal choice, when the deployment has a postal operator (``POSTAL_BACKEND``)
    postal_form = PostalChoiceForm(initial=initial_choice(draft)) if postal_enabled() else None
    if request.method == "POST":
        if rate_limited(request, "submit"):
            return too_many(request)
        if postal_form is not None:
            postal_form = PostalChoiceForm(request.POST)
            if not postal_form.is_valid():
                return _render_review(request, procedure, draft, postal_form, status=400)
            save_choice(draft, postal_form.cleaned_data)
            if request.POST.get("postal_action") == "quote":
                return _render_review(request, procedure, draft, postal_form)
        # a procedure that requires a level of identity assurance: signed-in citizens only
        refusal = applicant_identity.provider().refusal(request, procedure, draft)
        try:
            if refusal:
                raise SubmissionError(refusal[0], "assurance")
            result = submit_draft(
                draft.pk,
                submit_token=request.POST.get("submit_token", ""),
                form_version_id=request.POST.get("form_version", ""),
                declaration=request.POST.get("declaration") == "on",
                identity=applicant_identity.identity_for(request, draft),
            )
        except SubmissionError as exc:
            submit_error = exc
            step_errors = exc.step_errors
        else:
            applicant_identity.provider().dossier_submitted(request, draft, result.dossier)
            return redirect(confirmation_url(result.dossier))
    return _render_review(
        request, procedure, draft, postal_form, submit_error, step_errors, status=400 if submit_error else 200
    )


def _render_review(request, procedure, draft, postal_form, submit_error=None, step_errors=None, status=200):
    sections = _review_sections(draft)
    for section in sections:
        section["errors"] = (step_errors or {}).get(section["key"], [])
    fee = draft_fee(draft)
    try:
        postage, postal_error = quote_choice(choice_of(draft)), ""
    except PostalError as error:
        postage, postal_error = [], str(error)
    postage_total = sum(line.amount for line in postage)
    return render(
        request,
        "eforms/review.html",
        {
            "procedure": procedure,
            "draft": draft,
            "sections": sections,
            "progress": progress(draft, "review"),
            "declaration": _(draft.form_version.schema.get("declaration") or ""),
            "submit_error": submit_error,
            "pay_online": needs_online_payment(procedure) or bool(postage_total),
            "fee": fee,
            "application_name": _application_name(procedure),
            "postal_form": postal_form,
            "postal_error": postal_error,
            "postage_lines": postage,
            "grand_total": (fee.quote.total if fee.quote else 0) + postage_total if postage_total else 0,
        },
        status=status,
    )


def _application_name(procedure):
    component = application_component(procedure)
    return component.name if component is not None else _(FALLBACK_COMPONENT_NAME)


@require_GET
def application_preview(request, code, draft_uuid):
    """The application form the dossier will carry, printed from the
    draft's answers (a preview: marked so, not a document to file); only
    for the session that owns the draft, like every draft page."""
    procedure, draft, response = draft_page(request, code, draft_uuid)
    if response:
        return response
    if rate_limited(request, "step"):
        return too_many(request)
    content = application_pdf(source_for_draft(draft, uploads_by_field(draft)))
    reply = HttpResponse(content, content_type="application/pdf")
    reply["Content-Disposition"] = 'inline; filename="ban-xem-truoc-to-khai.pdf"'
    reply["Cache-Control"] = "private, no-store"
    reply["X-Content-Type-Options"] = "nosniff"
    return reply
