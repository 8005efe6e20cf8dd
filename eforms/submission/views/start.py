"""``/nop-ho-so/<code>/``: start a draft; save it and get a resume link (by
e-mail, SMS or both); ask for new links from a phone number or an e-mail
address; reopen a draft from its link; and the ward list of a province (for the address
field without a page reload)."""

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from eforms.formdefs import divisions
from eforms.formdefs.schema import current_version
from eforms.submission import identity
from eforms.submission.forms import ResumeContactForm
from eforms.submission.services import (
    draft_for_resume,
    needs_online_payment,
    open_drafts,
    resend_resume_links,
    send_resume_link,
    start_draft,
)
from eforms.submission.views.common import (
    confirmation_url,
    draft_page,
    find_procedure,
    rate_limited,
    remember_draft,
    session_drafts,
    too_many,
    unavailable,
)


@require_http_methods(["GET", "POST"])
def start(request, code):
    procedure, error = find_procedure(request, code)
    if error:
        return error
    # a procedure that requires a level of identity assurance: signed-in citizens only
    refusal = identity.provider().refusal(request, procedure)
    if request.method == "POST":
        if rate_limited(request, "draft"):
            return too_many(request)
        if refusal:
            return render(
                request,
                "eforms/assurance_required.html",
                {"procedure": procedure, "message": refusal[0], "sign_in_url": refusal[1]},
                status=403,
            )
        draft = start_draft(procedure)
        remember_draft(request, draft)
        identity.provider().draft_started(request, draft)
        return redirect("eforms:step", procedure.code, draft.uuid, 1)
    return render(
        request,
        "eforms/start.html",
        {
            "procedure": procedure,
            "schema": current_version(procedure).schema,
            "open_drafts": open_drafts(procedure, session_drafts(request)),
            "pay_online": needs_online_payment(procedure),
            "components": procedure.components.all(),
            "assurance_refusal": refusal,
        },
    )


@require_http_methods(["GET", "POST"])
def save(request, code, draft_uuid):
    procedure, draft, response = draft_page(request, code, draft_uuid, while_open=False)
    if response:
        return response
    sent = None
    if request.method == "POST":
        form = ResumeContactForm(request.POST)
        if form.is_valid():
            if rate_limited(request, "resume_email"):
                return too_many(request)
            sent = send_resume_link(draft, email=form.cleaned_data["email"], phone=form.cleaned_data["phone"])
    else:
        form = ResumeContactForm(
            initial={
                "email": draft.email or draft.data.get("applicant_email") or "",
                "phone": draft.phone or draft.data.get("applicant_phone") or "",
            }
        )
    return render(
        request,
        "eforms/save.html",
        {
            "procedure": procedure,
            "draft": draft,
            "form": form,
            "sent": sent,
            "first_step_url": reverse("eforms:step", args=[procedure.code, draft.uuid, 1]),
        },
    )


@require_http_methods(["GET", "POST"])
def resume_request(request, code):
    """ "Tiếp tục hồ sơ đang soạn": new resume links to the drafts saved for
    this phone number or e-mail address. The answer is the same whether a
    draft matches or not; the requests are rate-limited per address."""
    procedure, error = find_procedure(request, code)
    if error:
        return error
    sent = False
    form = ResumeContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "resume_email"):
            return too_many(request)
        resend_resume_links(procedure, email=form.cleaned_data["email"], phone=form.cleaned_data["phone"])
        sent = True
    return render(request, "eforms/resume_request.html", {"procedure": procedure, "form": form, "sent": sent})


@require_GET
def resume(request, draft_uuid, token):
    draft = draft_for_resume(draft_uuid, token)
    if draft is None:
        return unavailable(
            request,
            _("Đường dẫn tiếp tục không hợp lệ"),
            _("Đường dẫn tiếp tục nộp hồ sơ không đúng hoặc đã hết hiệu lực."),
            status=404,
        )
    remember_draft(request, draft)
    if draft.dossier_id:
        return redirect(confirmation_url(draft.dossier))
    return redirect("eforms:step", draft.procedure.code, draft.uuid, 1)


@require_GET
def wards(request, province):
    return JsonResponse(
        {"province": divisions.province_name(province), "wards": divisions.wards_of(province)},
        json_dumps_params={"ensure_ascii": False},
    )
