"""``/tra-cuu-ho-so/``: status look-up by dossier code + look-up secret.

An unknown code and a wrong secret get the same neutral message; both the
page and the API are rate-limited per client.
"""

import structlog
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from eforms.submission.forms import LookupForm
from eforms.submission.services import find_dossier, public_history
from eforms.submission.views.common import rate_limited

log = structlog.get_logger(__name__)
NEUTRAL = gettext_lazy(
    "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu đã nhập. Vui lòng kiểm tra lại hai mã in trên giấy tiếp nhận."
)


@require_GET
def track(request):
    form = LookupForm(request.GET or None)
    dossier = None
    error = None
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        if rate_limited(request, "lookup"):
            error, status = _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."), 429
        else:
            dossier = find_dossier(form.cleaned_data["ma"], form.cleaned_data["mtc"])
            if dossier is None:
                error, status = NEUTRAL, 404
                log.info("lookup_miss")
    response = render(
        request,
        "eforms/track.html",
        {
            "form": form,
            "dossier": dossier,
            "history": public_history(dossier) if dossier else [],
            "error": error,
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response
