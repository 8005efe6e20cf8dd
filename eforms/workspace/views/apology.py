"""The apology letter for a late dossier."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from eforms.dossiers.audit import audit
from eforms.dossiers.deadlines import deadline_state
from eforms.dossiers.models import AuditAction
from eforms.workspace import actions
from eforms.workspace.access import Refused
from eforms.workspace.apology import suggested_date
from eforms.workspace.services import TransitionError
from eforms.workspace.views.common import dossier_view, private_file_response, refused


@require_http_methods(["GET", "POST"])
@dossier_view(AuditAction.APOLOGY)
def apology(request, dossier):
    try:
        chosen = actions.authorize(request.user, dossier, "apology")
    except Refused as refusal:
        return refused(request, refusal, AuditAction.APOLOGY)
    error = None
    if request.method == "POST":
        form = chosen.form(request.POST, dossier=dossier)
        if form.is_valid():
            try:
                actions.perform("apology", dossier, request.user, form.cleaned_data)
            except TransitionError as exc:
                error = exc.message
            else:
                audit(request, chosen.audit, dossier=dossier)
                messages.success(request, chosen.message)
                return redirect("workspace:detail", uuid=dossier.uuid)
    else:
        form = chosen.form(dossier=dossier, initial={"new_date": suggested_date(dossier)})
        audit(request, AuditAction.VIEW, dossier=dossier, target="apology-form")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workspace/apology.html",
        {"dossier": dossier, "form": form, "error": error, "deadline": deadline_state(dossier)},
        status=status,
    )


@require_GET
@dossier_view(AuditAction.APOLOGY, target="letter")
def apology_pdf(request, dossier, letter):
    item = get_object_or_404(dossier.apology_letters, uuid=letter)
    audit(request, AuditAction.DOWNLOAD_FILE, dossier=dossier, target=f"phieu-xin-loi ({item.uuid})")
    return private_file_response(
        item.pdf.open("rb"), f"phieu-xin-loi-{dossier.code}.pdf", "application/pdf", inline=True
    )
