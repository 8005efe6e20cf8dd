"""``/tra-cuu-ho-so/``: status look-up by dossier code + look-up secret.

An unknown code and a wrong secret get the same neutral message; both the
page and the API are rate-limited per client. The page found shows what the
status needs: what is missing and the upload form (status 5, ``#bo-sung``),
the result files to download (status 10, ``#ket-qua``). A link with only
the code (``?ma=``, the old supplement link) opens the form with the code
filled in, asking for the look-up secret.
"""

import structlog
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from eforms.payments.window import window_state
from eforms.postal.services import parcels_of
from eforms.submission.forms import LookupForm
from eforms.submission.services import find_dossier, public_history
from eforms.submission.services.results import result_files
from eforms.submission.services.supplement import open_supplement
from eforms.submission.views.common import confirmation_url, rate_limited

log = structlog.get_logger(__name__)
NEUTRAL = gettext_lazy(
    "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu đã nhập. Vui lòng kiểm tra lại hai mã in trên giấy tiếp nhận."
)
ASK_SECRET = gettext_lazy(
    "Vui lòng nhập mã tra cứu (8 ký tự in trên giấy tiếp nhận hồ sơ, gửi kèm thư điện tử và tin nhắn) "
    "để xem hồ sơ và nộp bổ sung."
)


def tracking_context(form, dossier, **extra):
    return {
        "form": form,
        "dossier": dossier,
        "history": public_history(dossier) if dossier else [],
        "supplement": open_supplement(dossier),
        "results": result_files(dossier),
        # an unpaid full-online dossier: time left, the payment page, the one extension
        "payment_window": window_state(dossier) if dossier else None,
        "payment_page_url": confirmation_url(dossier) if dossier else "",
        # the parcels of the public postal service, with their status history
        "parcels": parcels_of(dossier),
        **extra,
    }


def render_tracking(request, context, status=200):
    response = render(request, "eforms/track.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def track(request):
    notice = None
    if set(request.GET) == {"ma"}:
        # the code alone: fill it in, ask for the secret (not an error)
        form = LookupForm(initial={"ma": request.GET["ma"][:40]})
        notice = ASK_SECRET
    else:
        form = LookupForm(request.GET or None)
    dossier = None
    error = None
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        if rate_limited(request, "lookup"):
            error, status = _("Ông/Bà đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."), 429
        else:
            dossier = find_dossier(form.cleaned_data["ma"], form.cleaned_data["mtc"])
            if dossier is None:
                error, status = NEUTRAL, 404
                log.info("lookup_miss")
    done = dossier is not None and request.GET.get("da-bo-sung") == "1"
    context = tracking_context(form, dossier, error=error, notice=notice, supplement_done=done)
    return render_tracking(request, context, status=status)
