"""The apology letter for a late dossier."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from eforms.dossiers.audit import audit
from eforms.dossiers.deadlines import deadline_state
from eforms.dossiers.models import AuditAction
from eforms.workspace.access import leads
from eforms.workspace.apology import issue_apology
from eforms.workspace.forms import ApologyForm
from eforms.workspace.services import TransitionError
from eforms.workspace.views.common import forbidden, officer_required, visible_dossier_or_403
from eforms.workspace.views.dossier import private_file_response


SUGGESTED_EXTRA_WORKING_DAYS = 3


def suggested_date(dossier):
    """A first proposal: three working days after today or the current due date."""
    from django.utils import timezone

    from eforms.dossiers.deadlines import add_working_days

    start = max(filter(None, [timezone.now(), dossier.due_at]))
    return timezone.localtime(add_working_days(start, SUGGESTED_EXTRA_WORKING_DAYS)).date()


@require_http_methods(["GET", "POST"])
@officer_required
def apology(request, uuid):
    dossier, denied = visible_dossier_or_403(request, uuid, AuditAction.APOLOGY)
    if denied:
        return denied
    if not leads(request.user, dossier):
        audit(request, AuditAction.APOLOGY, dossier=dossier, allowed=False)
        return forbidden(request, _("Chỉ cơ quan chủ trì giải quyết hồ sơ được lập phiếu xin lỗi."))
    error = None
    if request.method == "POST":
        form = ApologyForm(request.POST, dossier=dossier)
        if form.is_valid():
            try:
                issue_apology(dossier, request.user, form.cleaned_data["new_date"], form.cleaned_data["reason"])
            except TransitionError as exc:
                error = exc.message
            else:
                audit(request, AuditAction.APOLOGY, dossier=dossier)
                messages.success(request, _("Đã lập phiếu xin lỗi, gửi cho công dân và cập nhật ngày hẹn trả mới."))
                return redirect("workspace:detail", uuid=dossier.uuid)
    else:
        form = ApologyForm(dossier=dossier, initial={"new_date": suggested_date(dossier)})
        audit(request, AuditAction.VIEW, dossier=dossier, target="apology-form")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "workspace/apology.html",
        {"dossier": dossier, "form": form, "error": error, "deadline": deadline_state(dossier)}, status=status,
    )


@require_GET
@officer_required
def apology_pdf(request, uuid, letter):
    dossier, denied = visible_dossier_or_403(request, uuid, AuditAction.APOLOGY, target=str(letter))
    if denied:
        return denied
    item = get_object_or_404(dossier.apology_letters, uuid=letter)
    audit(request, AuditAction.DOWNLOAD_FILE, dossier=dossier, target=f"phieu-xin-loi ({item.uuid})")
    return private_file_response(item.pdf.open("rb"), f"phieu-xin-loi-{dossier.code}.pdf", "application/pdf", inline=True)
