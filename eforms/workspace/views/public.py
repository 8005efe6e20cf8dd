"""The citizen's supplement upload page (link sent with the request)."""
import logging

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.models import SupplementRequest
from eforms.workspace.forms import CitizenSupplementForm
from eforms.workspace.services import TransitionError, check_supplement_token, receive_supplement

logger = logging.getLogger("eforms.workspace")


def _invalid(request, message, status):
    return render(request, "workspace/supplement_invalid.html", {"message": message}, status=status)


@require_http_methods(["GET", "POST"])
def supplement_upload(request, uuid, token):
    supplement_request = (
        SupplementRequest.objects.select_related("dossier", "dossier__agency").filter(uuid=uuid).first()
    )
    if supplement_request is None or not check_supplement_token(uuid, token):
        logger.info("event=supplement_link_invalid request=%s", uuid)
        return _invalid(request, _("Đường dẫn bổ sung hồ sơ không đúng hoặc không còn hiệu lực. Vui lòng kiểm tra lại thư điện tử hoặc tin nhắn đã nhận."), 404)
    dossier = supplement_request.dossier
    if supplement_request.fulfilled_at is not None or dossier.status != DossierStatus.SUPPLEMENT_REQUESTED:
        return render(
            request, "workspace/supplement_done.html",
            {"dossier": dossier, "supplement_request": supplement_request, "already": True},
            status=410 if supplement_request.fulfilled_at is None else 200,
        )
    error = None
    if request.method == "POST":
        form = CitizenSupplementForm(request.POST)
        if form.is_valid():
            try:
                receive_supplement(
                    dossier, request.FILES.getlist("files"), note=form.cleaned_data["note"],
                    supplement_request=supplement_request,
                )
            except TransitionError as exc:
                error = exc.message
            else:
                supplement_request.refresh_from_db()
                dossier.refresh_from_db()
                return render(
                    request, "workspace/supplement_done.html",
                    {"dossier": dossier, "supplement_request": supplement_request, "already": False},
                )
        else:
            error = " ".join(m for errors in form.errors.values() for m in errors)
    else:
        form = CitizenSupplementForm()
    return render(
        request, "workspace/supplement_upload.html",
        {"dossier": dossier, "supplement_request": supplement_request, "form": form, "error": error},
        status=400 if error else 200,
    )
