"""The public verification page ``/xac-thuc-van-ban/``: upload a PDF, read
who signed it, when, and whether it is intact and trusted. Rate-limited
(scope ``verify_signature``); the upload is read into memory, checked and
dropped: nothing is stored."""

import structlog
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from portal import ratelimit
from portal.signing import conf
from portal.signing.forms import VerifyForm, too_large_message
from portal.signing.uploads import LimitedUploadHandler
from portal.signing.verify import UnreadablePdf, verify_pdf

log = structlog.get_logger(__name__)
TEMPLATE = "signing/verify.html"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def verify(request):
    """The size limit goes first, before anything reads the body; then the
    CSRF check (Django's "modifying upload handlers on the fly")."""
    limiter = LimitedUploadHandler(request, limit=conf.max_upload_bytes())
    if request.method == "POST":
        request.upload_handlers.insert(0, limiter)
    return _verify(request, limiter)


def _page(request, form, status=200, **context):
    context = {"form": form, "sandbox": conf.backend() == "sandbox", **context}
    response = render(request, TEMPLATE, context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _check(request, form):
    upload = form.cleaned_data["file"]
    try:
        data = upload.read()
    finally:
        upload.close()
    try:
        report = verify_pdf(data)
    except UnreadablePdf as error:
        log.info("signature_verify_unreadable", size=len(data), error=str(error)[:200])
        form.add_error("file", _("Không đọc được tệp PDF này: tệp bị hỏng hoặc đã được mã hóa."))
        return _page(request, form, status=400)
    log.info(
        "signature_verified",
        size=len(data),
        signatures=len(report.signatures),
        ok=report.ok,
    )
    return _page(request, VerifyForm(), report=report)


@csrf_protect
def _verify(request, limiter):
    if request.method != "POST":
        return _page(request, VerifyForm())
    if ratelimit.hit(request, "verify_signature"):
        return _page(request, VerifyForm(), status=429, limited=True)
    form = VerifyForm(request.POST, request.FILES)
    if limiter.too_large:
        form.errors["file"] = form.error_class([too_large_message()])
        return _page(request, form, status=413)
    if not form.is_valid():
        return _page(request, form, status=400)
    return _check(request, form)
