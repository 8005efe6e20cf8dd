"""The admin's "Nhập thủ tục" page: upload a JSON/CSV/XLSX file, preview the
report (dry run), then confirm to import it whole."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from .catalogue_io import import_procedures
from .catalogue_io.uploads import LimitedUploadHandler, too_large_message
from .forms import ImportUploadForm
from .models import ProcedureIndexPage
from .permissions import user_may_import_catalogue

SESSION_KEY = "content_catalogue_import"


def _catalogue():
    return ProcedureIndexPage.objects.first()


def import_permissions(user):
    """(may preview, may write) for a user: one rule for both
    (``content.permissions.user_may_import_catalogue``)."""
    may_import = user_may_import_catalogue(user, _catalogue())
    return may_import, may_import


def _stash_dir():
    path = Path(settings.PRIVATE_STORAGE_ROOT) / "catalogue-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@csrf_exempt
def import_view(request):
    """Permission first, then the streaming size limit installed before
    anything reads the body, then the CSRF check (Django's "modifying upload
    handlers on the fly")."""
    may_import, may_write = import_permissions(request.user)
    if not may_import:
        raise PermissionDenied
    limiter = LimitedUploadHandler(request)
    request.upload_handlers.insert(0, limiter)
    return _import_view(request, limiter, may_write)


@csrf_protect
def _import_view(request, limiter, may_write):
    report = None
    stashed = request.session.get(SESSION_KEY)
    form = ImportUploadForm(initial={"dry_run": True})

    if request.method == "POST" and request.POST.get("confirm") and stashed:
        path = _stash_dir() / stashed["token"]
        if not path.exists():
            request.session.pop(SESSION_KEY, None)
            return redirect(request.path)
        report = import_procedures(str(path), filename=stashed["filename"], user=request.user)
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
        stashed = None
    elif request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if limiter.too_large:  # the file was dropped: say why, not "required"
            form.errors["file"] = form.error_class([too_large_message()])
            request.session.pop(SESSION_KEY, None)
            stashed = None
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            dry_run = form.cleaned_data["dry_run"] or not may_write
            report = import_procedures(upload, filename=upload.name, dry_run=dry_run, user=request.user)
            stashed = None
            request.session.pop(SESSION_KEY, None)
            if dry_run and report.ok and may_write and (report.created or report.updated):
                token = secrets.token_urlsafe(24)
                upload.seek(0)
                with open(_stash_dir() / token, "wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                stashed = {"token": token, "filename": os.path.basename(upload.name)}
                request.session[SESSION_KEY] = stashed
    return TemplateResponse(
        request,
        "content/admin/import_procedures.html",
        {
            "page_title": _("Nhập thủ tục"),
            "header_title": _("Nhập thủ tục"),
            "header_icon": "upload",
            "form": form,
            "report": report,
            "stashed": stashed,
            "may_write": may_write,
        },
    )
