"""The public side of ``/phan-anh-kien-nghi/``: the form, the sender's status
page (code + secret) and the list of published answers.

Anti-abuse without a CAPTCHA: a rate limit per client address (scopes
``feedback_submit`` and ``feedback_lookup``), a honeypot field, size limits
(a request over ``FEEDBACK_MAX_REQUEST_BYTES`` is refused before it is read;
a text over its limit is an error on the form with what was typed kept),
markup and control characters removed, moderation before publication."""

import structlog
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from content.text import fold
from eforms.feedback import services
from eforms.feedback.constants import PUBLIC_PAGE_SIZE
from eforms.feedback.forms import FeedbackForm
from eforms.feedback.models import Feedback
from portal import ratelimit

log = structlog.get_logger(__name__)
FORM_TEMPLATE = "feedback/form.html"


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _error_summary(form):
    return [(f"#{form[name].auto_id}", message) for name, errors in form.errors.items() for message in errors]


def _form_page(request, form, *, error=None, status=200):
    context = {"form": form, "error": error, "error_summary": _error_summary(form) if form.is_bound else []}
    context["answer_days"] = services.answer_days()
    return _private(render(request, FORM_TEMPLATE, context, status=status))


def _too_big(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.FEEDBACK_MAX_REQUEST_BYTES


def _lang_query(request):
    lang = (request.GET.get("lang") or "")[:5]
    return {"lang": lang} if lang in ("vi", "en") else {}


@require_http_methods(["GET", "POST"])
def submit(request):
    if request.method == "GET":
        return _form_page(request, FeedbackForm())
    if _too_big(request):
        log.info("feedback_refused", reason="too_big", length=request.META.get("CONTENT_LENGTH"))
        return _form_page(
            request,
            FeedbackForm(),
            error=_(
                "Nội dung gửi quá lớn (tối đa 5.000 ký tự cho phần nội dung). Vui lòng rút gọn nội dung rồi gửi lại."
            ),
            status=413,
        )
    form = FeedbackForm(request.POST)
    if form.robot:
        log.info("feedback_refused", reason="honeypot")
        return _form_page(
            request,
            FeedbackForm(),
            error=_(
                "Không gửi được phản ánh: một ô dành cho kiểm tra tự động đã được điền. "
                "Nếu Ông/Bà điền biểu mẫu bằng tay, vui lòng tải lại trang và gửi lại."
            ),
            status=400,
        )
    if ratelimit.hit(request, "feedback_submit"):
        return _form_page(
            request,
            form,
            error=_("Ông/Bà đã gửi quá nhiều phản ánh trong thời gian ngắn. Vui lòng thử lại sau ít phút."),
            status=429,
        )
    if not form.is_valid():
        return _form_page(request, form, status=400)
    data = form.cleaned_data
    dossier = None
    if data["dossier_code"] and data["dossier_secret"]:
        dossier = services.find_dossier(data["dossier_code"], data["dossier_secret"])
        if dossier is None:
            form.add_error(
                "dossier_secret",
                _(
                    "Mã hồ sơ hoặc mã tra cứu không đúng. Vui lòng kiểm tra hai mã in trên giấy tiếp nhận, "
                    "hoặc để trống mã tra cứu để gửi phản ánh không gắn với hồ sơ."
                ),
            )
            return _form_page(request, form, status=400)
    item = services.submit(
        kind=data["kind"],
        subject=data["subject"],
        content=data["content"],
        dossier=dossier,
        dossier_code_given=data["dossier_code"],
        procedure=data["procedure"],
        agency=data["agency"],
        contact=form.contact(),
    )
    query = {"ma": item.code, "mtc": item.lookup_secret, "moi": "1", **_lang_query(request)}
    return redirect(f"{reverse('feedback:status')}?{urlencode(query)}")


@require_GET
def status(request):
    """The sender's page: state, deadline and, once approved, the answer."""
    context = {"code": (request.GET.get("ma") or "")[:24], "secret": ""}
    if "ma" not in request.GET and "mtc" not in request.GET:
        return _private(render(request, "feedback/status.html", context))
    if ratelimit.hit(request, "feedback_lookup"):
        context["error"] = _("Ông/Bà đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.")
        return _private(render(request, "feedback/status.html", context, status=429))
    item = services.find_item(request.GET.get("ma"), (request.GET.get("mtc") or "")[:16])
    if item is None:
        context["error"] = _(
            "Không tìm thấy phản ánh với mã phản ánh và mã tra cứu đã nhập. Vui lòng kiểm tra lại hai mã."
        )
        return _private(render(request, "feedback/status.html", context, status=404))
    context.update(item=item, new=request.GET.get("moi") == "1", deadline=item.deadline())
    return _private(render(request, "feedback/status.html", context))


def published_items(query):
    """Published items matching ``query`` without diacritics, newest first."""
    items = Feedback.objects.published().select_related("agency").order_by("-published_at", "-id")
    words = fold(query.replace("\x00", " ")).split()[:8]  # PostgreSQL text refuses NUL
    for word in words:
        items = items.filter(Q(public_folded__contains=word))
    return items


@require_GET
def answers(request):
    query = " ".join((request.GET.get("q") or "").split())[:100]
    paginator = Paginator(published_items(query), PUBLIC_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = {"q": query} if query else {}
    return render(
        request,
        "feedback/answers.html",
        {"page": page, "query": query, "page_query": urlencode(params), "count": paginator.count},
    )


@require_GET
def answer_detail(request, code):
    item = get_object_or_404(Feedback.objects.published().select_related("agency"), code=code.upper()[:24])
    return render(request, "feedback/answer_detail.html", {"item": item})
