"""``/danh-gia/``: the citizen rates a returned dossier once.

Reached from the status-10 notification and the tracking page with
``?ma=<code>&mtc=<secret>``; without them the page asks for both. An unknown
code and a wrong secret get the same answer (403); a dossier not yet
returned or already rated gets its reason (409), the first rating kept.
"""

import structlog
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from eforms.ratings import services
from eforms.ratings.constants import CRITERIA
from eforms.ratings.forms import CodeForm, RatingForm
from portal import ratelimit

log = structlog.get_logger(__name__)

NEUTRAL = gettext_lazy(
    "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu đã nhập, hoặc đường dẫn đánh giá không đúng. "
    "Vui lòng kiểm tra lại hai mã in trên giấy tiếp nhận hồ sơ."
)
MESSAGES = {
    services.NOT_FOUND: NEUTRAL,
    services.NOT_RETURNED: gettext_lazy(
        "Hồ sơ chưa được trả kết quả. Ông/Bà có thể đánh giá mức độ hài lòng sau khi nhận kết quả giải quyết."
    ),
    services.ALREADY_RATED: gettext_lazy(
        "Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần; đánh giá trước được giữ nguyên."
    ),
}
STATUS = {services.NOT_FOUND: 403, services.NOT_RETURNED: 409, services.ALREADY_RATED: 409}


def _render(request, context, status=200):
    response = render(request, "ratings/rate.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _anchor(form, name):
    if name not in form.fields or name in ("ma", "mtc"):
        return "#danh-gia"
    field = form[name]
    return f"#{field.auto_id}_0" if name in CRITERIA else f"#{field.auto_id}"


def _error_summary(form):
    return [(_anchor(form, name), message) for name, errors in form.errors.items() for message in errors]


def _code_page(request, form, error=None, status=200):
    return _render(request, {"code_form": form, "error": error}, status)


@require_http_methods(["GET", "POST"])
def rate(request):
    data = request.POST if request.method == "POST" else request.GET
    if "ma" not in data and "mtc" not in data:
        return _code_page(request, CodeForm())
    if ratelimit.hit(request, "rating"):
        return _code_page(
            request, CodeForm(), _("Ông/Bà đã thao tác quá nhiều lần. Vui lòng thử lại sau ít phút."), 429
        )
    code_form = CodeForm(data)
    dossier = services.find_dossier(data.get("ma", "")[:40], data.get("mtc", "")[:16]) if code_form.is_valid() else None
    reason = services.refusal(dossier)
    if reason == services.ALREADY_RATED and request.method == "GET":
        return _render(request, {"dossier": dossier, "done": True, "thanks": request.GET.get("cam-on") == "1"})
    if reason:
        log.info("rating_refused", reason=reason)
        if reason == services.NOT_FOUND:
            return _code_page(
                request, code_form if code_form.is_bound else CodeForm(), MESSAGES[reason], STATUS[reason]
            )
        return _render(request, {"dossier": dossier, "error": MESSAGES[reason]}, STATUS[reason])
    if request.method == "GET":
        form = RatingForm(initial={"ma": dossier.code, "mtc": dossier.lookup_secret})
        return _render(request, {"dossier": dossier, "form": form})
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _render(request, {"dossier": dossier, "form": form, "error_summary": _error_summary(form)}, 400)
    try:
        services.rate(dossier, form.scores(), form.cleaned_data["comment"])
    except services.RatingRefused as refused:
        return _render(request, {"dossier": dossier, "error": MESSAGES[refused.reason]}, STATUS[refused.reason])
    query = {"ma": dossier.code, "mtc": dossier.lookup_secret, "cam-on": "1"}
    if request.GET.get("lang"):
        query["lang"] = request.GET["lang"][:5]
    return redirect(f"{reverse('ratings:rate')}?{urlencode(query)}")
