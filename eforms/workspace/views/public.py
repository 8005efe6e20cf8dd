"""The citizen's supplement upload page (link sent with the request)."""

import structlog
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eforms.workspace.forms import CitizenSupplementForm
from eforms.workspace.services import (
    TransitionError,
    link_is_spent,
    receive_supplement,
    supplement_request_for_link,
)
from eforms.workspace.views.common import form_errors

log = structlog.get_logger(__name__)


def _invalid(request, message, status):
    return render(request, "workspace/supplement_invalid.html", {"message": message}, status=status)


def _done(request, dossier, supplement_request, *, already, status=200):
    return render(
        request,
        "workspace/supplement_done.html",
        {"dossier": dossier, "supplement_request": supplement_request, "already": already},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def supplement_upload(request, uuid, token):
    supplement_request = supplement_request_for_link(uuid, token)
    if supplement_request is None:
        log.info("supplement_link_invalid", supplement_request=str(uuid))
        return _invalid(
            request,
            _(
                "Đường dẫn bổ sung hồ sơ không đúng hoặc không còn hiệu lực. "
                "Vui lòng kiểm tra lại thư điện tử hoặc tin nhắn đã nhận."
            ),
            404,
        )
    dossier = supplement_request.dossier
    if link_is_spent(supplement_request):
        status = 410 if supplement_request.fulfilled_at is None else 200
        return _done(request, dossier, supplement_request, already=True, status=status)
    error = None
    if request.method == "POST":
        form = CitizenSupplementForm(request.POST)
        if form.is_valid():
            try:
                receive_supplement(
                    dossier,
                    request.FILES.getlist("files"),
                    note=form.cleaned_data["note"],
                    supplement_request=supplement_request,
                )
            except TransitionError as exc:
                error = exc.message
            else:
                supplement_request.refresh_from_db()
                dossier.refresh_from_db()
                return _done(request, dossier, supplement_request, already=False)
        else:
            error = form_errors(form)
    else:
        form = CitizenSupplementForm()
    return render(
        request,
        "workspace/supplement_upload.html",
        {"dossier": dossier, "supplement_request": supplement_request, "form": form, "error": error},
        status=400 if error else 200,
    )
