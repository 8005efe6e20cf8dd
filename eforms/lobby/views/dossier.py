"""A citizen's own dossier at the kiosk: look it up by scanning the QR code
of the receipt (``BarcodeDetector`` where the browser has it) or by typing
the code and the look-up secret, and rate a returned dossier. These pages
are ``no-store``, their fields have no autocomplete, and the idle timer
wipes them off the screen."""

import structlog
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from eforms.lobby.views.common import kiosk_render
from eforms.ratings import services as ratings
from eforms.ratings.forms import CodeForm, RatingForm
from eforms.submission.forms import LookupForm
from eforms.submission.services import find_dossier, public_history
from portal import ratelimit

log = structlog.get_logger(__name__)

NOT_FOUND = _(
    "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu đã nhập. Vui lòng kiểm tra lại hai mã in trên giấy tiếp nhận."
)
TOO_MANY = _("Ông/Bà đã thao tác quá nhiều lần. Vui lòng thử lại sau ít phút.")
RATING_MESSAGES = {
    ratings.NOT_FOUND: NOT_FOUND,
    ratings.NOT_RETURNED: _(
        "Hồ sơ chưa được trả kết quả. Ông/Bà có thể đánh giá mức độ hài lòng sau khi nhận kết quả giải quyết."
    ),
    ratings.ALREADY_RATED: _(
        "Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần; đánh giá trước được giữ nguyên."
    ),
}
RATING_STATUS = {ratings.NOT_FOUND: 403, ratings.NOT_RETURNED: 409, ratings.ALREADY_RATED: 409}


@require_GET
def lookup(request):
    form = LookupForm(request.GET or None)
    dossier, error, status = None, None, 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        if ratelimit.hit(request, "lookup"):
            error, status = TOO_MANY, 429
        else:
            dossier = find_dossier(form.cleaned_data["ma"], form.cleaned_data["mtc"])
            if dossier is None:
                error, status = NOT_FOUND, 404
    context = {
        "form": LookupForm() if dossier else form,
        "dossier": dossier,
        "history": public_history(dossier) if dossier else [],
        "can_rate": dossier is not None and ratings.refusal(dossier) is None,
        "error": error,
    }
    return kiosk_render(request, "lobby/kiosk/lookup.html", context, status, private=True)


def _rating_page(request, context, status=200):
    return kiosk_render(request, "lobby/kiosk/rate.html", context, status, private=True)


@require_http_methods(["GET", "POST"])
def rate(request):
    """The ``/danh-gia/`` flow of ``eforms.ratings`` in the kiosk frame."""
    data = request.POST if request.method == "POST" else request.GET
    if "ma" not in data and "mtc" not in data:
        return _rating_page(request, {"code_form": CodeForm()})
    if ratelimit.hit(request, "rating"):
        return _rating_page(request, {"code_form": CodeForm(), "error": TOO_MANY}, 429)
    code_form = CodeForm(data)
    dossier = ratings.find_dossier(data.get("ma", "")[:40], data.get("mtc", "")[:16]) if code_form.is_valid() else None
    reason = ratings.refusal(dossier)
    if reason == ratings.ALREADY_RATED and request.method == "GET" and request.GET.get("cam-on") == "1":
        return _rating_page(request, {"done": True})
    if reason:
        log.info("kiosk_rating_refused", reason=reason)
        form = CodeForm() if reason == ratings.NOT_FOUND else None
        return _rating_page(request, {"code_form": form, "error": RATING_MESSAGES[reason]}, RATING_STATUS[reason])
    if request.method == "GET":
        form = RatingForm(initial={"ma": dossier.code, "mtc": dossier.lookup_secret})
        return _rating_page(request, {"dossier": dossier, "form": form})
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _rating_page(request, {"dossier": dossier, "form": form}, 400)
    try:
        ratings.rate(dossier, form.scores(), form.cleaned_data["comment"])
    except ratings.RatingRefused as refused:
        return _rating_page(request, {"error": RATING_MESSAGES[refused.reason]}, RATING_STATUS[refused.reason])
    query = {"ma": dossier.code, "mtc": dossier.lookup_secret, "cam-on": "1"}
    return redirect(f"{reverse('lobby:rate')}?{urlencode(query)}")
